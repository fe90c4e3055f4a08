import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../../src-main/common/log.ts';
import { Policy, type PolicyInput } from '../../../../src-main/policy/schema.ts';
import { ChoiceStore } from '../../../../src-main/usb/choices.ts';
import { UsbService } from '../../../../src-main/usb/service.ts';
import { loadUsbredirLib } from '../../../../src-main/usb/usbredir-lib.ts';
import { catalogue, FakeUsbMonitor, usbDevice } from '../../../fakes/usb.ts';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'thinshell-usb-service-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

async function service(usb: PolicyInput['usb'], devices = [catalogue.keyboard(), catalogue.stick(), catalogue.printer()]) {
  const monitor = new FakeUsbMonitor(devices);
  let policy = Policy.parse({ usb });
  const choices = await ChoiceStore.open(join(dir, 'choices.json'), silentLogger);
  const s = new UsbService({ monitor, policy: () => policy, choices, log: silentLogger });
  let changes = 0;
  s.onChange(() => changes++);
  const offers: string[] = [];
  s.onOffer((id) => offers.push(id));
  return { s, monitor, choices, offers, changes: () => changes, setPolicy: (u: PolicyInput['usb']) => (policy = Policy.parse({ usb: u })) };
}
const tick = () => new Promise((r) => setImmediate(r));
const byId = (view: ReturnType<UsbService['view']>, id: string) => view.devices.find((d) => d.id === id)!;

describe('UsbService before a session', () => {
  it('shows every device with its status, why, rule and what the user may do', async () => {
    const { s, monitor } = await service({ rules: [{ action: 'deny', class: 'printer', name: 'no printers' }] });
    const [kb, stick, printer] = monitor.list();
    const v = s.view();
    expect(v).toMatchObject({ available: true, hotplug: true });
    expect(v.session).toBeUndefined();
    expect(byId(v, kb!.id)).toEqual({ id: kb!.id, name: 'Logitech USB Keyboard', ids: '046d:c31c', kind: 'keyboard', status: 'local', why: 'keyboard', canRedirect: false, canKeepLocal: false });
    expect(byId(v, stick!.id)).toMatchObject({ kind: 'storage', status: 'offered', why: 'default', canRedirect: true, canKeepLocal: true });
    expect(byId(v, printer!.id)).toMatchObject({ status: 'refused', why: 'rule', rule: '#1 deny "no printers"', canRedirect: false });
  });

  it('a choice moves an allowed device and is refused for a kept or refused one', async () => {
    const { s, monitor } = await service({ rules: [{ action: 'deny', class: 'printer' }] });
    const [kb, stick, printer] = monitor.list();
    await s.choose(stick!.id, 'redirect');
    expect(byId(s.view(), stick!.id)).toMatchObject({ status: 'redirected', why: 'choice', canRedirect: false, canKeepLocal: true });
    await expect(s.choose(kb!.id, 'redirect')).rejects.toMatchObject({ code: 'not-allowed-now' });
    await expect(s.choose(printer!.id, 'redirect')).rejects.toMatchObject({ code: 'not-allowed-now' });
    await expect(s.choose('9-9.9', 'redirect')).rejects.toMatchObject({ code: 'invalid-argument' });
  });

  it('no USB here: available false with the reason, no devices', () => {
    const monitor = new FakeUsbMonitor([], { available: false, hotplug: false, reason: 'no-subsystem' });
    const s = new UsbService({ monitor, policy: () => Policy.parse({}), log: silentLogger });
    expect(s.view()).toEqual({ available: false, reason: 'no-subsystem', hotplug: false, devices: [] });
    expect(s.sessionStarting('rdp')).toMatchObject({ rdp: { entries: [] } });
  });
});

