import { usbClassNames, type UsbClassRef } from '../policy/usb.ts';
import type { UsbDevice, UsbInterface } from './device.ts';

/** A class as policy names it (a number or a name) -> the class code. */
export function classCode(ref: UsbClassRef): number {
  return typeof ref === 'number' ? ref : usbClassNames[ref];
}

const names = new Map<number, string>(Object.entries(usbClassNames).map(([name, code]) => [code, name]));

/** `mass-storage (0x08)`, for the admin. */
export function className(code: number): string {
  const hex = `0x${code.toString(16).padStart(2, '0')}`;
  return names.has(code) ? `${names.get(code)} (${hex})` : hex;
}

/** What kind of thing it is, for words and icons in the UI. */
export type DeviceKind =
  | 'keyboard'
  | 'mouse'
  | 'hub'
  | 'storage'
  | 'audio'
  | 'video'
  | 'printer'
  | 'smartcard'
  | 'phone'
  | 'input'
  | 'wireless'
  | 'other';

/** Interface-level triples that HID boot devices announce (HID 1.11, 4.2). */
export const BOOT_KEYBOARD = { class: 0x03, subclass: 0x01, protocol: 0x01 } as const;
export const BOOT_MOUSE = { class: 0x03, subclass: 0x01, protocol: 0x02 } as const;

export function hasInterface(device: UsbDevice, want: { class: number; subclass?: number; protocol?: number }): boolean {
  const same = (c: number, s: number, p: number) =>
    c === want.class && (want.subclass === undefined || s === want.subclass) && (want.protocol === undefined || p === want.protocol);
  return (
    same(device.deviceClass, device.deviceSubclass, device.deviceProtocol) ||
    device.interfaces.some((i) => same(i.class, i.subclass, i.protocol))
  );
}

/**
 * The class triples a usbredir filter looks at, and so the ones policy rules match: the device
 * descriptor's (unless 0x00 or 0xef, "see the interfaces"), then each interface's, leaving out
 * non-boot HID interfaces of multi-interface devices (a headset's volume buttons are not what
 * makes it a headset) unless every interface is one. Same passes as usbredirfilter_check.
 */
export function classPasses(device: UsbDevice): { class: number; subclass: number; protocol: number; level: 'device' | 'interface' }[] {
  const out: ReturnType<typeof classPasses> = [];
  if (device.deviceClass !== 0x00 && device.deviceClass !== 0xef) {
    out.push({ class: device.deviceClass, subclass: device.deviceSubclass, protocol: device.deviceProtocol, level: 'device' });
  }
  const skip = (i: UsbInterface) => device.interfaces.length > 1 && i.class === 0x03 && i.subclass === 0 && i.protocol === 0;
  const counted = device.interfaces.every(skip) ? device.interfaces : device.interfaces.filter((i) => !skip(i));
  for (const i of counted) out.push({ ...i, level: 'interface' });
  return out;
}

const kindByClass: [number, DeviceKind][] = [
  [0x08, 'storage'],
  [0x0b, 'smartcard'],
  [0x07, 'printer'],
  [0x0e, 'video'],
  [0x01, 'audio'],
  [0x06, 'phone'],
  [0xe0, 'wireless'],
  [0x03, 'input'],
];

export function deviceKind(device: UsbDevice): DeviceKind {
  if (hasInterface(device, BOOT_KEYBOARD)) return 'keyboard';
  if (hasInterface(device, BOOT_MOUSE)) return 'mouse';
  if (hasInterface(device, { class: 0x09 })) return 'hub';
  const passes = classPasses(device);
  for (const [code, kind] of kindByClass) if (passes.some((p) => p.class === code)) return kind;
  return 'other';
}
