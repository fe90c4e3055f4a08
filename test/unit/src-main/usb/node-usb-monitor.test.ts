import { EventEmitter } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../../src-main/common/log.ts';
import { openNodeUsbMonitor, type NodeUsbDevice, type NodeUsbModule } from '../../../../src-main/usb/node-usb-monitor.ts';
import type { UsbEvent } from '../../../../src-main/usb/monitor.ts';

let sys: string;
let lines: string[];
const log = () => createLogger('t', { level: 'debug', write: (l) => lines.push(l) });

beforeEach(async () => {
  sys = await mkdtemp(join(tmpdir(), 'thinshell-sysfs-'));
  lines = [];
});
afterEach(() => rm(sys, { recursive: true, force: true }));

function nodeDevice(bus: number, address: number, ports: number[], cls: number, ifaces: [number, number, number][], vid = 0x0781, pid = 0x5581): NodeUsbDevice {
  return {
    busNumber: bus,
    deviceAddress: address,
    portNumbers: ports,
    deviceDescriptor: { idVendor: vid, idProduct: pid, bcdDevice: 0x0100, bDeviceClass: cls, bDeviceSubClass: 0, bDeviceProtocol: 0 },
    configDescriptor: { interfaces: ifaces.map(([c, s, p]) => [{ bInterfaceClass: c, bInterfaceSubClass: s, bInterfaceProtocol: p }]) },
  };
}

/** node-usb's shape: an EventEmitter module with a device list and hotplug switches. */
class FakeNodeUsb extends EventEmitter implements NodeUsbModule {
  unrefs = 0;
  constructor(
    public devices: NodeUsbDevice[],
    public hotplug = true,
  ) {
    super();
  }
  getDeviceList() {
    return this.devices;
  }
  _supportedHotplugEvents() {
    return this.hotplug;
  }
  unrefHotplugEvents() {
    this.unrefs++;
  }
}

async function sysfsDevice(name: string, files: Record<string, string>) {
  await mkdir(join(sys, 'bus/usb/devices', name), { recursive: true });
  for (const [f, text] of Object.entries(files)) await writeFile(join(sys, 'bus/usb/devices', name, f), text);
}

