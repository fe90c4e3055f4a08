import { describe, expect, it } from 'vitest';
import { readDhcpOptions } from '../../../../src-main/discovery/dhcp-options.ts';
import type { LeaseOption } from '../../../../src-main/discovery/parsers/dhclient-lease.ts';
import { emptyFindings } from '../../../../src-main/discovery/types.ts';

const text = (s: string) => new TextEncoder().encode(s);
const opt = (code: number, bytes: Uint8Array | string): LeaseOption => ({
  name: `unknown-${code}`,
  code,
  value: '',
  bytes: typeof bytes === 'string' ? text(bytes) : bytes,
});
const read = (options: LeaseOption[], site = 224) => {
  const found = emptyFindings();
  readDhcpOptions(options, site, 'on eth0', found);
  return found;
};
const brokers = (f: ReturnType<typeof read>) => f.candidates.map((c) => [c.config.type, c.config.type === 'direct' ? c.config.hosts[0]!.host : c.config.url, c.detail]);

describe('readDhcpOptions', () => {
  it('reads the site option, option 43 sub-option of the same number, then Wyse 188, in that order', () => {
    const sub = Uint8Array.from([226, 4, ...text('corp'), 224, 21, ...text('rdweb://rds.corp.test')]);
    const f = read([opt(188, 'vdi.corp.test'), { name: 'vendor-encapsulated-options', code: 43, value: '', bytes: sub }, opt(224, 'pve://pve.corp.test')]);
    expect(brokers(f)).toEqual([
      ['pve', 'https://pve.corp.test:8006', 'dhcp option 224 on eth0'],
      ['rdweb', 'https://rds.corp.test/RDWeb/Feed/webfeed.aspx', 'dhcp option 43 sub-option 224 on eth0'],
      ['direct', 'vdi.corp.test', 'dhcp option 188 on eth0'],
    ]);
    expect(f.candidates.map((c) => c.rank)).toEqual([0, 100, 200]);
    expect(new Set(f.candidates.map((c) => c.config.id)).size).toBe(3);
    expect(f.problems).toEqual([]);
  });

  it('follows policy to another site option and ignores 224 then', () => {
    const f = read([opt(224, 'pve://wrong'), opt(240, 'ovirt://engine.corp')], 240);
    expect(brokers(f)).toEqual([['ovirt', 'https://engine.corp/ovirt-engine', 'dhcp option 240 on eth0']]);
  });

  it('takes a thinshell record with a name, and several addresses apart by spaces or commas', () => {
    expect(read([opt(224, 'v=thinshell1; broker=pve://pve.corp; name=Lab cluster')]).candidates[0]!.config.name).toBe('Lab cluster');
    const f = read([opt(224, 'pve://a.corp, pve://b.corp rdp://c.corp:3390')]);
    expect(f.candidates.map((c) => [c.config.id, c.rank])).toEqual([
      ['dhcp-224-pve', 0],
      ['dhcp-224-2-pve', 1],
      ['dhcp-224-3-rdp', 2],
    ]);
  });

  it('reports junk values and keeps the good ones', () => {
    const f = read([
      opt(224, Uint8Array.from([0xff, 0xfe, 0x00])),
      { name: 'vendor-encapsulated-options', code: 43, value: '', bytes: text('just text') },
      opt(188, 'ftp://files.corp'),
    ]);
    expect(f.candidates).toEqual([]);
    expect(f.problems).toEqual([
      'dhcp option 224 on eth0: the value is not text (3 bytes)',
      'dhcp option 43 on eth0: not a list of sub-options (sub-option 106 at byte 0 claims 117 bytes, only 7 follow)',
      'dhcp option 188 on eth0: "ftp://files.corp": "ftp://" addresses name a broker type this version cannot use; enter rdp://, spice://, pve://, ovirt://, rdweb:// or https://',
    ]);
  });

  it('refuses empty values, control characters, records without broker=, and user:password in an address', () => {
    const f = read([opt(224, ''), opt(188, 'pve://a\u0007b')]);
    expect(f.problems).toEqual(['dhcp option 224 on eth0: the value is empty', 'dhcp option 188 on eth0: the value holds control characters']);
    expect(read([opt(224, 'v=thinshell1; type=pve')]).problems[0]).toContain('names no broker=');
    expect(read([opt(224, 'pve://root:secret@pve.corp')]).problems[0]).toContain('must not carry a user name or password');
  });

  it('strips the NUL some DHCP servers put after a string', () => {
    expect(brokers(read([opt(224, 'pve://pve.corp\0')]))[0]![1]).toBe('https://pve.corp:8006');
  });
});
