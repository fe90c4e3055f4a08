import { deepMerge } from '../policy/merge.ts';
import type { UsbPolicy, UsbSettings } from '../policy/usb.ts';

/**
 * One broker's USB settings: the terminal's, with that broker's override laid on top (objects
 * merge, lists replace: a broker's `rules` is its whole list). No broker: the terminal's own.
 */
export function usbSettingsFor(usb: UsbPolicy, brokerId: string | undefined): UsbSettings {
  const { brokers, ...base } = usb;
  const over = brokerId === undefined ? undefined : brokers[brokerId];
  return over ? (deepMerge(base, over) as UsbSettings) : base;
}
