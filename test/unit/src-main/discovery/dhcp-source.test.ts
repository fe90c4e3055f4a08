import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dhcpSource } from '../../../../src-main/discovery/dhcp-source.ts';
import type { Findings } from '../../../../src-main/discovery/types.ts';
import { Policy } from '../../../../src-main/policy/schema.ts';

let dir: string;
const routes = {
  eth0: 'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\neth0\t00000000\t0100A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\neth0\t0000A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n',
  none: 'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n',
};
const lease = (iface: string, value: string, expire: string) => `lease {\n  interface "${iface}";\n  option unknown-224 "${value}";\n  expire ${expire};\n}\n`;
const policy = Policy.parse({});
const signal = new AbortController().signal;
const now = () => new Date('2026-06-01T12:00:00Z');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thinshell-dhcp-'));
  await writeFile(join(dir, 'route-eth0'), routes.eth0);
  await writeFile(join(dir, 'route-none'), routes.none);
  await writeFile(
    join(dir, 'a.leases'),
    lease('eth0', 'pve://expired.corp', '1 2026/05/01 00:00:00') + lease('eth0', 'pve://newest.corp', '1 2026/06/01 13:00:00') + lease('wlan0', 'pve://wlan.corp', 'never'),
  );
  await writeFile(join(dir, 'b.leases'), lease('eth0', 'pve://older.corp', '1 2026/06/01 12:30:00') + 'lease {\n  interface "eth0";\n  option unknown-224 "cut');
  // A fake nmcli that prints what NetworkManager's internal client would (the real one is not installed here).
  await writeFile(join(dir, 'nmcli'), '#!/bin/sh\necho "GENERAL.DEVICE:$6"\necho "DHCP4.OPTION[1]:private_224 = 72\\\\:64\\\\:77\\\\:65\\\\:62\\\\:3a\\\\:2f\\\\:2f\\\\:6e\\\\:6d"\n');
  await chmod(join(dir, 'nmcli'), 0o755);
  await writeFile(join(dir, 'nmcli-down'), '#!/bin/sh\necho "Error: NetworkManager is not running." >&2\nexit 8\n');
  await chmod(join(dir, 'nmcli-down'), 0o755);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const run = (opts: Parameters<typeof dhcpSource>[0]) => dhcpSource({ now, nmcli: false, ...opts }).find(policy, signal) as Promise<Findings>;
const urls = (f: Findings) => f.candidates.map((c) => (c.config.type === 'direct' ? c.config.hosts[0]!.host : c.config.url));

describe('dhcpSource', () => {
  it('takes the newest unexpired lease of the default-route interface across files, and reports the broken tail', async () => {
    const f = await run({ routeFile: join(dir, 'route-eth0'), leaseFiles: async () => [join(dir, 'a.leases'), join(dir, 'b.leases')] });
    expect(urls(f)).toEqual(['https://newest.corp:8006']);
    expect(f.candidates[0]!.detail).toBe(`dhcp option 224 on eth0 (${join(dir, 'a.leases')})`);
    expect(f.problems).toEqual([
      `${join(dir, 'b.leases')}: line 8: a quoted string is not closed`,
      `${join(dir, 'b.leases')}: line 6: the lease is not closed (the file ends inside it)`,
    ]);
  });

  it('without a default route, takes the newest lease of any interface', async () => {
    const f = await run({ routeFile: join(dir, 'route-none'), leaseFiles: async () => [join(dir, 'a.leases')] });
    expect(urls(f)).toEqual(['https://wlan.corp:8006']);
    expect(f.notes).toContain('no default route; reading the newest lease of any interface');
  });

  it('is quiet on a terminal without leases, nmcli or routes', async () => {
    const f = await dhcpSource({ now, nmcli: join(dir, 'no-such-nmcli'), routeFile: join(dir, 'nope'), leaseFiles: async () => [] }).find(policy, signal) as Findings;
    expect(f).toEqual({ candidates: [], problems: [], notes: [expect.stringContaining('cannot read'), 'no dhclient lease file', 'nmcli is not installed'] });
  });

  it('reads options 224-254 from nmcli for the active device, and words nmcli failures as notes', async () => {
    const f = await dhcpSource({ now, nmcli: join(dir, 'nmcli'), routeFile: join(dir, 'route-eth0'), leaseFiles: async () => [] }).find(policy, signal) as Findings;
    expect(urls(f)).toEqual(['https://nm/RDWeb/Feed/webfeed.aspx']);
    expect(f.candidates[0]!.detail).toBe('dhcp option 224 on eth0 (nmcli)');
    const down = await dhcpSource({ now, nmcli: join(dir, 'nmcli-down'), routeFile: join(dir, 'route-eth0'), leaseFiles: async () => [] }).find(policy, signal) as Findings;
    expect(down.notes).toContain('nmcli: Error: NetworkManager is not running.');
  });

  it('once discovery is over (aborted), reads no lease and starts no nmcli', async () => {
    const marker = join(dir, 'nmcli-ran');
    await writeFile(join(dir, 'nmcli-mark'), `#!/bin/sh\ntouch ${marker}\n`);
    await chmod(join(dir, 'nmcli-mark'), 0o755);
    let leaseLookups = 0;
    const over = AbortSignal.abort();
    const f = (await dhcpSource({ now, nmcli: join(dir, 'nmcli-mark'), routeFile: join(dir, 'route-eth0'), leaseFiles: async () => (leaseLookups++, []) }).find(policy, over)) as Findings;
    expect(f.candidates).toEqual([]);
    expect(leaseLookups).toBe(0);
    expect(existsSync(marker)).toBe(false);
  });

  it('names a lease file that is missing or not a file', async () => {
    const f = await run({ routeFile: join(dir, 'route-eth0'), leaseFiles: async () => [join(dir, 'gone.leases'), dir] });
    expect(f.problems).toEqual([`cannot read ${join(dir, 'gone.leases')}: no such file`, `cannot read ${dir}: ${dir} is not a regular file`]);
  });
});
