import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { thinshell, mainTs } from '../../unit/src-main/cli/cli-process.ts';
import { createTestNetwork, ip, type TestNetwork } from './netns.ts';
import { runDhclient, startAvahi, startDnsmasq } from './services.ts';

// The real thing: two network namespaces on a veth pair. The server side runs dnsmasq (DHCP
// with the broker options, DNS with SRV/TXT/A) and avahi-daemon (mDNS); the terminal side runs
// dhclient, then `thinshell discover` inside the terminal namespace, with the namespace's own
// resolver (written from the lease) and its own routes.

const ascii = (s: string) => [...Buffer.from(s)].map((b) => b.toString(16).padStart(2, '0')).join(':');
const subOption = (code: number, s: string) => `${code.toString(16)}:${Buffer.byteLength(s).toString(16).padStart(2, '0')}:${ascii(s)}`;

let net: TestNetwork;
let dir: string;
let dnsmasq: { stop(): Promise<void> } | undefined;
let dhclient: { stop(): Promise<void> } | undefined;
const leaseFile = () => join(dir, 'dhclient.leases');

interface Discovered {
  ok: boolean;
  ms: number;
  deadlineMs: number;
  candidates: { id: string; type: string; address: string; source: string; detail?: string; confirm?: boolean }[];
  sources: { source: string; found: number; ms: number; error?: string; problems?: string[]; notes?: string[]; brokers?: { address: string; detail?: string }[] }[];
}

