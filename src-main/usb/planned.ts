import type { UsbSettings } from '../policy/usb.ts';
import { decide, type Verdict } from './decide.ts';
import { choiceKey, type UsbDevice } from './device.ts';
import { statusOf, type UsbChoice, type UsbStatus } from './status.ts';

/** One present device with the policy's verdict, the user's choice and what follows. */
export interface PlannedDevice {
  device: UsbDevice;
  verdict: Verdict;
  choice?: UsbChoice;
  status: UsbStatus;
}

/** Choices by choiceKey (this visit's over remembered ones; the caller merges them). */
export type Choices = ReadonlyMap<string, UsbChoice>;

/** The devices there when a session starts, as the onConnect mode and the choices decide them. */
export function planDevices(devices: readonly UsbDevice[], settings: UsbSettings, choices: Choices): PlannedDevice[] {
  return devices.map((device) => {
    const verdict = decide(device, settings);
    const choice = verdict.kind === 'allow' ? choices.get(choiceKey(device)) : undefined;
    return { device, verdict, ...(choice ? { choice } : {}), status: statusOf(verdict, settings.onConnect, choice) };
  });
}
