import type { UsbSettings } from '../policy/usb.ts';
import { decide, type Verdict } from './decide.ts';
import { choiceKey, type UsbDevice } from './device.ts';
import type { UsbPlan } from './plan.ts';
import { urbdrcAutoTakes } from './plan-rdp.ts';
import { spiceSharesOnPlug } from './plan-spice.ts';
import type { Choices } from './planned.ts';
import { statusOf, type UsbChoice, type UsbStatus } from './status.ts';
import { parseFilter, type FilterRule } from './usbredir-filter.ts';

/** The session a plan was made for: what its engine was told, and which devices were there. */
export interface RunningSession {
  plan: UsbPlan;
  settings: UsbSettings;
  /** Devices there when it started (the others were plugged in during it). */
  present: ReadonlySet<string>;
  /** Devices handed to the engine at connect. */
  atConnect: ReadonlySet<string>;
  /** The plug-in filter, parsed once (SPICE). */
  plugRules: FilterRule[];
}

export function runningSession(plan: UsbPlan, settings: UsbSettings, devices: readonly UsbDevice[]): RunningSession {
  const atConnect = plan.protocol === 'rdp' ? plan.rdp.atConnect : plan.spice.atConnect;
  const parsed = plan.protocol === 'spice' ? parseFilter(plan.spice.filter) : undefined;
  return {
    plan,
    settings,
    present: new Set(devices.map((d) => d.id)),
    atConnect: new Set(atConnect),
    plugRules: parsed?.ok ? parsed.rules : [],
  };
}

/** Whether the running session's engine takes this device by itself when it is plugged in. */
export function engineTakesOnPlug(session: RunningSession, device: UsbDevice): boolean {
  const { plan } = session;
  if (plan.protocol === 'rdp') return plan.rdp.auto && urbdrcAutoTakes(device);
  return spiceSharesOnPlug(plan.spice, session.plugRules, device);
}

/** One device now: the verdict, the status (what really happened), and a choice still to apply. */
export interface LiveDevice {
  device: UsbDevice;
  verdict: Verdict;
  status: UsbStatus;
  choice?: UsbChoice;
  /** The status came from the engine (it took the device by itself), not from a rule or choice. */
  byEngine: boolean;
  /** The device would be redirected at connect, but SPICE cannot single it out. */
  ambiguous: boolean;
  /** A choice that the running session does not have: it applies at the next connect. */
  pending: boolean;
}

/**
 * What is true of each device now. Without a session: what would happen at the next connect.
 * With one: what the engine was told at connect, or (plugged in since) what the policy and the
 * engine's own plug-in behaviour make of it. A choice made mid-session never changes a running
 * session (neither engine can add or release one device while it runs): it is pending.
 */
export function liveDevices(devices: readonly UsbDevice[], settings: UsbSettings, choices: Choices, session: RunningSession | undefined): LiveDevice[] {
  const s = session?.settings ?? settings;
  return devices.map((device) => {
    const verdict = decide(device, s);
    const choice = verdict.kind === 'allow' ? choices.get(choiceKey(device)) : undefined;
    const base = { device, verdict, ...(choice ? { choice } : {}) };
    if (!session) return { ...base, status: statusOf(verdict, s.onConnect, choice), byEngine: false, ambiguous: false, pending: false };
    let status: UsbStatus;
    let byEngine = false;
    let ambiguous = false;
    if (session.present.has(device.id)) {
      const planned = statusOf(verdict, s.onConnect, choice);
      if (session.atConnect.has(device.id)) status = 'redirected';
      else if (planned === 'redirected') {
        // Decided for the desktop, but not handed over at connect (SPICE could not single it out,
        // or the choice came after the start): it waits for the next connect.
        ambiguous = session.plan.protocol === 'spice' && session.plan.spice.ambiguous.includes(device.id);
        status = 'offered';
      } else status = planned;
    } else if (engineTakesOnPlug(session, device)) {
      status = 'redirected';
      byEngine = true;
    } else {
      const wanted = statusOf(verdict, s.onPlug, choice);
      status = wanted === 'redirected' ? 'offered' : wanted;
    }
    const pending = choice !== undefined && (status === 'redirected') !== (choice === 'redirect');
    return { ...base, status, byEngine, ambiguous, pending };
  });
}
