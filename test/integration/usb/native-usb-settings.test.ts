import { describe, expect, it } from 'vitest';
import { Policy } from '../../../src-main/policy/schema.ts';
import { findLibrary, libraryCandidates } from '../../../src-main/sessions/rdp/native/library-path.ts';
import { nativeSettings } from '../../../src-main/sessions/rdp/native/settings.ts';
import { loadNativeApi } from '../../../src-main/sessions/rdp/worker/native-lib.ts';
import type { RdpConnection } from '../../../src-main/sessions/types.ts';
import { planSession, withUsbPlan } from '../../../src-main/usb/plan.ts';
import { usbSettingsFor } from '../../../src-main/usb/settings.ts';
import { catalogue, everyDevice, usbDevice } from '../../fakes/usb.ts';

// The RDP plans, as the native engine's settings, through libthinshell_rdp's own parser
// (ts_session_set, native/src/config_usb.c), loaded with koffi. No connection is made.
const path = await findLibrary(libraryCandidates());
const api = path ? loadNativeApi(path) : undefined;

const base: RdpConnection = { protocol: 'rdp', host: '127.0.0.1', port: 3389, security: 'auto', certificate: { mode: 'system', fingerprints: [] }, multimon: false, title: 't' };

function settingsFor(usb: Record<string, unknown>, devices = everyDevice()) {
  const settings = usbSettingsFor(Policy.parse({ usb }).usb, undefined);
  const spec = withUsbPlan(base, planSession('rdp', devices, settings, new Map())) as RdpConnection;
  return { spec, settings: nativeSettings(spec) };
}

/** Every setting through ts_session_set; the refusals. */
async function refusals(settings: Record<string, string>): Promise<string[]> {
  const s = api!.newSession();
  try {
    return Object.entries(settings).flatMap(([k, v]) => s.set(k, v) ?? []);
  } finally {
    await s.free();
  }
}

describe('RDP USB plans in the native engine\'s parser', () => {
  it('libthinshell_rdp.so is built (native/build.sh)', () => expect(path).toBeDefined());

  it('every plan over the catalogue (any bus and address, with and without auto) is accepted', async () => {
    const far = [usbDevice({ bus: 255, address: 127, interfaces: [{ class: 8, subclass: 6, protocol: 80 }] }), usbDevice({ bus: 3, address: 1, interfaces: [{ class: 7, subclass: 1, protocol: 2 }] })];
    const cases = [
      { usb: { onConnect: 'redirect' }, devices: [...everyDevice(), ...far] },
      { usb: { onConnect: 'redirect', onPlug: 'redirect' }, devices: far },
      { usb: { onPlug: 'redirect' }, devices: [] },
      { usb: { onConnect: 'redirect', rules: [{ action: 'deny', class: 'printer' }] }, devices: [catalogue.printer()] },
    ];
    const entries: string[] = [];
    for (const c of cases) {
      const { spec, settings } = settingsFor(c.usb, c.devices);
      entries.push(...(spec.usb ?? []));
      expect(await refusals(settings)).toEqual([]);
    }
    expect(entries).toEqual(expect.arrayContaining([expect.stringMatching(/^addr,dev:.*ff:7f/), 'addr,dev:ff:7f#03:01,auto', 'auto']));
  });

  it('the parser is not lenient: a malformed entry is refused, naming usb', async () => {
    expect(await refusals({ usb: 'addr,dev:01:100' })).toEqual([expect.stringMatching(/^usb: bad device list/)]);
    expect(await refusals({ usb: 'addr,dev:1:2,everything' })).toEqual([expect.stringMatching(/^usb: unknown option/)]);
  });
});
