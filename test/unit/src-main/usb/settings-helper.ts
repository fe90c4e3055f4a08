import { UsbPolicy, type UsbSettings } from '../../../../src-main/policy/usb.ts';
import { usbSettingsFor } from '../../../../src-main/usb/settings.ts';

/** Effective settings from a policy fragment, parsed by the real schema (defaults included). */
export function settings(input: Record<string, unknown> = {}, brokerId?: string): UsbSettings {
  return usbSettingsFor(UsbPolicy.parse(input), brokerId);
}
