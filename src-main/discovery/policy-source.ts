import { brokerFromAddress } from '../brokers/address.ts';
import type { DiscoverySource } from './types.ts';

/** Brokers the policy names, in policy order. */
export const policySource: DiscoverySource = {
  name: 'policy',
  async find(policy) {
    return policy.brokers.map((config, i) => ({ config, source: 'policy', detail: `policy brokers[${i}]`, rank: i }));
  },
};

/**
 * The address typed at first-run setup or by the local admin. A separate source, so that an
 * unusable address is reported on its own and leaves the policy brokers standing.
 */
export const setupSource: DiscoverySource = {
  name: 'setup',
  async find(policy) {
    if (!policy.brokerAddress) return [];
    return [{ config: brokerFromAddress(policy.brokerAddress, 'setup'), source: 'setup', detail: 'brokerAddress (typed at first-run setup)', rank: 0 }];
  },
};
