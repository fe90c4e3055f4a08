import { describe, expect, it } from 'vitest';
import { AdminSettings } from '../../../../src-main/contract/index.ts';
import {
  adminKeys,
  adminSettingsInLayer,
  adminSettingsOf,
  layerFromAdminSettings,
  withoutAdminKeys,
} from '../../../../src-main/policy/admin-keys.ts';
import { Policy } from '../../../../src-main/policy/schema.ts';

describe('admin keys <-> policy paths', () => {
  it('covers every AdminSettings key', () => {
    expect([...adminKeys].sort()).toEqual(Object.keys(AdminSettings.shape).sort());
  });

  it('writes settings to the policy paths and reads them back', () => {
    const settings = { locale: 'de', onSessionEnd: 'powerOff', rdpEngine: 'native', preventSleep: false, devtools: true, brokerAddress: 'b.example' } as const;
    const layer = layerFromAdminSettings(settings);
    expect(layer).toEqual({
      locale: 'de',
      brokerAddress: 'b.example',
      session: { onEnd: 'powerOff', rdpEngine: 'native' },
      kiosk: { preventSleep: false, devtools: true },
    });
    expect(adminSettingsInLayer(layer)).toEqual(settings);
    expect(adminSettingsOf(Policy.parse(layer))).toEqual(settings);
  });

  it('leaves unset settings out and shows an unset broker address as ""', () => {
    expect(layerFromAdminSettings({ devtools: false })).toEqual({ kiosk: { devtools: false } });
    expect(adminSettingsOf(Policy.parse({})).brokerAddress).toBe('');
  });

  it('removes keys and the parents they leave empty', () => {
    const layer = { locale: 'de', session: { onEnd: 'reconnect' }, kiosk: { devtools: true, preventSleep: false } };
    expect(withoutAdminKeys(layer, ['onSessionEnd', 'devtools'])).toEqual({ locale: 'de', kiosk: { preventSleep: false } });
    expect(layer.session).toEqual({ onEnd: 'reconnect' });
  });
});