describe('UsbService and a session', () => {
  it('the end of an older attempt (cancelled, reconnected quickly) leaves the running session alone', async () => {
    const { s } = await service({ onConnect: 'redirect' });
    const old = s.sessionStarting('spice');
    const current = s.sessionStarting('spice');
    s.sessionEnded(old);
    expect(s.view().session).toMatchObject({ protocol: 'spice' });
    s.sessionEnded(current);
    expect(s.view().session).toBeUndefined();
  });

  it('a plan that cannot be made: the session still starts, with USB off, and no session state is kept', async () => {
    const broken = { ...catalogue.stick(), interfaces: undefined } as unknown as ReturnType<typeof catalogue.stick>;
    const { s, monitor } = await service({ onConnect: 'redirect' });
    vi.spyOn(monitor, 'list').mockReturnValueOnce([broken]);
    const plan = s.sessionStarting('spice');
    expect(plan).toMatchObject({ protocol: 'spice', devices: [], spice: { enabled: false, autoshare: false, filter: '-1,-1,-1,-1,0' } });
    expect(s.view().session).toBeUndefined();
  });

  it('RDP: the plan redirects what policy and choices say, by address; plug-ins wait and are offered', async () => {
    const { s, monitor, offers } = await service({ onConnect: 'redirect' });
    const [kb, stick, printer] = monitor.list();
    await s.choose(printer!.id, 'local');
    const plan = s.sessionStarting('rdp');
    expect(plan.protocol === 'rdp' && plan.rdp.entries).toEqual([`addr,dev:01:${stick!.address.toString(16).padStart(2, '0')}`]);
    const v = s.view();
    expect(v.session).toEqual({ protocol: 'rdp', engineTakesPlugIns: false });
    expect([byId(v, kb!.id).status, byId(v, stick!.id).status, byId(v, printer!.id).status]).toEqual(['local', 'redirected', 'local']);
    // Plugged in now: the policy asks (onPlug ask) and nothing can add it to a running RDP session.
    const reader = catalogue.cardReader();
    monitor.plug(reader);
    expect(offers).toEqual([reader.id]);
    expect(s.view().offer).toBe(reader.id);
    expect(byId(s.view(), reader.id)).toMatchObject({ status: 'offered', canRedirect: true });
    await s.choose(reader.id, 'redirect');
    expect(s.view().offer).toBeUndefined();
    // The running session cannot take it: it is pending until the session reconnects.
    expect(byId(s.view(), reader.id)).toMatchObject({ status: 'offered', pending: 'reconnect' });
    // Releasing a redirected device is also pending.
    await s.choose(stick!.id, 'local');
    expect(byId(s.view(), stick!.id)).toMatchObject({ status: 'redirected', pending: 'reconnect', canKeepLocal: false, canRedirect: true });
    s.sessionEnded(plan);
    // The next session (the reconnect) has both choices.
    const next = s.sessionStarting('rdp');
    expect(next.protocol === 'rdp' && next.rdp.atConnect).toEqual([reader.id]);
  });

  it("SPICE with onPlug redirect: remote-viewer shares allowed plug-ins itself, refuses the rest; the filter's verdict is libusbredirparser's", async () => {
    const lib = loadUsbredirLib();
    const { s, monitor, offers } = await service({ onPlug: 'redirect', rules: [{ action: 'deny', class: 'printer' }, { action: 'allow', class: 'mass-storage', serial: 'X1' }] });
    const plan = s.sessionStarting('spice');
    if (plan.protocol !== 'spice') throw new Error('spice plan expected');
    expect(plan.spice.autoshare).toBe(true);
    const reader = catalogue.cardReader();
    const printer2 = catalogue.printer();
    const kb2 = catalogue.keyboard();
    monitor.plug(reader);
    monitor.plug(printer2);
    monitor.plug(kb2);
    const v = s.view();
    expect(v.session).toEqual({ protocol: 'spice', engineTakesPlugIns: true });
    expect(byId(v, reader.id)).toMatchObject({ status: 'redirected', why: 'engine' });
    expect(byId(v, printer2.id)).toMatchObject({ status: 'refused' });
    expect(byId(v, kb2.id)).toMatchObject({ status: 'local', why: 'keyboard' });
    expect([reader, printer2, kb2].map((d) => lib.check(plan.spice.filter, d))).toEqual(['allow', 'deny', 'deny']);
    expect(offers).toEqual([]);
  });

  it('a hotplug storm: every event lands, views coalesce, the last state is right, nothing leaks', async () => {
    const { s, monitor, offers, changes } = await service({ onPlug: 'ask' }, []);
    s.sessionStarting('spice');
    await tick();
    const before = changes();
    const sticks = Array.from({ length: 500 }, (_, i) => usbDevice({ vendorId: 0x0781, productId: 0x5581, serial: `S${i}`, interfaces: [{ class: 8, subclass: 6, protocol: 80 }] }));
    for (const d of sticks) {
      monitor.plug(d);
      if (Number(d.serial!.slice(1)) % 2 === 0) monitor.unplug(d.id);
    }
    await tick();
    // One view for the whole burst, not a thousand.
    expect(changes() - before).toBe(1);
    expect(s.view().devices).toHaveLength(250);
    expect(offers).toHaveLength(500);
    expect(s.view().offer).toBe(sticks[499]!.id);
    expect(monitor.listeners).toBe(1);
    s.close();
    expect(monitor.listeners).toBe(0);
  });

  it('a composite device goes whole: a YubiKey (keyboard + FIDO + CCID) stays; a headset (audio + buttons) is offered', async () => {
    const { s, monitor } = await service({ onConnect: 'redirect' }, [catalogue.yubikey(), catalogue.headset(), catalogue.gamingKeyboard()]);
    const [yk, headset, gaming] = monitor.list();
    const plan = s.sessionStarting('spice');
    if (plan.protocol !== 'spice') throw new Error('spice plan expected');
    expect(plan.spice.atConnect).toEqual([headset!.id]);
    expect(byId(s.view(), yk!.id)).toMatchObject({ status: 'local', why: 'keyboard' });
    expect(byId(s.view(), gaming!.id)).toMatchObject({ status: 'local', why: 'keyboard' });
  });

  it('an unplugged offer goes away; the end of a visit drops its choices but keeps remembered ones', async () => {
    const { s, monitor } = await service({ remember: 'user' }, [catalogue.stick()]);
    const stick = monitor.list()[0]!;
    s.setContext({ user: { brokerId: 'lab', user: 'alice' } });
    await s.choose(stick.id, 'redirect');
    s.sessionStarting('rdp');
    const printer = catalogue.printer();
    monitor.plug(printer);
    expect(s.view().offer).toBe(printer.id);
    monitor.unplug(printer.id);
    expect(s.view().offer).toBeUndefined();
    s.endVisit();
    expect(byId(s.view(), stick.id).status).toBe('offered');
    s.setContext({ user: { brokerId: 'lab', user: 'alice' } });
    expect(byId(s.view(), stick.id)).toMatchObject({ status: 'redirected', why: 'remembered' });
    s.setContext({ user: { brokerId: 'lab', user: 'bob' } });
    expect(byId(s.view(), stick.id).status).toBe('offered');
  });

  it('remember: terminal keeps a choice for everyone; off keeps it for the visit only', async () => {
    const t = await service({ remember: 'terminal' }, [catalogue.stick()]);
    await t.s.choose(t.monitor.list()[0]!.id, 'local');
    t.s.endVisit();
    expect(t.s.view().devices[0]).toMatchObject({ status: 'local', why: 'remembered' });
    expect(t.choices.get({ kind: 'terminal' }).size).toBe(1);
    await rm(join(dir, 'choices.json'));
    const o = await service({ remember: 'off' }, [catalogue.stick()]);
    await o.s.choose(o.monitor.list()[0]!.id, 'redirect');
    expect(o.s.view().devices[0]!.status).toBe('redirected');
    o.s.endVisit();
    expect(o.s.view().devices[0]!.status).toBe('offered');
    expect(o.choices.get({ kind: 'terminal' }).size).toBe(0);
  });

  it('choices made at sign-in are saved for the user once they sign in (remember: user)', async () => {
    const { s, monitor, choices } = await service({ remember: 'user' }, [catalogue.stick()]);
    s.setContext({ brokerId: 'lab' });
    await s.choose(monitor.list()[0]!.id, 'redirect');
    expect(choices.get({ kind: 'user', brokerId: 'lab', user: 'alice' }).size).toBe(0);
    s.setContext({ user: { brokerId: 'lab', user: 'alice' } });
    await expect.poll(() => choices.get({ kind: 'user', brokerId: 'lab', user: 'alice' }).get('0781:5581:4C530001230101117453')).toBe('redirect');
  });

  it('per-broker policy: the broker in context decides', async () => {
    const { s, monitor } = await service({ default: 'deny', brokers: { lab: { default: 'allow' } } }, [catalogue.stick()]);
    const id = monitor.list()[0]!.id;
    expect(byId(s.view(), id).status).toBe('refused');
    s.setContext({ brokerId: 'lab' });
    expect(byId(s.view(), id).status).toBe('offered');
    expect(s.adminView()).toMatchObject({ broker: 'lab', settings: { default: 'allow' } });
  });

  it('a session plan follows the desktop\'s own broker (a member of a merged list), not the one signed in at', async () => {
    const { s } = await service({ default: 'deny', onConnect: 'redirect', brokers: { lab: { default: 'allow' } } }, [catalogue.stick()]);
    s.setContext({ brokerId: 'merged' });
    const merged = s.sessionStarting('rdp');
    expect(merged.protocol === 'rdp' && merged.rdp.entries).toEqual([]);
    const lab = s.sessionStarting('rdp', 'lab');
    expect(lab.protocol === 'rdp' && lab.rdp.entries).toHaveLength(1);
  });

  it('the admin view has descriptors, verdicts and both plans', async () => {
    const { s, monitor } = await service({ onConnect: 'redirect', rules: [{ action: 'allow', class: 'mass-storage' }] }, [catalogue.stick(), catalogue.keyboard()]);
    const stick = monitor.list()[0]!;
    const a = s.adminView();
    expect(a.devices[0]).toMatchObject({ serial: stick.serial, port: stick.id, version: '0100', deviceClass: '0x00/0/0', interfaces: ['mass-storage (0x08)/6/80'], verdict: 'allow (#1 allow mass-storage (0x08))' });
    expect(a.devices[1]).toMatchObject({ verdict: 'kept here (keyboard)' });
    expect(a.plans.rdp.entries).toEqual([`addr,dev:01:${stick.address.toString(16).padStart(2, '0')}`]);
    expect(a.plans.spice.redirectOnConnect).toBe('-1,0x0781,0x5581,-1,1|-1,-1,-1,-1,0');
    // The user's view never carries a serial.
    expect(JSON.stringify(s.view())).not.toContain(stick.serial!);
  });
});
