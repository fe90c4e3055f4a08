import { describe, expect, it } from 'vitest';
import { discover } from '../../../../src-main/discovery/discover.ts';
import { policySource, setupSource } from '../../../../src-main/discovery/policy-source.ts';
import type { DiscoverySource } from '../../../../src-main/discovery/types.ts';
import { Policy } from '../../../../src-main/policy/schema.ts';

const policy = Policy.parse({
  brokers: [{ type: 'direct', id: 'a', name: 'A', hosts: [{ id: 'h', name: 'H', protocol: 'rdp', host: 'a' }] }],
  brokerAddress: 'spice://b:5930',
});

const source = (name: string, run: (signal: AbortSignal) => Promise<unknown[]>): DiscoverySource => ({
  name,
  find: (_p, signal) => run(signal) as never,
});

describe('discover', () => {
  it('takes policy brokers first and the setup address after them', async () => {
    const r = await discover([setupSource, policySource], policy, { deadlineMs: 1000, signal: new AbortController().signal });
    expect(r.candidates.map((c) => [c.config.id, c.source])).toEqual([
      ['a', 'policy'],
      ['setup-spice', 'setup'],
    ]);
    expect(r.reports).toEqual([
      { source: 'setup', found: 1, ms: expect.any(Number) },
      { source: 'policy', found: 1, ms: expect.any(Number) },
    ]);
  });

  it('keeps what answered when a source is silent past the deadline or fails', async () => {
    const silent = source('silent', () => new Promise(() => {}));
    const broken = source('broken', async () => {
      throw new Error('bad lease');
    });
    const started = Date.now();
    const r = await discover([silent, broken, policySource, setupSource], policy, { deadlineMs: 150, signal: new AbortController().signal });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(r.candidates).toHaveLength(2);
    expect(r.reports.find((x) => x.source === 'silent')?.error).toBe('no answer before the deadline');
    expect(r.reports.find((x) => x.source === 'broken')?.error).toBe('bad lease');
  });

  it('reports a bad setup address without losing the policy brokers', async () => {
    const bad = Policy.parse({ ...policy, brokerAddress: 'https://nope' });
    const r = await discover([policySource, setupSource], bad, { deadlineMs: 500, signal: new AbortController().signal });
    expect(r.candidates.map((c) => c.config.id)).toEqual(['a']);
    expect(r.reports[1]!.error).toContain('https://');
  });

  it('lets the caller cancel', async () => {
    const ac = new AbortController();
    const pending = discover([source('slow', () => new Promise(() => {}))], policy, { deadlineMs: 5000, signal: ac.signal });
    ac.abort(new Error('user cancelled'));
    await expect(pending).rejects.toThrow('user cancelled');
  });
});
