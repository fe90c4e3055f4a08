import { describe, expect, it } from 'vitest';
import { brokerFromAddress } from '../../../../src-main/brokers/address.ts';
import { discoverBrokers, networkSources, sourcesFor, type NetworkSources } from '../../../../src-main/discovery/sources.ts';
import type { DiscoverySource } from '../../../../src-main/discovery/types.ts';
import { Policy } from '../../../../src-main/policy/schema.ts';

// Policy decides which network sources run and in which order (= priority).
const fake = (name: string, calls: string[]): DiscoverySource => ({
  name,
  find: async () => {
    calls.push(name);
    return [{ config: brokerFromAddress(`pve://${name}.corp`, name), source: name, rank: 0 }];
  },
});
const fakes = (calls: string[]): NetworkSources => ({ dhcp: fake('dhcp', calls), dns: fake('dns', calls), msradc: fake('msradc', calls), mdns: fake('mdns', calls) });
const signal = new AbortController().signal;

describe('sources by policy', () => {
  it('runs policy, setup, then the network sources in the default order', () => {
    expect(sourcesFor(Policy.parse({}), networkSources()).map((s) => s.name)).toEqual(['policy', 'setup', 'dhcp', 'dns', 'msradc', 'mdns']);
  });

  it('a policy order changes the ranking, and a source left out does not run', async () => {
    const calls: string[] = [];
    const policy = Policy.parse({ discovery: { sources: ['mdns', 'dns'] } });
    const r = await discoverBrokers(policy, fakes(calls), { signal, settle: 'all' });
    expect(r.candidates.map((c) => c.source)).toEqual(['mdns', 'dns']);
    expect(calls.sort()).toEqual(['dns', 'mdns']);
  });

  it('the policy schema refuses an unknown source, a source twice, and a site option outside 224-254', () => {
    expect(Policy.safeParse({ discovery: { sources: ['wins'] } }).success).toBe(false);
    expect(Policy.safeParse({ discovery: { sources: ['dns', 'dns'] } }).success).toBe(false);
    expect(Policy.safeParse({ discovery: { dhcpOption: 188 } }).success).toBe(false);
    expect(Policy.safeParse({ discovery: { domains: ['-bad.example'] } }).success).toBe(false);
    expect(Policy.parse({ discovery: { dhcpOption: 254, domains: ['corp.example.'] } }).discovery).toEqual({
      sources: ['dhcp', 'dns', 'msradc', 'mdns'],
      dhcpOption: 254,
      domains: ['corp.example.'],
      deadlineMs: 2000,
    });
  });
});