describe('openNodeUsbMonitor', () => {
  it('no USB subsystem: no devices, one log line, and node-usb is never loaded', async () => {
    let loads = 0;
    const m = await openNodeUsbMonitor({ log: log(), sysRoot: sys, load: async () => (loads++, new FakeNodeUsb([])) });
    expect(m.status()).toEqual({ available: false, hotplug: false, reason: 'no-subsystem' });
    expect(m.list()).toEqual([]);
    expect(loads).toBe(0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/no USB subsystem; no devices/);
    m.close();
  });

  it('libusb that cannot start (load throws, or INIT_ERROR): no devices and one warning', async () => {
    await mkdir(join(sys, 'bus/usb'), { recursive: true });
    const a = await openNodeUsbMonitor({ log: log(), sysRoot: sys, load: async () => Promise.reject(new Error('LIBUSB_ERROR_OTHER')) });
    expect(a.status()).toMatchObject({ available: false, reason: 'libusb-failed', detail: 'LIBUSB_ERROR_OTHER' });
    const broken = Object.assign(new FakeNodeUsb([]), { INIT_ERROR: -99 });
    const b = await openNodeUsbMonitor({ log: log(), sysRoot: sys, load: async () => broken });
    expect(b.status()).toMatchObject({ available: false, reason: 'libusb-failed' });
    const throwing = new FakeNodeUsb([]);
    throwing.getDeviceList = () => {
      throw new Error('boom');
    };
    const c = await openNodeUsbMonitor({ log: log(), sysRoot: sys, load: async () => throwing });
    expect(c.list()).toEqual([]);
    expect(lines.filter((l) => / warn /.test(l))).toHaveLength(3);
  });

  it('lists devices with ids, classes, interfaces and sysfs strings; leaves out root hubs', async () => {
    await sysfsDevice('1-1.4', { manufacturer: 'SanDisk\n', product: 'Ultra\u0007 \n', serial: '4C53000123\n' });
    const usb = new FakeNodeUsb([
      nodeDevice(1, 1, [], 9, [[9, 0, 0]], 0x1d6b, 0x0002),
      nodeDevice(1, 7, [1, 4], 0, [[8, 6, 80]]),
      nodeDevice(2, 3, [2], 0, [[3, 1, 1], [3, 0, 0]], 0x046d, 0xc31c),
    ]);
    const m = await openNodeUsbMonitor({ log: log(), sysRoot: sys, load: async () => usb });
    expect(m.status()).toEqual({ available: true, hotplug: true });
    expect(m.list()).toEqual([
      {
        id: '1-1.4', bus: 1, address: 7, ports: [1, 4], vendorId: 0x0781, productId: 0x5581, version: 0x0100,
        deviceClass: 0, deviceSubclass: 0, deviceProtocol: 0, interfaces: [{ class: 8, subclass: 6, protocol: 80 }],
        manufacturer: 'SanDisk', product: 'Ultra', serial: '4C53000123',
      },
      expect.objectContaining({ id: '2-2', vendorId: 0x046d, interfaces: [{ class: 3, subclass: 1, protocol: 1 }, { class: 3, subclass: 0, protocol: 0 }] }),
    ]);
    expect(m.list()[1]).not.toHaveProperty('product');
    // Hotplug is on, and unreferenced so an idle process can still exit.
    expect(usb.listenerCount('attach')).toBe(1);
    expect(usb.unrefs).toBe(1);
    m.close();
    expect(usb.listenerCount('attach') + usb.listenerCount('detach')).toBe(0);
  });

  it('hotplug: attach and detach in order, even a storm of them; unknown detaches are ignored', async () => {
    const usb = new FakeNodeUsb([]);
    const m = await openNodeUsbMonitor({ log: log(), sysRoot: (await mkdir(join(sys, 'bus/usb'), { recursive: true }), sys), load: async () => usb });
    const events: string[] = [];
    m.onChange((e: UsbEvent) => events.push(`${e.kind} ${e.device.id}`));
    const devs = Array.from({ length: 200 }, (_, i) => nodeDevice(1, 10 + i, [1, 1 + (i % 7), 1 + i], 0, [[8, 6, 80]]));
    for (const d of devs) {
      usb.emit('attach', d);
      usb.emit('detach', d);
    }
    usb.emit('attach', devs[0]!);
    usb.emit('detach', nodeDevice(9, 9, [9], 0, [[8, 6, 80]]));
    await expect.poll(() => events.length).toBe(401);
    expect(events.slice(0, 2)).toEqual([`attach ${'1-1.1.1'}`, `detach 1-1.1.1`]);
    expect(m.list().map((d) => d.id)).toEqual(['1-1.1.1']);
    m.close();
  });

  it('no hotplug in libusb: the devices at start, no listeners (no polling fallback)', async () => {
    await mkdir(join(sys, 'bus/usb'), { recursive: true });
    const usb = new FakeNodeUsb([nodeDevice(1, 7, [1], 0, [[8, 6, 80]])], false);
    const m = await openNodeUsbMonitor({ log: log(), sysRoot: sys, load: async () => usb });
    expect(m.status()).toEqual({ available: true, hotplug: false });
    expect(m.list()).toHaveLength(1);
    expect(usb.listenerCount('attach')).toBe(0);
    expect(lines.some((l) => /no hotplug here/.test(l))).toBe(true);
  });

  it('a device whose descriptors throw is left out with a warning, the others listed', async () => {
    await mkdir(join(sys, 'bus/usb'), { recursive: true });
    const bad = nodeDevice(1, 8, [2], 0, []);
    Object.defineProperty(bad, 'deviceDescriptor', { get: () => { throw new Error('gone'); } });
    const usb = new FakeNodeUsb([bad, nodeDevice(1, 7, [1], 0, [[8, 6, 80]])]);
    const m = await openNodeUsbMonitor({ log: log(), sysRoot: sys, load: async () => usb });
    expect(m.list().map((d) => d.id)).toEqual(['1-1']);
    expect(lines.some((l) => /could not be read/.test(l))).toBe(true);
  });
});
