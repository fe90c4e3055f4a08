import { z } from 'zod';
import { UsbClassRef } from '../policy/usb.ts';
import { classCode } from './classes.ts';
import { deviceId, hex4, type UsbDevice } from './device.ts';

/**
 * A list of devices in a file, for `thinshell usb plan --devices FILE`: what a terminal has or
 * might have. `thinshell usb list --json` prints the same shape, so a real terminal's list can be
 * planned elsewhere. Either `{"devices": [...]}` (other top-level keys are ignored) or a bare list.
 */
const Byte = z.number().int().min(0).max(255);
const Hex4 = z.string().regex(/^(0x)?[0-9A-Fa-f]{4}$/, 'four hex digits, e.g. "0781"');
const Text = z.string().max(256);

export const DeviceEntry = z
  .object({
    /** Default 1. */
    bus: z.number().int().min(1).max(255).optional(),
    /** Default: the entry's position + 1 (urbdrc's `addr` list needs one). */
    address: z.number().int().min(1).max(127).optional(),
    /** Port path from the root hub, e.g. [1, 4] for 1-1.4. */
    ports: z.array(z.number().int().min(1).max(255)).max(7).optional(),
    vendor: Hex4,
    product: Hex4,
    /** bcdDevice, e.g. "0100". */
    version: Hex4.optional(),
    class: UsbClassRef.optional(),
    subclass: Byte.optional(),
    protocol: Byte.optional(),
    manufacturer: Text.optional(),
    name: Text.optional(),
    serial: Text.optional(),
    interfaces: z.array(z.object({ class: UsbClassRef, subclass: Byte.default(0), protocol: Byte.default(0) }).strict()).max(32).default([]),
  })
  .strict();
export type DeviceEntry = z.input<typeof DeviceEntry>;

const List = z.array(DeviceEntry).max(256);
export const DevicesFile = z.union([z.object({ devices: List }).passthrough(), List]);

export function devicesFromFile(data: unknown): { ok: true; devices: UsbDevice[] } | { ok: false; problems: string[] } {
  const parsed = DevicesFile.safeParse(data);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.slice(0, 20).map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`) };
  }
  const list = Array.isArray(parsed.data) ? parsed.data : parsed.data.devices;
  const devices = list.map((e, index) => {
    const bus = e.bus ?? 1;
    const address = e.address ?? index + 1;
    const ports = e.ports ?? [];
    return {
      id: deviceId(bus, address, ports),
      bus,
      address,
      ports,
      vendorId: parseInt(e.vendor, 16),
      productId: parseInt(e.product, 16),
      version: e.version ? parseInt(e.version, 16) : 0x0100,
      deviceClass: e.class === undefined ? 0 : classCode(e.class),
      deviceSubclass: e.subclass ?? 0,
      deviceProtocol: e.protocol ?? 0,
      interfaces: e.interfaces.map((i) => ({ class: classCode(i.class), subclass: i.subclass, protocol: i.protocol })),
      ...(e.manufacturer ? { manufacturer: e.manufacturer } : {}),
      ...(e.name ? { product: e.name } : {}),
      ...(e.serial ? { serial: e.serial } : {}),
    } satisfies UsbDevice;
  });
  const ids = new Set<string>();
  for (const d of devices) {
    if (ids.has(d.id)) return { ok: false, problems: [`two devices at ${d.id}: give each its own bus/address or ports`] };
    ids.add(d.id);
  }
  return { ok: true, devices };
}

/** A device as a devices-file entry (what `usb list --json` prints). */
export function deviceEntry(d: UsbDevice): z.output<typeof DeviceEntry> {
  return {
    bus: d.bus,
    address: d.address,
    ports: d.ports,
    vendor: hex4(d.vendorId),
    product: hex4(d.productId),
    version: hex4(d.version),
    class: d.deviceClass,
    subclass: d.deviceSubclass,
    protocol: d.deviceProtocol,
    ...(d.manufacturer ? { manufacturer: d.manufacturer } : {}),
    ...(d.product ? { name: d.product } : {}),
    ...(d.serial ? { serial: d.serial } : {}),
    interfaces: d.interfaces.map((i) => ({ ...i })),
  };
}
