import type { Protocol } from '../contract/index.ts';
import type { UsbSettings } from '../policy/usb.ts';
import type { ConnectionSpec } from '../sessions/types.ts';
import type { UsbDevice } from './device.ts';
import { planRdp, type RdpPlan } from './plan-rdp.ts';
import { planSpice, type SpicePlan } from './plan-spice.ts';
import { planDevices, type Choices, type PlannedDevice } from './planned.ts';

export type UsbPlan = { protocol: 'rdp'; devices: PlannedDevice[]; rdp: RdpPlan } | { protocol: 'spice'; devices: PlannedDevice[]; spice: SpicePlan };

/** The plan for a session about to start: the present devices decided, and what the engine is told. */
export function planSession(protocol: Protocol, devices: readonly UsbDevice[], settings: UsbSettings, choices: Choices): UsbPlan {
  const planned = planDevices(devices, settings, choices);
  switch (protocol) {
    case 'rdp':
      return { protocol, devices: planned, rdp: planRdp(settings, planned, choices) };
    case 'spice':
      return { protocol, devices: planned, spice: planSpice(settings, planned, choices) };
    default: {
      const never: never = protocol;
      throw new Error(`unknown protocol ${String(never)}`);
    }
  }
}

/** Who takes the devices at connect: the plan as the engine's settings, on a copy of the spec. */
export function withUsbPlan(spec: ConnectionSpec, plan: UsbPlan): ConnectionSpec {
  if (spec.protocol === 'rdp' && plan.protocol === 'rdp') {
    const { usb: _brokers, ...rest } = spec;
    return plan.rdp.entries.length > 0 ? { ...rest, usb: plan.rdp.entries } : rest;
  }
  if (spec.protocol === 'spice' && plan.protocol === 'spice') {
    const { enabled, autoshare, filter, redirectOnConnect } = plan.spice;
    return { ...spec, usb: { enabled, autoshare, filter, ...(redirectOnConnect ? { redirectOnConnect } : {}) } };
  }
  throw new Error(`a ${plan.protocol} USB plan for a ${spec.protocol} session`);
}
