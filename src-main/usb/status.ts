import type { UsbMode } from '../policy/usb.ts';
import type { Verdict } from './decide.ts';

/** What happened to a device: stays here, goes to the desktop, waits for the user, not allowed. */
export type UsbStatus = 'local' | 'redirected' | 'offered' | 'refused';
/** A user's choice for an allowed device. */
export type UsbChoice = 'redirect' | 'local';

/**
 * A verdict, the mode that applies (onConnect for devices there when a session starts, onPlug
 * for devices plugged in during one) and the user's choice, if any, in one status. Only an
 * allowed device follows the mode or a choice; nobody's choice moves a kept or refused one.
 */
export function statusOf(verdict: Verdict, mode: UsbMode, choice: UsbChoice | undefined): UsbStatus {
  switch (verdict.kind) {
    case 'keep-local':
      return 'local';
    case 'deny':
      return 'refused';
    case 'allow':
      if (choice) return choice === 'redirect' ? 'redirected' : 'local';
      return mode === 'redirect' ? 'redirected' : 'offered';
    default: {
      const never: never = verdict;
      throw new Error(`unknown verdict ${JSON.stringify(never)}`);
    }
  }
}

/** Whether a user may choose for this device at all. */
export function choosable(verdict: Verdict): boolean {
  return verdict.kind === 'allow';
}
