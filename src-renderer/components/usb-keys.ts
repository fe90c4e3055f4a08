import type { UsbDeviceView } from '../api.ts';
import type { MessageKey } from '../i18n/t.ts';

/** Message keys for the devices panel, typed against en.json like t.ts's own builders. */
export const usbKeys = {
  status: (status: UsbDeviceView['status'], inSession: boolean) => `usb.status.${inSession ? 'session' : 'idle'}.${status}` as const,
  why: (why: UsbDeviceView['why']) => `usb.why.${why}` as const,
  kind: (kind: UsbDeviceView['kind']) => `usb.kind.${kind}` as const,
} satisfies Record<string, (...args: never[]) => MessageKey>;
