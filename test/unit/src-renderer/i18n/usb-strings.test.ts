import { describe, expect, it } from 'vitest';
import { UsbDeviceKind, UsbStatus, UsbWhy } from '../../../../src-main/contract/index.ts';
import de from '../../../../src-renderer/i18n/de.json';
import en from '../../../../src-renderer/i18n/en.json';

// From the contract's enums at test time: a new status, reason or kind fails until both word it.
const required = [
  ...UsbStatus.options.flatMap((s) => [`usb.status.idle.${s}`, `usb.status.session.${s}`]),
  ...UsbWhy.options.map((w) => `usb.why.${w}`),
  ...UsbDeviceKind.options.map((k) => `usb.kind.${k}`),
  'usb.unavailable.no-subsystem',
  'usb.unavailable.libusb-failed',
];

describe('USB strings', () => {
  it.each([['en', en], ['de', de]] as const)('%s words every USB status, reason and kind', (_, catalogue) => {
    expect(required.filter((k) => !(catalogue as Record<string, string>)[k]?.trim())).toEqual([]);
  });

  it('German is a translation, not a copy', () => {
    const same = Object.keys(en).filter((k) => k.startsWith('usb.') && (de as Record<string, string>)[k] === (en as Record<string, string>)[k] && !/^(Hub)$/.test((en as Record<string, string>)[k]!));
    expect(same).toEqual([]);
  });
});
