import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../common/log.ts';
import { deviceId, type UsbDevice, type UsbInterface } from './device.ts';
import { emptyMonitor, type UsbEvent, type UsbMonitor, type UsbMonitorStatus } from './monitor.ts';
import { readDeviceStrings } from './sysfs-strings.ts';

/** What we use of node-usb 2.x (its classic libusb API), so that tests can stand in for it. */
export interface NodeUsbDevice {
  busNumber: number;
  deviceAddress: number;
  portNumbers?: number[];
  deviceDescriptor: { idVendor: number; idProduct: number; bcdDevice: number; bDeviceClass: number; bDeviceSubClass: number; bDeviceProtocol: number };
  readonly configDescriptor?: NodeUsbConfig;
  readonly allConfigDescriptors?: NodeUsbConfig[];
}
interface NodeUsbConfig {
  interfaces: { bInterfaceClass: number; bInterfaceSubClass: number; bInterfaceProtocol: number }[][];
}
export interface NodeUsbModule {
  INIT_ERROR?: number;
  getDeviceList(): NodeUsbDevice[];
  _supportedHotplugEvents(): boolean;
  on(event: 'attach' | 'detach', listener: (device: NodeUsbDevice) => void): unknown;
  removeListener(event: 'attach' | 'detach', listener: (device: NodeUsbDevice) => void): unknown;
  unrefHotplugEvents(): void;
}

export interface NodeUsbMonitorOptions {
  log: Logger;
  /** Where sysfs is (tests: a directory of their own). */
  sysRoot?: string;
  /** Loads node-usb; tests give a stand-in. Only ever called in the main process, and lazily. */
  load?: () => Promise<NodeUsbModule>;
}

async function loadNodeUsb(): Promise<NodeUsbModule> {
  const mod = (await import('usb')) as unknown as { usb?: NodeUsbModule; default?: { usb?: NodeUsbModule } };
  const usb = mod.usb ?? mod.default?.usb;
  if (!usb) throw new Error('node-usb has no usb export');
  return usb;
}

/**
 * The node-usb (libusb) monitor. node-usb is loaded only here, on first use, and only when the
 * machine has a USB subsystem at all; anything that goes wrong leaves a monitor that sees no
 * devices, with one log line saying why. Hotplug events are unreferenced, so an idle process
 * with a monitor can still exit; where libusb has no hotplug we do not fall back to node-usb's
 * polling (an idle kiosk must use no CPU): devices plugged in later are then not seen.
 */
export async function openNodeUsbMonitor(options: NodeUsbMonitorOptions): Promise<UsbMonitor> {
  const { log } = options;
  const sysRoot = options.sysRoot ?? '/sys';
  if (!existsSync(join(sysRoot, 'bus/usb'))) {
    log.info('USB: this terminal has no USB subsystem; no devices', { sysfs: join(sysRoot, 'bus/usb') });
    return emptyMonitor({ available: false, hotplug: false, reason: 'no-subsystem' });
  }
  let usb: NodeUsbModule;
  let present: NodeUsbDevice[];
  try {
    usb = await (options.load ?? loadNodeUsb)();
    if (usb.INIT_ERROR) throw new Error(`libusb_init failed (${usb.INIT_ERROR})`);
    present = usb.getDeviceList();
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    log.warn('USB: libusb could not start; no devices', { error: detail });
    return emptyMonitor({ available: false, hotplug: false, reason: 'libusb-failed', detail });
  }
  const monitor = new NodeUsbMonitor(usb, sysRoot, log);
  await monitor.start(present);
  return monitor;
}

class NodeUsbMonitor implements UsbMonitor {
  readonly #devices = new Map<string, UsbDevice>();
  readonly #listeners = new Set<(event: UsbEvent) => void>();
  #queue: Promise<void> = Promise.resolve();
  #hotplug = false;
  #closed = false;
  readonly #onAttach = (d: NodeUsbDevice) => this.#enqueue(() => this.#attach(d));
  readonly #onDetach = (d: NodeUsbDevice) => this.#enqueue(async () => this.#detach(d));

  constructor(
    private readonly usb: NodeUsbModule,
    private readonly sysRoot: string,
    private readonly log: Logger,
  ) {}

