import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from './run-in-process.ts';
import { devicesFromFile } from '../../../../src-main/usb/devices-file.ts';
import { loadUsbredirLib } from '../../../../src-main/usb/usbredir-lib.ts';

const devicesFile = fileURLToPath(new URL('./fixtures/usb-devices.json', import.meta.url));
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thinshell-usb-cli-'));
  await writeFile(join(dir, 'policy.json'), JSON.stringify({ usb: { onConnect: 'redirect', onPlug: 'redirect', rules: [{ action: 'deny', class: 'printer' }], brokers: { lab: { rules: [] } } } }));
  await writeFile(join(dir, 'bad-policy.json'), '{ "usb": { "onPlug": "always" } }');
  await writeFile(join(dir, 'bad-devices.json'), '{ "devices": [{ "vendor": "781", "product": "5581" }] }');
  await writeFile(join(dir, 'twice.json'), '[{ "vendor": "0781", "product": "5581", "address": 3 }, { "vendor": "0781", "product": "5581", "address": 3 }]');
  await writeFile(join(dir, 'not-json.json'), '{ devices: ');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const run = (...args: string[]) => runInProcess(args);

describe('thinshell usb plan', () => {
  it('rdp: each device with status and rule, then the urbdrc entry', async () => {
    const r = await run('usb', 'plan', '--protocol', 'rdp', '--policy', join(dir, 'policy.json'), '--devices', devicesFile);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  1-1        046d:c31c  local      Logitech USB Keyboard  [kept here (keyboard)]\n');
    expect(r.stdout).toContain('  1-2        0781:5581  redirected SanDisk Ultra  [default]\n');
    expect(r.stdout).toContain('  2-1.3      03f0:c511  refused    LaserJet  [#1 deny printer (0x07)]\n');
    expect(r.stdout).toContain('  usb = addr,dev:01:05\n');
  });

  it('spice --json: the .vv keys and the redirect-on-connect filter, valid for libusbredirparser', async () => {
    const r = await run('usb', 'plan', '--protocol', 'spice', '--policy', join(dir, 'policy.json'), '--devices', devicesFile, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { plan: { spice: { enabled: boolean; autoshare: boolean; filter: string; redirectOnConnect: string } }; devices: { status: string }[] };
    expect(out.devices.map((d) => d.status)).toEqual(['local', 'redirected', 'refused']);
    expect(out.plan.spice).toMatchObject({ enabled: true, autoshare: true, redirectOnConnect: '-1,0x0781,0x5581,-1,1|-1,-1,-1,-1,0' });
    const lib = loadUsbredirLib();
    expect(lib.parse(out.plan.spice.filter).ok).toBe(true);
    expect(lib.parse(out.plan.spice.redirectOnConnect).ok).toBe(true);
  });

  it('--broker applies that broker\'s override (here: no printer rule)', async () => {
    const r = await run('usb', 'plan', '--protocol', 'rdp', '--policy', join(dir, 'policy.json'), '--devices', devicesFile, '--broker', 'lab');
    expect(r.stdout).toContain('(broker lab)');
    expect(r.stdout).toContain('  usb = addr,dev:01:05#02:11,auto\n');
  });

  it('bad input: usage 2, invalid files 1 with the key, missing files 3', async () => {
    expect((await run('usb', 'plan', '--devices', devicesFile)).code).toBe(2);
    expect((await run('usb', 'plan', '--protocol', 'vnc', '--devices', devicesFile)).stderr).toContain('--protocol must be rdp or spice (got "vnc")');
    const badPolicy = await run('usb', 'plan', '--protocol', 'rdp', '--policy', join(dir, 'bad-policy.json'), '--devices', devicesFile);
    expect(badPolicy).toMatchObject({ code: 1, stderr: expect.stringContaining('usb.onPlug') });
    const badDevices = await run('usb', 'plan', '--protocol', 'rdp', '--policy', join(dir, 'policy.json'), '--devices', join(dir, 'bad-devices.json'));
    expect(badDevices).toMatchObject({ code: 1, stderr: expect.stringContaining('devices.0.vendor: four hex digits') });
    expect((await run('usb', 'plan', '--protocol', 'rdp', '--policy', join(dir, 'policy.json'), '--devices', join(dir, 'twice.json'))).stderr).toContain('two devices at 1-a3');
    expect((await run('usb', 'plan', '--protocol', 'rdp', '--policy', join(dir, 'policy.json'), '--devices', join(dir, 'not-json.json'))).stderr).toContain('not JSON');
    expect((await run('usb', 'plan', '--protocol', 'rdp', '--policy', join(dir, 'policy.json'), '--devices', join(dir, 'none.json'))).code).toBe(3);
    expect((await run('usb', 'plan', '--protocol', 'rdp', '--policy', join(dir, 'none.json'), '--devices', devicesFile)).code).toBe(3);
  });
});

describe('thinshell usb list', () => {
  it.skipIf(existsSync('/sys/bus/usb'))('on this machine (no USB subsystem): "no devices" and why, exit 0; --json is a devices file', async () => {
    expect(await run('usb', 'list')).toEqual({ code: 0, stdout: 'no devices (this machine has no USB subsystem)\n', stderr: '' });
    const j = await run('usb', 'list', '--json');
    const doc = JSON.parse(j.stdout) as unknown;
    expect(doc).toEqual({ ok: true, available: false, reason: 'no-subsystem', hotplug: false, devices: [] });
    expect(devicesFromFile(doc)).toEqual({ ok: true, devices: [] });
  });
});

describe('thinshell usb check-filter', () => {
  it('valid: exit 0 with the rules in words', async () => {
    const r = await run('usb', 'check-filter', '0x03,-1,-1,-1,0|-1,0x0781,-1,-1,1');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'valid: 2 rules\n  1  deny   class 0x03  vendor any  product any  version any\n  2  allow  class any  vendor 0x0781  product any  version any\n  note: no catch-all rule at the end: a device no rule matches is not redirected\n',
    );
    expect((await run('usb', 'check-filter', '--', '-1,-1,-1,-1,1')).code).toBe(0);
    expect((await run('usb', 'check-filter', '3,-1,-1,-1,0|-1,-1,-1,-1,1')).stdout).toContain('as written by libusbredirparser: 0x03,-1,-1,-1,0|-1,-1,-1,-1,1');
  });

  it('invalid: exit 1 with the reason; --json says so too', async () => {
    const r = await run('usb', 'check-filter', '0x03,-1,-1|-1,-1,-1,-1,1');
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'thinshell: invalid usbredir filter: rule 1 ("0x03,-1,-1"): expected 5 fields class,vendor,product,version,allow; got 3\n' });
    const j = await run('usb', 'check-filter', '--json', '0x1ff,-1,-1,-1,1');
    expect(JSON.parse(j.stdout)).toMatchObject({ ok: false, exitCode: 1, error: expect.stringContaining('out of range') });
  });
});

describe('devices files', () => {
  it('a bare list works, classes by name or number; positions give addresses', () => {
    const r = devicesFromFile([{ vendor: '0x0781', product: '5581', class: 'miscellaneous', interfaces: [{ class: 8 }] }, { vendor: 'ABCD', product: '0001' }]);
    expect(r).toMatchObject({ ok: true, devices: [{ id: '1-a1', deviceClass: 0xef, vendorId: 0x0781, interfaces: [{ class: 8, subclass: 0, protocol: 0 }] }, { id: '1-a2', vendorId: 0xabcd }] });
  });

  it('refuses what is not a devices file, with the key', () => {
    expect(devicesFromFile({ devices: [{ vendor: '0781', product: '5581', interfaces: [{ class: 'toaster' }] }] })).toMatchObject({ ok: false });
    expect(devicesFromFile('nope')).toMatchObject({ ok: false });
    expect(devicesFromFile([{ vendor: '0781', product: '5581', colour: 'red' }])).toMatchObject({ ok: false, problems: [expect.stringContaining('0')] });
  });
});
