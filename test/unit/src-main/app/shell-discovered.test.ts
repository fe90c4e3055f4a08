import { describe, expect, it } from 'vitest';
import { brokerFromAddress } from '../../../../src-main/brokers/address.ts';
import { dispatchCall } from '../../../../src-main/contract/index.ts';
import { discover } from '../../../../src-main/discovery/discover.ts';
import { policySource, setupSource } from '../../../../src-main/discovery/policy-source.ts';
import type { BrokerCandidate, DiscoverySource } from '../../../../src-main/discovery/types.ts';
import { harness } from './harness.ts';

// Brokers found on the network, through the real discover() and shell: where they came from
// reaches the UI, and one that anyone on the link could announce (mDNS) waits for a choice.
const network = (...found: BrokerCandidate[]): DiscoverySource => ({ name: 'net', find: async () => found });
const candidate = (address: string, id: string, source: string, detail: string, confirm = false): BrokerCandidate => ({
  config: brokerFromAddress(address, id),
  source,
  detail,
  rank: 0,
  ...(confirm ? { confirm } : {}),
});
const withSources = (net: DiscoverySource) => ({
  discover: async (p: Parameters<typeof discover>[1], signal: AbortSignal) => (await discover([policySource, setupSource, net], p, { deadlineMs: 500, signal })).candidates,
});

describe('shell with discovered brokers', () => {
  it('signs in at a DHCP-found broker at once, and names where it came from', async () => {
    const h = harness({}, withSources(network(candidate('rdp://10.0.0.5', 'dhcp-224', 'dhcp', 'dhcp option 224 on eth0 (/var/lib/dhcp/dhclient.eth0.leases)'))));
    await h.core.start();
    const s = h.screen();
    expect(s.kind).toBe('signIn');
    expect(s.kind === 'signIn' && s.brokers.map((b) => [b.source, b.sourceDetail])).toEqual([['dhcp', 'dhcp option 224 on eth0 (/var/lib/dhcp/dhclient.eth0.leases)']]);
  });

  it('offers an mDNS-found broker at first-run setup instead of using it, and uses it once chosen', async () => {
    const mdns = candidate('rdp://10.0.0.9', 'mdns-lab', 'mdns', 'mdns _thinshell._tcp.local "Lab" at 10.0.0.9:3389', true);
    const h = harness({}, withSources(network(mdns)));
    await h.core.start();
    const s = h.screen();
    expect(s.kind).toBe('setup');
    expect(s.kind === 'setup' && s.candidates.map((c) => [c.id, c.source, c.sourceDetail])).toEqual([['mdns-lab-rdp', 'mdns', 'mdns _thinshell._tcp.local "Lab" at 10.0.0.9:3389']]);
    const reply = await dispatchCall(h.core.handlers, 'setBroker', { candidateId: 'mdns-lab-rdp' });
    expect(reply.ok).toBe(true);
    const chosen = h.screen();
    expect(chosen.kind === 'signIn' && chosen.broker.id).toBe('mdns-lab-rdp');
  });

  it('an mDNS broker beside a DHCP one: sign-in goes to the DHCP one', async () => {
    const h = harness({}, withSources(network(
      candidate('rdp://10.0.0.9', 'mdns-lab', 'mdns', 'mdns', true),
      candidate('rdp://10.0.0.5', 'dhcp-224', 'dhcp', 'dhcp option 224 on eth0'),
    )));
    await h.core.start();
    const s = h.screen();
    expect(s.kind === 'signIn' && s.broker.id).toBe('dhcp-224-rdp');
  });
});
