import type { UsbSettings } from '../policy/usb.ts';
import type { UsbDevice } from './device.ts';
import type { Choices, PlannedDevice } from './planned.ts';

/**
 * RDP (FreeRDP 2.11's urbdrc channel, the same settings for the native engine and xfreerdp):
 * one `RdpConnection.usb` entry, `addr,dev:BUS:ADDR#...[,auto]` in hex as urbdrc reads them.
 * - The devices redirected at connect go by address: exactly those, never another of the model.
 * - `auto`: urbdrc then takes devices plugged in mid-session by itself, except (its own fixed
 *   filter) audio, HID, mass storage, hub and smart-card devices — it looks at the interfaces
 *   only of class-0 devices. Because urbdrc applies no rules of ours, `auto` is planned only
 *   where policy would allow everything it can take: onPlug "redirect", default "allow", no deny
 *   rule and no "keep it here" choice. FreeRDP 2 has no way to add one chosen device to a running
 *   session: any other device waits for the next connect.
 */
export interface RdpPlan {
  entries: string[];
  auto: boolean;
  atConnect: string[];
  notes: string[];
}

/** The classes urbdrc's `auto` never takes (channels/urbdrc/client/libusb/libusb_udevman.c). */
const URBDRC_AUTO_SKIPS = new Set([0x01, 0x03, 0x08, 0x09, 0x0b]);

/** Whether urbdrc's `auto` would take this device when it is plugged in. */
export function urbdrcAutoTakes(device: UsbDevice): boolean {
  if (URBDRC_AUTO_SKIPS.has(device.deviceClass)) return false;
  if (device.deviceClass === 0x00 && device.interfaces.some((i) => URBDRC_AUTO_SKIPS.has(i.class))) return false;
  return true;
}

const hex2 = (n: number) => n.toString(16).padStart(2, '0');

export function planRdp(settings: UsbSettings, devices: readonly PlannedDevice[], choices: Choices): RdpPlan {
  if (!settings.enabled) return { entries: [], auto: false, atConnect: [], notes: ['USB redirection is off (usb.enabled)'] };
  const notes: string[] = [];
  const going = devices.filter((d) => d.status === 'redirected');
  const anyLocalChoice = [...choices.values()].includes('local');
  const auto = settings.onPlug === 'redirect' && settings.default === 'allow' && !settings.rules.some((r) => r.action === 'deny') && !anyLocalChoice;
  if (settings.onPlug === 'redirect' && !auto) {
    notes.push('devices plugged in mid-session wait for the next connect: urbdrc\'s "auto" would apply none of the deny rules or choices');
  }
  if (auto) notes.push('urbdrc "auto" takes devices plugged in mid-session, except audio, HID, storage, hub and smart-card ones');
  const parts: string[] = [];
  if (going.length > 0) parts.push('addr', `dev:${going.map((d) => `${hex2(d.device.bus)}:${hex2(d.device.address)}`).join('#')}`);
  if (auto) parts.push('auto');
  return { entries: parts.length > 0 ? [parts.join(',')] : [], auto, atConnect: going.map((d) => d.device.id), notes };
}
