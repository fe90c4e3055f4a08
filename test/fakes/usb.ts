import { deviceId, type UsbDevice, type UsbInterface } from '../../src-main/usb/device.ts';
import type { UsbEvent, UsbMonitor, UsbMonitorStatus } from '../../src-main/usb/monitor.ts';

/**
 * A UsbMonitor over made-up devices: this machine has no USB at all. plug/unplug behave like
 * libusb hotplug (list() already reflects the change when listeners hear of it).
 */
export class FakeUsbMonitor implements UsbMonitor {
  readonly #devices = new Map<string, UsbDevice>();
  readonly #listeners = new Set<(event: UsbEvent) => void>();
  #status: UsbMonitorStatus;
  closed = false;

  constructor(devices: readonly UsbDevice[] = [], status: UsbMonitorStatus = { available: true, hotplug: true }) {
    for (const d of devices) this.#devices.set(d.id, d);
    this.#status = status;
  }

  status(): UsbMonitorStatus {
    return this.#status;
  }

  list(): UsbDevice[] {
    return [...this.#devices.values()];
  }

  onChange(listener: (event: UsbEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get listeners(): number {
    return this.#listeners.size;
  }

  close(): void {
    this.closed = true;
    this.#listeners.clear();
  }

  plug(device: UsbDevice): void {
    this.#devices.set(device.id, device);
    for (const l of [...this.#listeners]) l({ kind: 'attach', device });
  }

  unplug(id: string): void {
    const device = this.#devices.get(id);
    if (!device) return;
    this.#devices.delete(id);
    for (const l of [...this.#listeners]) l({ kind: 'detach', device });
  }
}

let nextAddress = 10;

/** A device at a port of its own (bus 1, next free port), with what it says about itself. */
export function usbDevice(over: Partial<UsbDevice> & { interfaces: UsbInterface[] }): UsbDevice {
  const address = over.address ?? nextAddress++;
  const ports = over.ports ?? [1, address];
  const bus = over.bus ?? 1;
  return {
    id: deviceId(bus, address, ports),
    bus,
    address,
    ports,
    vendorId: 0x1234,
    productId: 0x5678,
    version: 0x0100,
    deviceClass: 0,
    deviceSubclass: 0,
    deviceProtocol: 0,
    ...over,
  };
}

const i = (c: number, s = 0, p = 0): UsbInterface => ({ class: c, subclass: s, protocol: p });

/** Real devices' descriptors (as lsusb -v shows them), for policies to be tried on. */
export const catalogue = {
  keyboard: () => usbDevice({ vendorId: 0x046d, productId: 0xc31c, manufacturer: 'Logitech', product: 'USB Keyboard', interfaces: [i(3, 1, 1), i(3, 0, 0)] }),
  mouse: () => usbDevice({ vendorId: 0x046d, productId: 0xc077, manufacturer: 'Logitech', product: 'USB Optical Mouse', interfaces: [i(3, 1, 2)] }),
  hub: () => usbDevice({ vendorId: 0x05e3, productId: 0x0608, product: 'USB2.0 Hub', deviceClass: 9, deviceProtocol: 1, interfaces: [i(9)] }),
  stick: (serial = '4C530001230101117453') =>
    usbDevice({ vendorId: 0x0781, productId: 0x5581, manufacturer: 'SanDisk', product: 'Ultra', serial, interfaces: [i(8, 6, 80)] }),
  headset: () =>
    usbDevice({ vendorId: 0x0b0e, productId: 0x0422, manufacturer: 'GN Netcom', product: 'Jabra EVOLVE 20', interfaces: [i(1, 1), i(1, 2), i(1, 2), i(3)] }),
  yubikey: () =>
    usbDevice({ vendorId: 0x1050, productId: 0x0407, manufacturer: 'Yubico', product: 'YubiKey OTP+FIDO+CCID', interfaces: [i(3, 1, 1), i(3), i(0x0b)] }),
  webcam: () =>
    usbDevice({ vendorId: 0x046d, productId: 0x085b, manufacturer: 'Logitech', product: 'C925e', deviceClass: 0xef, deviceSubclass: 2, deviceProtocol: 1, interfaces: [i(0x0e, 1), i(0x0e, 2), i(1, 1), i(1, 2)] }),
  printer: () => usbDevice({ vendorId: 0x03f0, productId: 0xc511, manufacturer: 'HP', product: 'LaserJet', interfaces: [i(7, 1, 2)] }),
  cardReader: () => usbDevice({ vendorId: 0x076b, productId: 0x3031, manufacturer: 'OMNIKEY', product: '3x21 Smart Card Reader', interfaces: [i(0x0b)] }),
  serialAdapter: () => usbDevice({ vendorId: 0x0403, productId: 0x6001, manufacturer: 'FTDI', product: 'FT232R USB UART', serial: 'A50285BI', interfaces: [i(0xff, 0xff, 0xff)] }),
  /** A keyboard that is also an audio device, announced as a composite (class 0xef). */
  gamingKeyboard: () =>
    usbDevice({ vendorId: 0x1532, productId: 0x0203, manufacturer: 'Razer', product: 'Keyboard with audio', deviceClass: 0xef, deviceSubclass: 2, deviceProtocol: 1, interfaces: [i(3, 1, 1), i(1, 1), i(1, 2)] }),
  /** A FIDO key: only non-boot HID interfaces. */
  fidoKey: () => usbDevice({ vendorId: 0x096e, productId: 0x0858, product: 'FIDO U2F', interfaces: [i(3), i(3)] }),
} as const;

export type CatalogueName = keyof typeof catalogue;

/** One of every catalogue device. */
export function everyDevice(): UsbDevice[] {
  return Object.values(catalogue).map((make) => make());
}
