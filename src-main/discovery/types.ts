import type { BrokerPolicy, Policy } from '../policy/schema.ts';

/** A broker found by one discovery source, with where it came from. */
export interface BrokerCandidate {
  config: BrokerPolicy;
  /** policy, setup, dhcp, dns, mdns */
  source: string;
  /** Lower comes first. */
  rank: number;
}

export interface DiscoverySource {
  readonly name: string;
  find(policy: Policy, signal: AbortSignal): Promise<BrokerCandidate[]>;
}

export interface SourceReport {
  source: string;
  found: number;
  ms: number;
  error?: string;
}
