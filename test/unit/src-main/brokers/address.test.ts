import { describe, expect, it } from 'vitest';
import { brokerFromAddress } from '../../../../src-main/brokers/address.ts';
import { ShellError } from '../../../../src-main/contract/index.ts';
import { BrokerPolicy } from '../../../../src-main/policy/schema.ts';

const of = (address: string) => brokerFromAddress(address, 'setup');
const url = (address: string) => {
  const b = of(address);
  if (b.type === 'direct') throw new Error('expected a server broker');
  return [b.type, b.url];
};

describe('brokerFromAddress', () => {
  it('keeps direct addresses direct', () => {
    expect(of('rdp://desk:3390')).toMatchObject({ type: 'direct', hosts: [{ protocol: 'rdp', host: 'desk', port: 3390 }] });
    expect(of('spice://[::1]')).toMatchObject({ type: 'direct', hosts: [{ protocol: 'spice', host: '[::1]', port: 5900 }] });
    expect(of('desk.example')).toMatchObject({ type: 'direct', hosts: [{ protocol: 'rdp', port: 3389 }] });
  });

  it('broker schemes get the broker usual address', () => {
    expect(url('pve://pve1.example')).toEqual(['pve', 'https://pve1.example:8006']);
    expect(url('pve://pve1.example:443')).toEqual(['pve', 'https://pve1.example:443']);
    expect(url('pve://[fd00::5]')).toEqual(['pve', 'https://[fd00::5]:8006']);
    expect(url('ovirt://engine.example')).toEqual(['ovirt', 'https://engine.example/ovirt-engine']);
    expect(url('rdweb://rds.example.com')).toEqual(['rdweb', 'https://rds.example.com/RDWeb/Feed/webfeed.aspx']);
    expect(url('RDWEB://rds.example.com/RDWeb/Feed/webfeed.aspx?x=1')).toEqual(['rdweb', 'https://rds.example.com/RDWeb/Feed/webfeed.aspx?x=1']);
  });

  it('tells the broker of an https URL from its path or port', () => {
    expect(url('https://rds.example.com/RDWeb/Feed/webfeed.aspx')).toEqual(['rdweb', 'https://rds.example.com/RDWeb/Feed/webfeed.aspx']);
    expect(url('https://engine.example/ovirt-engine/')).toEqual(['ovirt', 'https://engine.example/ovirt-engine']);
    expect(url('https://pve.example:8006/')).toEqual(['pve', 'https://pve.example:8006']);
    expect(url('https://pve.example/api2/json')).toEqual(['pve', 'https://pve.example:8006']);
    // An explicit :443 stays (the URL class would drop it as https' default).
    expect(url('https://pve.example:443/api2/json')).toEqual(['pve', 'https://pve.example:443']);
  });

  it('every result is a valid policy entry', () => {
    for (const a of ['pve://p', 'ovirt://o:8443', 'rdweb://r', 'https://x/RDWeb/Feed/webfeed.aspx', 'rdp://h']) {
      expect(() => BrokerPolicy.parse(of(a))).not.toThrow();
    }
  });

  it('refuses what it cannot place, in words', () => {
    const code = (a: string) => {
      try {
        of(a);
        return 'accepted';
      } catch (err) {
        return err instanceof ShellError ? `${err.code}: ${err.message}` : String(err);
      }
    };
    expect(code('https://intranet.example/')).toMatch(/^invalid-argument: cannot tell which broker/);
    expect(code('vnc://host')).toMatch(/^no-broker: "vnc:\/\/"/);
    expect(code('https://user:pw@rds/RDWeb/')).toMatch(/must not carry a user name or password/);
    expect(code('pve://')).toMatch(/^invalid-argument/);
  });
});
