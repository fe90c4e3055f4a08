import { describe, expect, it } from 'vitest';
import { directBrokerFromAddress } from '../../../../../src-main/brokers/direct/address.ts';
import { DirectBroker } from '../../../../../src-main/policy/schema.ts';

describe('directBrokerFromAddress', () => {
  const cases: [string, string, string, number][] = [
    ['rdp://host.example', 'rdp', 'host.example', 3389],
    ['host.example', 'rdp', 'host.example', 3389],
    ['host.example:3390', 'rdp', 'host.example', 3390],
    ['spice://10.0.0.5:5930', 'spice', '10.0.0.5', 5930],
    ['SPICE://vm', 'spice', 'vm', 5900],
    ['rdp://[fe80::1]:4000', 'rdp', '[fe80::1]', 4000],
    ['  rdp://ts1/  ', 'rdp', 'ts1', 3389],
  ];
  it.each(cases)('%s -> %s %s:%d', (address, protocol, host, port) => {
    const broker = directBrokerFromAddress(address, 'setup');
    const h = broker.hosts[0]!;
    expect([h.protocol, h.host, h.port]).toEqual([protocol, host, port]);
    // What it builds must be valid policy, since it is saved as such.
    expect(DirectBroker.safeParse(broker).success).toBe(true);
  });

  it.each([
    ['https://pve:8006', 'no-broker'],
    ['vnc://x', 'no-broker'],
    ['host:99999', 'invalid-argument'],
    ['host:0', 'invalid-argument'],
    ['two words', 'invalid-argument'],
    ['', 'invalid-argument'],
    ['rdp://', 'invalid-argument'],
    ['[::1', 'invalid-argument'],
  ])('refuses %j with %s', (address, code) => {
    expect(() => directBrokerFromAddress(address, 'setup')).toThrow(expect.objectContaining({ code }));
  });
});
