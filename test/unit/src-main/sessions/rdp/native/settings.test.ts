import { describe, expect, it } from 'vitest';
import { Secret } from '../../../../../../src-main/common/secret.ts';
import { invalidNativeConnection, nativeSettings } from '../../../../../../src-main/sessions/rdp/native/settings.ts';
import type { RdpConnection } from '../../../../../../src-main/sessions/types.ts';

const FP = 'AB:'.repeat(31) + 'AB';
const base: RdpConnection = {
  protocol: 'rdp',
  host: 'desk.example',
  port: 3390,
  username: 'alice',
  domain: 'CORP',
  password: new Secret('pw'),
  security: 'nla',
  certificate: { mode: 'pin', fingerprints: [FP] },
  multimon: true,
  autoReconnect: true,
  title: 'Alice desk',
};

describe('nativeSettings', () => {
  it('maps gateway, RemoteApp, display, redirections and USB onto the library keys', () => {
    const s = nativeSettings({
      ...base,
      gateway: { host: '[::1]', port: 8443, usage: 'auto', username: 'gwuser', domain: 'GW', password: new Secret('gw-secret') },
      remoteApp: { program: '||calc', name: 'Calculator', cmdline: '-x' },
      display: { width: 1024, height: 768, monitors: [1, 0], scalePercent: 180 },
      redirect: { clipboard: true, audioOut: false, audioIn: true, smartcard: true, drives: [{ name: 'stick', path: '/media/a' }, { name: 'home', path: '/srv/h' }] },
      usb: ['id,dev:046d:c52b', 'addr,dev:1:4'],
      loadBalanceInfo: 'tsv://MS Terminal Services Plugin.1.Desks',
    });
    expect(s).toMatchObject({
      load_balance_info: 'tsv://MS Terminal Services Plugin.1.Desks',
      gateway_host: '::1',
      gateway_port: '8443',
      gateway_usage: 'auto',
      gateway_username: 'gwuser',
      gateway_domain: 'GW',
      remoteapp_program: '||calc',
      remoteapp_name: 'Calculator',
      remoteapp_cmdline: '-x',
      width: '1024',
      height: '768',
      monitors: '1,0',
      scale: '180',
      clipboard: '1',
      audio_out: '0',
      audio_in: '1',
      smartcard: '1',
      drives: 'stick=/media/a,home=/srv/h',
      usb: 'id,dev:046d:c52b;addr,dev:1:4',
    });
    // The gateway password goes to ts_session_set_gateway_password, never into the settings.
    expect(JSON.stringify(s)).not.toContain('gw-secret');
    const never = nativeSettings({ ...base, gateway: { host: 'gw', port: 443, usage: 'never' } });
    expect(Object.keys(never).some((k) => k.startsWith('gateway_'))).toBe(false);
  });

  it('maps every field of the connection onto ts_session_set keys, password excluded', () => {
    expect(nativeSettings(base)).toEqual({
      host: 'desk.example',
      port: '3390',
      username: 'alice',
      domain: 'CORP',
      security: 'nla',
      cert_mode: 'pin',
      cert_fingerprints: 'ab:'.repeat(31) + 'ab',
      fullscreen: '1',
      multimon: '1',
      title: 'Alice desk',
      auto_reconnect: '1',
      network: 'lan',
    });
    expect(JSON.stringify(nativeSettings(base))).not.toContain('"pw"');
  });

  it('leaves out what is not set, and booleans are 0/1 as the library wants them', () => {
    const s = nativeSettings({ ...base, username: undefined, domain: undefined, password: undefined, multimon: false, autoReconnect: undefined, certificate: { mode: 'system', fingerprints: [] } });
    expect(s).not.toHaveProperty('username');
    expect(s).not.toHaveProperty('domain');
    expect(s).not.toHaveProperty('cert_fingerprints');
    expect(s).toMatchObject({ cert_mode: 'system', multimon: '0', auto_reconnect: '0' });
  });

  it('several pins become one comma list; 64 hex digits without colons are accepted too', () => {
    const two = nativeSettings({ ...base, certificate: { mode: 'pin', fingerprints: [FP, 'cd'.repeat(32)] } });
    expect(two.cert_fingerprints!.split(',')).toEqual(['ab:'.repeat(31) + 'ab', 'cd:'.repeat(31) + 'cd']);
  });

  it('an IPv6 address goes without brackets; window=0 only when the engine asks for no window', () => {
    expect(nativeSettings({ ...base, host: '[::1]' }).host).toBe('::1');
    expect(nativeSettings({ ...base, host: 'fe80::1' }).host).toBe('fe80::1');
    expect(nativeSettings(base)).not.toHaveProperty('window');
    expect(nativeSettings(base, { window: false }).window).toBe('0');
    expect(nativeSettings(base, { window: true })).not.toHaveProperty('window');
  });

  it('network: lan unless policy says auto', () => {
    expect(nativeSettings(base, { network: 'auto' }).network).toBe('auto');
    expect(nativeSettings(base, { network: 'lan' }).network).toBe('lan');
  });
});

describe('invalidNativeConnection', () => {
  it('accepts a good connection', () => {
    expect(invalidNativeConnection(base)).toBeUndefined();
  });

  it.each([
    [{ host: 'bad host' }, /host/],
    [{ host: 'a/b' }, /host/],
    [{ host: '' }, /host/],
    [{ port: 0 }, /port/],
    [{ port: 70000 }, /port/],
    [{ port: 3.5 }, /port/],
    [{ username: 'al\nice' }, /user name/],
    [{ title: 'x'.repeat(300) }, /title/],
    [{ password: new Secret('a\0b') }, /NUL/],
    [{ password: new Secret('x'.repeat(1025)) }, /1024 bytes/],
    [{ gateway: { host: 'gw', port: 443, usage: 'always' as const, password: new Secret('x'.repeat(1025)) } }, /the gateway password is longer than 1024 bytes/],
    [{ gateway: { host: 'gw', port: 443, usage: 'always' as const, password: new Secret('a\0b') } }, /gateway password contains a NUL/],
    [{ username: undefined }, /password without a user name/],
    [{ certificate: { mode: 'pin' as const, fingerprints: [] } }, /without any fingerprint/],
    [{ certificate: { mode: 'pin' as const, fingerprints: ['nope'] } }, /not a SHA-256/],
    [{ certificate: { mode: 'pin' as const, fingerprints: Array(9).fill(FP) } }, /more than 8/],
  ])('refuses %o', (over, why) => {
    expect(invalidNativeConnection({ ...base, ...over } as RdpConnection)).toMatch(why);
  });

  it('a line break in the password is fine here (it never goes through a line-based stdin)', () => {
    expect(invalidNativeConnection({ ...base, password: new Secret('line1\nline2') })).toBeUndefined();
  });
});
