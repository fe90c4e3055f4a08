import type { Answer, Question } from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover } from '../../../src-main/discovery/discover.ts';
import { dnsSource } from '../../../src-main/discovery/dns-source.ts';
import { msradcSource } from '../../../src-main/discovery/msradc-source.ts';
import { Policy } from '../../../src-main/policy/schema.ts';
import { startLyingDns, type Behaviour, type LyingDns } from './lying-dns-server.ts';

// The DNS sources against a real DNS server on loopback that is right, slow, silent or lying.
const txt = (name: string, ...strings: string[]): Answer => ({ type: 'TXT', name, ttl: 60, class: 'IN', data: strings });
const srv = (name: string, target: string, port: number, priority = 10, weight = 5): Answer => ({ type: 'SRV', name, ttl: 60, class: 'IN', data: { target, port, priority, weight } });

function zone(q: Question): Behaviour {
  const domain = q.name.split('.').slice(-2).join('.');
  const name = q.name;
  switch (domain) {
    case 'ok.test':
      if (name.startsWith('_msradc.')) return { kind: 'answer', answers: [txt(name, 'https://rds.ok.test/RDWeb/Feed/webfeed.aspx')] };
      if (q.type === 'SRV') return { kind: 'answer', answers: [srv(name, 'pve2.ok.test', 8006, 20), srv(name, 'pve1.ok.test', 8006, 10)] };
      return { kind: 'answer', answers: [txt(name, 'v=thinshell1; type=pve'), txt(name, 'v=thinshell1; broker=ovirt://', 'engine.ok.test; priority=5'), txt(name, 'google-site-verification=abc')] };
    case 'two.test':
      return q.type === 'TXT' && name.startsWith('_thinshell.')
        ? { kind: 'answer', answers: [txt(name, 'v=thinshell1; broker=pve://a.two.test; priority=2'), txt(name, 'v=thinshell1; broker=pve://b.two.test; priority=1')] }
        : { kind: 'nxdomain' };
    case 'silent.test':
      return { kind: 'silent' };
    case 'late.test':
      return q.type === 'TXT' && name.startsWith('_thinshell.') ? { kind: 'answer', answers: [txt(name, 'v=thinshell1; broker=pve://late.test')], delayMs: 300 } : { kind: 'nxdomain' };
    case 'verylate.test':
      return { kind: 'answer', answers: [txt(name, 'v=thinshell1; broker=pve://verylate.test')], delayMs: 5000 };
    case 'wrongtype.test':
      return { kind: 'answer', answers: q.type === 'TXT' ? [{ type: 'A', name, ttl: 60, class: 'IN', data: '10.9.9.9' }] : [txt(name, 'v=thinshell1; broker=pve://wrong')] };
    case 'huge.test':
      return q.type === 'TXT' ? { kind: 'answer', answers: [txt(name, ...Array.from({ length: 40 }, () => `v=thinshell1; broker=pve://huge.test; ${'x'.repeat(200)}`))] } : { kind: 'nxdomain' };
    case 'loop.test':
      return { kind: 'answer', answers: [{ type: 'CNAME', name, ttl: 60, class: 'IN', data: `b.${name}` }, { type: 'CNAME', name: `b.${name}`, ttl: 60, class: 'IN', data: name }] };
    case 'garbage.test':
      return { kind: 'garbage' };
    case 'junk.test':
      if (name.startsWith('_msradc.')) return { kind: 'answer', answers: [txt(name, 'http://rds.junk.test/RDWeb/Feed'), txt(name, 'not a url')] };
      if (q.type === 'SRV') return { kind: 'answer', answers: [srv(name, 'host.junk.test', 4444), srv(name, '.', 0)] };
      return { kind: 'answer', answers: [txt(name, 'v=thinshell1; broker=ftp://files.junk.test'), txt(name, 'v=thinshell1; type=pve; type=rdp')] };
    default:
      return { kind: 'nxdomain' };
  }
}

let dns: LyingDns;
beforeAll(async () => {
  dns = await startLyingDns(zone);
});
afterAll(() => dns.stop());

async function run(domain: string | string[], deadlineMs = 1000) {
  const policy = Policy.parse({ discovery: { domains: typeof domain === 'string' ? [domain] : domain, deadlineMs } });
  const options = { servers: [dns.server], resolvConf: '/nonexistent/resolv.conf' };
  const started = performance.now();
  const result = await discover([dnsSource(options), msradcSource(options)], policy, { deadlineMs, signal: new AbortController().signal });
  return { ...result, ms: performance.now() - started, dns: result.reports[0]!, msradc: result.reports[1]! };
}
const addresses = (r: Awaited<ReturnType<typeof run>>) => r.candidates.map((c) => [c.source, c.config.type === 'direct' ? c.config.hosts[0]!.host : c.config.url]);

