import { describe, expect, it } from 'vitest';
import { dispatchCall, type ShellView } from '../../../../src-main/contract/index.ts';
import { silentLogger } from '../../../../src-main/common/log.ts';
import { Policy, type PolicyInput } from '../../../../src-main/policy/schema.ts';
import type { RdpConnection, SpiceConnection } from '../../../../src-main/sessions/types.ts';
import { UsbService } from '../../../../src-main/usb/service.ts';
import { catalogue, FakeUsbMonitor } from '../../../fakes/usb.ts';
import { CANARY, flush, harness, twoHosts } from './harness.ts';

function withUsb(usb: PolicyInput['usb'], devices = [catalogue.keyboard(), catalogue.stick()]) {
  const input: PolicyInput = { ...twoHosts, usb };
  const monitor = new FakeUsbMonitor(devices);
  const policy = Policy.parse(input);
  const service = new UsbService({ monitor, policy: () => policy, log: silentLogger });
  return { h: harness(input, { usb: service }), monitor, service };
}

async function inSession(h: ReturnType<typeof harness>, desktopId: string) {
  await h.core.start();
  await h.core.handlers.signIn({ username: 'alice', password: CANARY });
  void h.core.handlers.connect({ desktopId });
  await flush();
  const handle = h.handles.at(-1)!;
  handle.emit({ kind: 'connected' });
  handle.emit({ kind: 'loggedOn' });
  await flush();
  return handle;
}

describe('Shell with USB', () => {
  it('the view carries the devices from sign-in on', async () => {
    const { h } = withUsb({});
    await h.core.start();
    expect(h.view().usb?.devices.map((d) => [d.kind, d.status])).toEqual([['keyboard', 'local'], ['storage', 'offered']]);
  });

  it('RDP: the spec that reaches the engine carries the plan (the broker had none)', async () => {
    const { h, monitor } = withUsb({ onConnect: 'redirect' });
    await inSession(h, 'win');
    const stick = monitor.list()[1]!;
    expect((h.specs[0] as RdpConnection).usb).toEqual([`addr,dev:01:${stick.address.toString(16).padStart(2, '0')}`]);
    expect(h.view().usb?.session).toEqual({ protocol: 'rdp', engineTakesPlugIns: false });
  });

  it('SPICE: the spec carries usbredir on, autoshare, the plug-in filter and redirect-on-connect', async () => {
    const { h } = withUsb({ onConnect: 'redirect', onPlug: 'redirect' });
    await inSession(h, 'vm');
    expect((h.specs[0] as SpiceConnection).usb).toEqual({
      enabled: true,
      autoshare: true,
      filter: '-1,0x046d,0xc31c,-1,0|0x03,-1,-1,-1,0|0x09,-1,-1,-1,0|-1,-1,-1,-1,1',
      redirectOnConnect: '-1,0x0781,0x5581,-1,1|-1,-1,-1,-1,0',
    });
  });

  it('a device plugged in mid-session that waits for the user brings up the session menu; closing it drops the offer', async () => {
    const { h, monitor } = withUsb({});
    await inSession(h, 'win');
    expect(h.screen()).toMatchObject({ kind: 'session', menu: false });
    const reader = catalogue.cardReader();
    monitor.plug(reader);
    await flush();
    expect(h.screen()).toMatchObject({ kind: 'session', menu: true });
    expect(h.view().usb?.offer).toBe(reader.id);
    await h.core.handlers.sessionMenu({ action: 'close' });
    await flush();
    expect(h.view().usb?.offer).toBeUndefined();
  });

  it('usbChoose: validated by the contract, refused where it does not fit, pending in a session; the reconnect applies it', async () => {
    const { h, monitor } = withUsb({});
    const stick = monitor.list()[1]!;
    const bad = await dispatchCall(h.core.handlers, 'usbChoose', { deviceId: stick.id, choice: 'steal' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    const early = await dispatchCall(h.core.handlers, 'usbChoose', { deviceId: stick.id, choice: 'redirect' });
    expect(early).toMatchObject({ ok: false, error: { code: 'not-allowed-now' } });
    await inSession(h, 'win');
    expect(await dispatchCall(h.core.handlers, 'usbChoose', { deviceId: stick.id, choice: 'redirect' })).toEqual({ ok: true, value: null });
    await flush();
    expect((h.view() as ShellView).usb?.devices[1]).toMatchObject({ status: 'offered', pending: 'reconnect' });
    await h.core.handlers.sessionMenu({ action: 'reconnect' });
    await flush();
    expect((h.specs[1] as RdpConnection).usb).toEqual([`addr,dev:01:${stick.address.toString(16).padStart(2, '0')}`]);
  });

  it('adminUsb needs the admin unlocked; the end of the visit forgets its choices', async () => {
    const { h, monitor } = withUsb({ remember: 'off' });
    await h.core.start();
    expect(await dispatchCall(h.core.handlers, 'adminUsb', {})).toMatchObject({ ok: false, error: { code: 'not-allowed-now' } });
    h.setPin({ ok: true });
    await h.core.handlers.adminUnlock({ pin: '1234' });
    const admin = await dispatchCall(h.core.handlers, 'adminUsb', {});
    expect(admin).toMatchObject({ ok: true, value: { devices: [{ kind: 'keyboard' }, { kind: 'storage' }] } });
    await h.core.handlers.adminLock({});
    await h.core.handlers.usbChoose({ deviceId: monitor.list()[1]!.id, choice: 'redirect' });
    await h.core.handlers.signIn({ username: 'alice', password: CANARY });
    await h.core.handlers.signOut({});
    await flush();
    expect(h.view().usb?.devices[1]?.status).toBe('offered');
  });
});
