import { describe, expect, it } from 'vitest';
import { discover } from '../../../../src-main/discovery/discover.ts';
import { policySource, setupSource } from '../../../../src-main/discovery/policy-source.ts';
import type { BrokerCandidate, DiscoverySource, Findings } from '../../../../src-main/discovery/types.ts';
import { brokerFromAddress } from '../../../../src-main/brokers/address.ts';
import { Policy } from '../../../../src-main/policy/schema.ts';

const policy = Policy.parse({
  brokers: [{ type: 'direct', id: 'a', name: 'A', hosts: [{ id: 'h', name: 'H', protocol: 'rdp', host: 'a' }] }],
  brokerAddress: 'spice://b:5930',
});
const empty = Policy.parse({});
const never = new AbortController().signal;

const source = (name: string, run: (signal: AbortSignal) => Promise<BrokerCandidate[] | Findings>): DiscoverySource => ({
  name,
  find: (_p, signal) => run(signal),
});
const found = (address: string, id: string, source: string, extra: Partial<BrokerCandidate> = {}): BrokerCandidate => ({
  config: brokerFromAddress(address, id),
  source,
  rank: 0,
  ...extra,
});
const after = (ms: number, value: BrokerCandidate[], signal: AbortSignal) =>
  new Promise<BrokerCandidate[]>((resolve, reject) => {
    const t = setTimeout(() => resolve(value), ms);
    signal.addEventListener('abort', () => (clearTimeout(t), reject(signal.reason)), { once: true });
  });

describe('discover', () => {
  it('ranks by the order of the sources: policy brokers, then the setup address', async () => {
    const r = await discover([policySource, setupSource], policy, { deadlineMs: 1000, signal: never });
    expect(r.candidates.map((c) => [c.config.id, c.source, c.detail])).toEqual([
      ['a', 'policy', 'policy brokers[0]'],
      ['setup-spice', 'setup', 'brokerAddress (typed at first-run setup)'],
    ]);
    expect(r.reports.map((x) => [x.source, x.found, x.brokers?.[0]?.address])).toEqual([
      ['policy', 1, 'rdp://a'],
      ['setup', 1, 'spice://b:5930'],
    ]);
  });

  it('a later source never outranks an earlier one, whatever its own rank', async () => {
    const early = source('early', async () => [found('pve://early', 'e', 'early', { rank: 900 })]);
    const late = source('late', async () => [found('pve://late', 'l', 'late', { rank: 0 })]);
    const r = await discover([early, late], empty, { deadlineMs: 500, signal: never });
    expect(r.candidates.map((c) => c.config.name)).toEqual(['early', 'late']);
  });

  it('keeps one entry for a broker found twice (different ids, same address), the better ranked', async () => {
    const a = source('dhcp', async () => [found('pve://pve.corp', 'dhcp-224', 'dhcp')]);
    const b = source('dns', async () => [found('pve://PVE.corp:8006', 'dns-corp', 'dns')]);
    const r = await discover([a, b], empty, { deadlineMs: 500, signal: never });
    expect(r.candidates.map((c) => c.source)).toEqual(['dhcp']);
    expect(r.reports.map((x) => x.found)).toEqual([1, 1]);
  });

  it('keeps what answered when a source is silent past the deadline or fails', async () => {
    const silent = source('silent', () => new Promise(() => {}));
    const broken = source('broken', async () => {
      throw new Error('bad lease');
    });
    const started = Date.now();
    const r = await discover([silent, broken, policySource, setupSource], policy, { deadlineMs: 150, signal: never });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(r.candidates).toHaveLength(2);
    expect(r.reports.find((x) => x.source === 'silent')?.error).toBe('no answer before the deadline');
    expect(r.reports.find((x) => x.source === 'broken')?.error).toBe('bad lease');
  });

  it('passes on problems and notes, and counts only candidates as found', async () => {
    const s = source('dhcp', async () => ({ candidates: [], problems: ['option 224: junk'], notes: ['no lease'] }));
    const r = await discover([s], empty, { deadlineMs: 200, signal: never });
    expect(r.reports).toEqual([{ source: 'dhcp', found: 0, ms: expect.any(Number), problems: ['option 224: junk'], notes: ['no lease'] }]);
  });

  it('settle "first": stops once every source before the first one with a broker has finished', async () => {
    const slowButFirst = source('dhcp', (signal) => after(100, [found('pve://dhcp.corp', 'd', 'dhcp')], signal));
    const silent = source('dns', () => new Promise(() => {}));
    const started = Date.now();
    const r = await discover([slowButFirst, silent], empty, { deadlineMs: 3000, signal: never, settle: 'first' });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(r.candidates.map((c) => c.source)).toEqual(['dhcp']);
    expect(r.reports[1]).toMatchObject({ source: 'dns', found: 0, notes: ['not waited for: a source before it found a broker'] });
    expect(r.reports[1]!.error).toBeUndefined();
  });

  it('settle "first" still waits for an earlier source that is slower than a later one', async () => {
    const slowFirst = source('dhcp', (signal) => after(200, [found('pve://dhcp.corp', 'd', 'dhcp')], signal));
    const fastSecond = source('dns', async () => [found('pve://dns.corp', 'n', 'dns')]);
    const r = await discover([slowFirst, fastSecond], empty, { deadlineMs: 3000, signal: never, settle: 'first' });
    expect(r.candidates.map((c) => c.source)).toEqual(['dhcp', 'dns']);
  });

  it('settle "first" does not stop for a broker that needs confirming (mDNS)', async () => {
    const mdns = source('mdns', async () => [found('pve://10.0.0.9', 'm', 'mdns', { confirm: true })]);
    const later = source('late', (signal) => after(150, [found('pve://late.corp', 'l', 'late')], signal));
    const r = await discover([mdns, later], empty, { deadlineMs: 2000, signal: never, settle: 'first' });
    expect(r.candidates.map((c) => c.source)).toEqual(['mdns', 'late']);
  });

  it('reports a bad setup address without losing the policy brokers', async () => {
    const bad = Policy.parse({ ...policy, brokerAddress: 'https://nope' });
    const r = await discover([policySource, setupSource], bad, { deadlineMs: 500, signal: never });
    expect(r.candidates.map((c) => c.config.id)).toEqual(['a']);
    expect(r.reports[1]!.error).toContain('pve://');
  });

  it('lets the caller cancel', async () => {
    const ac = new AbortController();
    const pending = discover([source('slow', () => new Promise(() => {}))], policy, { deadlineMs: 5000, signal: ac.signal });
    ac.abort(new Error('user cancelled'));
    await expect(pending).rejects.toThrow('user cancelled');
  });
});
