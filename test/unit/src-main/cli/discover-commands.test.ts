import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from './run-in-process.ts';
import { fixtureDir } from '../discovery/parsers/fixture-files.ts';

// `thinshell discover` and `thinshell parse lease`, in-process. Discovery on the real test
// network (inside a namespace) is test/integration/discovery/network.test.ts.
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thinshell-discover-cli-'));
  // No network source: these tests must not send anything from the host.
  await writeFile(join(dir, 'offline.json'), JSON.stringify({ discovery: { sources: [] } }));
  await writeFile(join(dir, 'typed.json'), JSON.stringify({ discovery: { sources: [] }, brokerAddress: 'pve://pve.corp.example' }));
  await writeFile(join(dir, 'nm.txt'), 'GENERAL.DEVICE:eth0\nDHCP4.OPTION[1]:private_230 = 72\\:64\\:70\\:3a\\:2f\\:2f\\:64\\:65\\:73\\:6b\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const run = (...args: string[]) => runInProcess(args);
const policyArgs = (file: string) => ['--image', join(dir, file), '--managed', join(dir, 'none'), '--local', join(dir, 'none')];

describe('thinshell discover', () => {
  it('exits 4 and says the kiosk would show setup when nothing is found', async () => {
    const r = await run('discover', ...policyArgs('offline.json'));
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/^Discovery took \d+ ms \(deadline 2000 ms\)\.\nSources, best first:\n {2}policy +\d+ ms {2}nothing\n {2}setup +\d+ ms {2}nothing\nNo broker found: the kiosk would show first-run setup\.\n$/);
  });

  it('prints what each source found and where, as JSON too', async () => {
    const r = await run('discover', '--json', ...policyArgs('typed.json'));
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { ok: boolean; candidates: unknown[]; sources: { source: string; found: number }[] };
    expect(doc.ok).toBe(true);
    expect(doc.candidates).toEqual([
      { id: 'setup-pve', type: 'pve', name: 'pve.corp.example', address: 'https://pve.corp.example:8006', detail: 'brokerAddress (typed at first-run setup)', source: 'setup', rank: 1_000_000 },
    ]);
    expect(doc.sources.map((s) => [s.source, s.found])).toEqual([['policy', 0], ['setup', 1]]);
    const text = await run('discover', ...policyArgs('typed.json'));
    expect(text.stdout).toContain('      pve https://pve.corp.example:8006  (brokerAddress (typed at first-run setup))\n');
    expect(text.stdout).toContain('The kiosk would sign in at: pve.corp.example (pve, from setup: brokerAddress (typed at first-run setup))');
  });

  it('a broken policy layer is said on stderr, not hidden; discovery runs on the good ones', async () => {
    await writeFile(join(dir, 'broken.json'), '{ "locale": "xx" }');
    const r = await run('discover', '--image', join(dir, 'broken.json'), '--managed', join(dir, 'offline.json'), '--local', join(dir, 'none'));
    expect(r.stderr).toContain(`policy: the image layer (${join(dir, 'broken.json')}) is invalid and left out: `);
    expect(r.code).toBe(4);
  });

  it('refuses a bad --settle', async () => {
    const r = await run('discover', '--settle', 'soon', ...policyArgs('offline.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--settle must be all or first');
  });
});

describe('thinshell parse lease', () => {
  it('shows the options of a real dhclient lease and the brokers discovery reads from them', async () => {
    const file = join(fixtureDir('dhclient'), 'real-dnsmasq.leases');
    const r = await run('parse', 'lease', file);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${file}: dhclient lease file, 1 lease\nlease 1: tsx-t0 10.213.0.52, expires 2026-12-02T19:22:55.000Z`);
    expect(r.stdout).toContain('  option unknown-224 (224): pve://pve.corp.test:8006\n');
    expect(r.stdout).toContain('  option vendor-encapsulated-options (43): e0:5:68:65:6c:6c:6f:e2:1:41 = e0:05:68:65:6c:6c:6f:e2:01:41\n');
    expect(r.stdout).toContain('  broker: pve https://pve.corp.test:8006  (dhcp option 224 on tsx-t0)\n');
    expect(r.stdout).toContain('  broker: direct rdp://vdi.corp.test:3389  (dhcp option 188 on tsx-t0)\n');
    // Option 43 holds sub-options 224 ("hello") and 226 ("A"): a bare host name, which
    // brokerFromAddress takes as an RDP host.
    expect(r.stdout).toContain('  broker: direct rdp://hello:3389  (dhcp option 43 sub-option 224 on tsx-t0)\n');
  });

  it('reads saved nmcli -t output, with --option for the site option', async () => {
    const r = await run('parse', 'lease', '--json', '--option', '230', join(dir, 'nm.txt'));
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { format: string; leases: { interface: string; brokers: { address: string }[]; options: { text?: string }[] }[] };
    expect(doc.format).toBe('nmcli');
    expect(doc.leases[0]!.interface).toBe('eth0');
    expect(doc.leases[0]!.options[0]!.text).toBe('rdp://desk');
    expect(doc.leases[0]!.brokers.map((b) => b.address)).toEqual(['rdp://desk:3389']);
  });

  it('exits 1 for a broken file (problems printed), 3 for a missing one, 2 for a bad --option', async () => {
    const broken = await run('parse', 'lease', join(fixtureDir('dhclient'), 'truncated.leases'));
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('  problem: line 10: a quoted string is not closed\n');
    const missing = await run('parse', 'lease', join(dir, 'nope.leases'));
    expect(missing.code).toBe(3);
    expect(missing.stderr).toBe(`thinshell: cannot read ${join(dir, 'nope.leases')}: no such file\n`);
    expect((await run('parse', 'lease', '--option', '188', join(dir, 'nm.txt'))).code).toBe(2);
  });
});