async function discoverInTerminal(policy: unknown, leases: string[] = [leaseFile()]): Promise<{ code: number | null; result: Discovered; wallMs: number; stderr: string }> {
  const policyFile = join(dir, `policy-${Date.now()}.json`);
  await writeFile(policyFile, JSON.stringify(policy));
  const started = performance.now();
  const args = ['discover', '--json', '--image', policyFile, '--managed', join(dir, 'none.json'), '--local', join(dir, 'none.json'), ...leases.flatMap((l) => ['--lease-file', l])];
  const ran = await thinshell(args, { command: ['ip', 'netns', 'exec', net.terminal, process.execPath, '--import', 'tsx', mainTs] });
  const wallMs = performance.now() - started;
  let result: Discovered;
  try {
    result = JSON.parse(ran.stdout) as Discovered;
  } catch {
    throw new Error(`thinshell discover printed no JSON (exit ${ran.code}):\n${ran.stdout}\n${ran.stderr}`);
  }
  return { code: ran.code, result, wallMs, stderr: ran.stderr };
}
const source = (r: Discovered, name: string) => r.sources.find((s) => s.source === name)!;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thinshell-netns-'));
  net = await createTestNetwork();
});
afterAll(async () => {
  await net?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('discovery on a real test network', () => {
  it('finds the broker from a real dhclient lease, DNS SRV/TXT through the namespace resolver, _msradc, and a real mDNS announcement', async () => {
    dnsmasq = await startDnsmasq(net, dir, {
      dhcpOptions: [`224,"pve://pve.corp.test:8006"`, `43,${subOption(226, 'corp')}:${subOption(224, 'rdweb://rds43.corp.test')}`, `188,"vdi.corp.test"`],
      dns: [
        'srv-host=_thinshell._tcp.corp.test,pve-srv.corp.test,8006,10,5',
        'txt-record=_thinshell._tcp.corp.test,"v=thinshell1; type=pve"',
        'txt-record=_thinshell._tcp.corp.test,"v=thinshell1; broker=ovirt://engine.corp.test; name=Engine"',
        'txt-record=_msradc.corp.test,"https://rds.corp.test/RDWeb/Feed/webfeed.aspx"',
        'address=/pve-srv.corp.test/10.213.0.1',
      ],
    });
    await startAvahi(net, { name: 'Lab PVE', port: 8006, txt: ['v=thinshell1', 'type=pve'] });
    dhclient = await runDhclient(net, dir, leaseFile());
    // The resolver the terminal got from DHCP (dnsmasq's domain-search and dns-server options).
    expect(await readFile(join(net.etcDir(net.terminal), 'resolv.conf'), 'utf8')).toBe('search corp.test.\nnameserver 10.213.0.1\n');

    const { code, result } = await discoverInTerminal({ discovery: { deadlineMs: 2000 } });
    expect(code).toBe(0);
    const where = `on ${net.terminalIf} (${leaseFile()})`;
    expect(result.candidates.map((c) => [c.source, c.type, c.address, c.detail]), JSON.stringify(result.sources, null, 1)).toEqual([
      ['dhcp', 'pve', 'https://pve.corp.test:8006', `dhcp option 224 ${where}`],
      ['dhcp', 'rdweb', 'https://rds43.corp.test/RDWeb/Feed/webfeed.aspx', `dhcp option 43 sub-option 224 ${where}`],
      ['dhcp', 'direct', 'rdp://vdi.corp.test:3389', `dhcp option 188 ${where}`],
      ['dns', 'ovirt', 'https://engine.corp.test/ovirt-engine', 'dns TXT _thinshell._tcp.corp.test'],
      ['dns', 'pve', 'https://pve-srv.corp.test:8006', 'dns SRV _thinshell._tcp.corp.test -> pve-srv.corp.test:8006'],
      ['msradc', 'rdweb', 'https://rds.corp.test/RDWeb/Feed/webfeed.aspx', 'dns TXT _msradc.corp.test'],
      ['mdns', 'pve', 'https://10.213.0.1:8006', 'mdns _thinshell._tcp.local "Lab PVE" at 10.213.0.1:8006'],
    ]);
    expect(result.candidates.at(-1)!.confirm).toBe(true);
    for (const s of result.sources) expect([s.source, s.error, s.problems], JSON.stringify(s)).toEqual([s.source, undefined, undefined]);
    // Every source answered inside the deadline; mDNS returned once the answers stopped.
    expect(Math.max(...result.sources.map((s) => s.ms)), JSON.stringify(result.sources.map((s) => [s.source, s.ms]))).toBeLessThan(2000);
  });

  it('the kiosk way (settle first): DHCP answers, so discovery does not wait for the rest', async () => {
    const policyFile = join(dir, 'first.json');
    await writeFile(policyFile, JSON.stringify({ discovery: { deadlineMs: 2000 } }));
    const ran = await thinshell(['discover', '--json', '--settle', 'first', '--image', policyFile, '--managed', join(dir, 'x'), '--local', join(dir, 'x'), '--lease-file', leaseFile()], {
      command: ['ip', 'netns', 'exec', net.terminal, process.execPath, '--import', 'tsx', mainTs],
    });
    const first = JSON.parse(ran.stdout) as Discovered;
    expect(first.candidates[0]).toMatchObject({ source: 'dhcp', address: 'https://pve.corp.test:8006' });
    expect(first.ms).toBeLessThan(1000);
    expect(source(first, 'mdns').notes).toEqual(['not waited for: a source before it found a broker']);
  });

  it('garbage DHCP option values are reported, never fatal, and the deadline holds', async () => {
    await dhclient?.stop();
    await dnsmasq?.stop();
    dnsmasq = await startDnsmasq(net, dir, {
      // 224: bytes that are not UTF-8; 43: text that is no sub-option list; 188: a scheme we refuse.
      dhcpOptions: ['224,ff:fe:00:01', `43,${ascii('just text')}`, `188,"ftp://files.corp.test"`],
    });
    const garbageLease = join(dir, 'garbage.leases');
    dhclient = await runDhclient(net, dir, garbageLease);
    const { code, result, wallMs } = await discoverInTerminal({ discovery: { deadlineMs: 1000, sources: ['dhcp', 'dns'] } }, [garbageLease]);
    expect(code).toBe(4);
    expect(result.candidates).toEqual([]);
    const where = `on ${net.terminalIf} (${garbageLease})`;
    expect(source(result, 'dhcp').problems).toEqual([
      `dhcp option 224 ${where}: the value is not text (4 bytes)`,
      `dhcp option 43 ${where}: not a list of sub-options (sub-option 106 at byte 0 claims 117 bytes, only 7 follow)`,
      `dhcp option 188 ${where}: "ftp://files.corp.test": "ftp://" addresses name a broker type this version cannot use; enter rdp://, spice://, pve://, ovirt://, rdweb:// or https://`,
    ]);
    // No DNS here (port=0): the lease names no server, so the resolver has nothing to ask.
    expect(source(result, 'dns').error).toBeUndefined();
    expect(wallMs).toBeLessThan(1000 + 5000);
  });

  it('a resolver that never answers costs the deadline and no more', async () => {
    // 10.213.0.99 is on the link but nobody: queries vanish.
    await writeFile(join(net.etcDir(net.terminal), 'resolv.conf'), 'search corp.test\nnameserver 10.213.0.99\n');
    const { result } = await discoverInTerminal({ discovery: { deadlineMs: 800, sources: ['dns', 'msradc'] } }, []);
    expect(source(result, 'dns').error).toBe('no answer before the deadline');
    expect(source(result, 'msradc').error).toBe('no answer before the deadline');
    expect(result.ms).toBeLessThan(800 + 300);
  });

  it('a kiosk with no network, no lease and no resolver reaches first-run setup within the deadline, quietly', async () => {
    await dhclient?.stop();
    // The terminal namespace loses its link, address and routes; its resolv.conf is empty.
    await ip('-n', net.terminal, 'link', 'set', net.terminalIf, 'down');
    await ip('-n', net.terminal, 'addr', 'flush', 'dev', net.terminalIf);
    await writeFile(join(net.etcDir(net.terminal), 'resolv.conf'), '');
    const script = fileURLToPath(new URL('./kiosk-offline.ts', import.meta.url));
    const ran = await thinshell([], { command: ['ip', 'netns', 'exec', net.terminal, process.execPath, '--import', 'tsx', script] });
    expect(ran.code).toBe(0);
    const out = JSON.parse(ran.stdout) as { screen: { kind: string; candidates: unknown[] }; ms: number; log: string[] };
    expect(out.screen).toEqual({ kind: 'setup', candidates: [] });
    expect(out.ms).toBeLessThan(2000 + 500);
    expect(out.log.filter((l) => / (warn|error) /.test(l))).toEqual([]);
    // Each source said why it found nothing, at info level: no route, lease, nmcli, resolver or link.
    const report = out.log.find((l) => / info \[thinshell\] discovery /.test(l)) ?? '';
    for (const words of ['no default route', 'no dhclient lease file', 'names no DNS server', 'no network interface with an IPv4 address']) expect(report).toContain(words);
  });
});
