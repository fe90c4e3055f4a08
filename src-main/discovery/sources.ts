import type { DiscoverySourceName, Policy } from '../policy/schema.ts';
import { dhcpSource, type DhcpSourceOptions } from './dhcp-source.ts';
import { discover, type DiscoveryResult } from './discover.ts';
import type { DnsOptions } from './dns-lookup.ts';
import { dnsSource } from './dns-source.ts';
import { mdnsSource, type MdnsSourceOptions } from './mdns-source.ts';
import { msradcSource } from './msradc-source.ts';
import { policySource, setupSource } from './policy-source.ts';
import type { DiscoverySource } from './types.ts';

export type NetworkSources = Record<DiscoverySourceName, DiscoverySource>;

export interface NetworkSourceOptions {
  dhcp?: DhcpSourceOptions;
  dns?: DnsOptions;
  mdns?: MdnsSourceOptions;
}

/** The real network sources, by their policy names. */
export function networkSources(options: NetworkSourceOptions = {}): NetworkSources {
  return {
    dhcp: dhcpSource(options.dhcp),
    dns: dnsSource(options.dns),
    msradc: msradcSource(options.dns),
    mdns: mdnsSource(options.mdns),
  };
}

/**
 * The sources in priority order: the policy's brokers, then the address typed at first-run
 * setup (explicit choices before anything the network says), then the network sources in the
 * order policy `discovery.sources` lists them. First-run setup itself is what the shell shows
 * when none of them found a broker.
 */
export function sourcesFor(policy: Policy, network: NetworkSources): DiscoverySource[] {
  return [policySource, setupSource, ...policy.discovery.sources.map((name) => network[name])];
}

/** One discovery run as policy sets it up (sources, order, deadline). */
export function discoverBrokers(policy: Policy, network: NetworkSources, options: { signal: AbortSignal; settle?: 'all' | 'first' }): Promise<DiscoveryResult> {
  return discover(sourcesFor(policy, network), policy, { deadlineMs: policy.discovery.deadlineMs, signal: options.signal, settle: options.settle ?? 'first' });
}
