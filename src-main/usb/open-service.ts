import type { Logger } from '../common/log.ts';
import type { Policy } from '../policy/schema.ts';
import { ChoiceStore, DEFAULT_CHOICES_PATH } from './choices.ts';
import type { UsbMonitor } from './monitor.ts';
import { openNodeUsbMonitor } from './node-usb-monitor.ts';
import { UsbService } from './service.ts';

export interface OpenUsbOptions {
  policy: () => Policy;
  log: Logger;
  /** Tests and screenshots: a monitor of their own instead of node-usb. */
  monitor?: UsbMonitor;
  /** Where remembered choices are kept (default $THINSHELL_USB_CHOICES or /var/lib/thinshell/usb-choices.json). */
  choicesPath?: string;
  sysRoot?: string;
}

/** The shell's USB service over the real monitor (node-usb, loaded lazily) and the choices file. */
export async function openUsbService(options: OpenUsbOptions): Promise<{ service: UsbService; close(): void }> {
  const log = options.log;
  // Both are on the kiosk's way to its first screen, and neither needs the other.
  const [monitor, choices] = await Promise.all([
    options.monitor ?? openNodeUsbMonitor({ log, ...(options.sysRoot ? { sysRoot: options.sysRoot } : {}) }),
    ChoiceStore.open(options.choicesPath ?? process.env.THINSHELL_USB_CHOICES ?? DEFAULT_CHOICES_PATH, log),
  ]);
  const service = new UsbService({ monitor, policy: options.policy, choices, log });
  return {
    service,
    close() {
      service.close();
      monitor.close();
    },
  };
}