  async start(present: NodeUsbDevice[]): Promise<void> {
    for (const d of present) {
      const device = await this.#convert(d);
      if (device) this.#devices.set(key(d), device);
    }
    let hotplug = false;
    try {
      hotplug = this.usb._supportedHotplugEvents();
    } catch {
      hotplug = false;
    }
    if (hotplug) {
      this.usb.on('attach', this.#onAttach);
      this.usb.on('detach', this.#onDetach);
      // libusb's hotplug must not keep an otherwise idle process alive.
      this.usb.unrefHotplugEvents();
      this.#hotplug = true;
    } else {
      this.log.info('USB: no hotplug here; devices plugged in later are not seen until restart');
    }
    this.log.info('USB: monitoring', { devices: this.#devices.size, hotplug });
  }

  status(): UsbMonitorStatus {
    return { available: true, hotplug: this.#hotplug };
  }

  list(): UsbDevice[] {
    return [...this.#devices.values()];
  }

  onChange(listener: (event: UsbEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#listeners.clear();
    if (this.#hotplug) {
      this.usb.removeListener('attach', this.#onAttach);
      this.usb.removeListener('detach', this.#onDetach);
    }
  }

  /** Events run one after another, so a fast attach + detach cannot land in the wrong order. */
  #enqueue(step: () => Promise<void>): void {
    this.#queue = this.#queue.then(step).catch((err: unknown) => this.log.warn('USB: hotplug event failed', { error: String(err) }));
  }

  async #attach(d: NodeUsbDevice): Promise<void> {
    const device = await this.#convert(d);
    if (!device || this.#closed) return;
    this.#devices.set(key(d), device);
    this.#emit({ kind: 'attach', device });
  }

  #detach(d: NodeUsbDevice): void {
    const device = this.#devices.get(key(d));
    if (!device || this.#closed) return;
    this.#devices.delete(key(d));
    this.#emit({ kind: 'detach', device });
  }

  #emit(event: UsbEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (err) {
        this.log.warn('USB: a listener failed', { error: String(err) });
      }
    }
  }

  async #convert(d: NodeUsbDevice): Promise<UsbDevice | undefined> {
    try {
      const desc = d.deviceDescriptor;
      const ports = portsOf(d);
      // Root hubs are the controller itself: nothing anyone could redirect.
      if (ports.length === 0 && desc.bDeviceClass === 0x09) return undefined;
      const strings = await readDeviceStrings(this.sysRoot, d.busNumber, ports);
      return {
        id: deviceId(d.busNumber, d.deviceAddress, ports),
        bus: d.busNumber,
        address: d.deviceAddress,
        ports,
        vendorId: desc.idVendor,
        productId: desc.idProduct,
        version: desc.bcdDevice,
        deviceClass: desc.bDeviceClass,
        deviceSubclass: desc.bDeviceSubClass,
        deviceProtocol: desc.bDeviceProtocol,
        interfaces: interfacesOf(d),
        ...strings,
      };
    } catch (err) {
      this.log.warn('USB: a device could not be read; left out', { bus: d.busNumber, address: d.deviceAddress, error: String(err) });
      return undefined;
    }
  }
}

function key(d: NodeUsbDevice): string {
  return `${d.busNumber}:${d.deviceAddress}`;
}

function portsOf(d: NodeUsbDevice): number[] {
  try {
    return Array.isArray(d.portNumbers) ? [...d.portNumbers] : [];
  } catch {
    return [];
  }
}

/** The active configuration's interfaces (first alternate setting each); the first one's if none is active. */
function interfacesOf(d: NodeUsbDevice): UsbInterface[] {
  let config: NodeUsbConfig | undefined;
  try {
    config = d.configDescriptor;
  } catch {
    config = undefined;
  }
  if (!config) {
    try {
      config = d.allConfigDescriptors?.[0];
    } catch {
      config = undefined;
    }
  }
  return (config?.interfaces ?? []).flatMap((alts) => {
    const first = alts[0];
    return first ? [{ class: first.bInterfaceClass, subclass: first.bInterfaceSubClass, protocol: first.bInterfaceProtocol }] : [];
  });
}