describe('DNS sources against a real, lying DNS server', () => {
  it('finds TXT brokers, SRV targets of the TXT type in priority order, and the _msradc feed', async () => {
    const r = await run('ok.test');
    expect(addresses(r)).toEqual([
      ['dns', 'https://engine.ok.test/ovirt-engine'],
      ['dns', 'https://pve1.ok.test:8006'],
      ['dns', 'https://pve2.ok.test:8006'],
      ['msradc', 'https://rds.ok.test/RDWeb/Feed/webfeed.aspx'],
    ]);
    expect(r.candidates[1]!.detail).toBe('dns SRV _thinshell._tcp.ok.test -> pve1.ok.test:8006');
    expect(r.dns.notes).toEqual(['cannot read /nonexistent/resolv.conf: no such file', 'dns TXT _thinshell._tcp.ok.test: "google-site-verification=abc" is not a thinshell record; ignored']);
    expect(r.dns.problems).toBeUndefined();
  });

  it('two TXT brokers of one kind at one name are both candidates, in their priority order', async () => {
    const r = await run('two.test');
    expect(addresses(r)).toEqual([
      ['dns', 'https://b.two.test:8006'],
      ['dns', 'https://a.two.test:8006'],
    ]);
  });

  it('with eight search domains, a broker of the last one still ranks before the next source', async () => {
    const r = await run(['n1.test', 'n2.test', 'n3.test', 'n4.test', 'n5.test', 'n6.test', 'n7.test', 'ok.test']);
    expect(addresses(r).map(([source]) => source)).toEqual(['dns', 'dns', 'dns', 'msradc']);
  });

  it('a server that never answers costs the deadline, no more, and no query goes out after it', async () => {
    const r = await run('silent.test', 600);
    expect(r.ms).toBeLessThan(600 + 400);
    expect(r.candidates).toEqual([]);
    expect(r.dns.error).toBe('no answer before the deadline');
    const asked = dns.seen.length;
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(dns.seen.length).toBe(asked);
  });

  it('a late answer inside the deadline counts; one after it does not', async () => {
    expect(addresses(await run('late.test', 1500))).toEqual([['dns', 'https://late.test:8006']]);
    const r = await run('verylate.test', 600);
    expect(r.ms).toBeLessThan(600 + 400);
    expect(r.candidates).toEqual([]);
    expect(r.dns.error).toBe('no answer before the deadline');
  });

  it('answers of the wrong record type give nothing and no crash', async () => {
    const r = await run('wrongtype.test');
    expect(r.candidates).toEqual([]);
    expect(r.ms).toBeLessThan(1400);
    expect(r.dns.error).toBeUndefined();
  });

  it('a huge TXT answer (too big for UDP, fetched over TCP) is refused as too long', async () => {
    const r = await run('huge.test');
    expect(dns.seen).toContain('_thinshell._tcp.huge.test TXT tcp');
    expect(r.candidates).toEqual([]);
    expect(r.dns.problems).toEqual([expect.stringMatching(/^dns TXT _thinshell\._tcp\.huge\.test: record is \d+ characters long; at most 4096$/)]);
  });

  it('a CNAME loop ends quietly with nothing', async () => {
    const r = await run('loop.test');
    expect(r.candidates).toEqual([]);
    expect(r.ms).toBeLessThan(1400);
  });

  it('bytes that are no DNS message are reported as a malformed reply', async () => {
    const r = await run('garbage.test');
    expect(r.candidates).toEqual([]);
    expect(r.dns.problems).toContain('SRV _thinshell._tcp.garbage.test: the DNS server sent a malformed reply');
  });

  it('junk records are reported one by one, never fatal', async () => {
    const r = await run('junk.test');
    expect(r.candidates).toEqual([]);
    expect(r.dns.problems).toEqual([
      'dns TXT _thinshell._tcp.junk.test: "ftp://files.junk.test": "ftp://" addresses name a broker type this version cannot use; enter rdp://, spice://, pve://, ovirt://, rdweb:// or https://',
      'dns TXT _thinshell._tcp.junk.test: key "type" appears twice',
      'dns SRV _thinshell._tcp.junk.test -> host.junk.test:4444: which kind of broker? Add a TXT record "v=thinshell1; type=pve" (or ovirt, rdweb, rdp, spice) at _thinshell._tcp.junk.test',
    ]);
    expect(r.dns.notes).toContain('dns SRV _thinshell._tcp.junk.test -> .:0: the domain says there is no such service here');
    expect(r.msradc.problems).toEqual([
      'dns TXT _msradc.junk.test: "http://rds.junk.test/RDWeb/Feed" is not an https:// feed URL',
      'dns TXT _msradc.junk.test: "not a url" is not an https:// feed URL',
    ]);
  });
});
