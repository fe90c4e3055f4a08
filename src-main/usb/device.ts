/**
 * One USB device as the terminal sees it: what the device and configuration descriptors say,
 * the strings where they could be read without claiming it, and where it sits (bus, address,
 * port path). Plain data: the monitor produces it, the policy and the plans read it.
 */
export interface UsbInterface {
  class: number;
  subclass: number;
  protocol: number;
}

export interface UsbDevice {
  /** Stable while the device stays plugged in: `bus-port.path` (or `bus-address` without a port path). */
  id: string;
  bus: number;
  address: number;
  /** Port numbers from the root hub, e.g. [1, 4] for 1-1.4; empty when unknown. */
  ports: number[];
  vendorId: number;
  productId: number;
  /** bcdDevice, e.g. 0x0100. */
  version: number;
  deviceClass: number;
  deviceSubclass: number;
  deviceProtocol: number;
  /** Every interface of the active configuration (of the first, if none is active yet). */
  interfaces: UsbInterface[];
  manufacturer?: string;
  product?: string;
  serial?: string;
}

export function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

/** `0781:5581`, as lsusb writes it. */
export function vidPid(device: Pick<UsbDevice, 'vendorId' | 'productId'>): string {
  return `${hex4(device.vendorId)}:${hex4(device.productId)}`;
}

/**
 * What a remembered choice is keyed by: the model, plus the serial when the device has one (so
 * two sticks of one model can be told apart, and a replug at another port is the same device).
 */
export function choiceKey(device: Pick<UsbDevice, 'vendorId' | 'productId' | 'serial'>): string {
  return device.serial ? `${vidPid(device)}:${device.serial}` : vidPid(device);
}

/** A name for people: the product string, else the model's ids. */
export function deviceName(device: UsbDevice): string {
  const product = device.product?.trim();
  const maker = device.manufacturer?.trim();
  if (product && maker && !product.toLowerCase().includes(maker.toLowerCase())) return `${maker} ${product}`;
  return product || maker || `USB device ${vidPid(device)}`;
}

/** The device id from where it sits: port path when known (survives re-enumeration), else address. */
export function deviceId(bus: number, address: number, ports: readonly number[]): string {
  return ports.length > 0 ? `${bus}-${ports.join('.')}` : `${bus}-a${address}`;
}
