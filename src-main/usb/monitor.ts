import type { UsbDevice } from './device.ts';

/** Whether devices can be seen here, and if not, why (for one log line and the panel). */
export interface UsbMonitorStatus {
  available: boolean;
  /** Devices plugged in later are reported (libusb hotplug); false: only what was there at start. */
  hotplug: boolean;
  reason?: 'no-subsystem' | 'libusb-failed';
  detail?: string;
}

export type UsbEvent = { kind: 'attach'; device: UsbDevice } | { kind: 'detach'; device: UsbDevice };

/**
 * The terminal's USB devices, live. Lists and watches; never opens or claims a device (only the
 * session engine does that). Implementations: node-usb (node-usb-monitor.ts) and the tests' fake.
 */
export interface UsbMonitor {
  status(): UsbMonitorStatus;
  /** The devices plugged in now, in the order they appeared. */
  list(): UsbDevice[];
  /** Called for every attach and detach, after list() reflects it. */
  onChange(listener: (event: UsbEvent) => void): () => void;
  /** Stops watching; the process may exit after this. */
  close(): void;
}

/** A monitor that sees nothing: no USB here, or the monitor could not start. */
export function emptyMonitor(status: UsbMonitorStatus): UsbMonitor {
  return { status: () => status, list: () => [], onChange: () => () => {}, close: () => {} };
}
