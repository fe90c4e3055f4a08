import { describe, expect, it } from 'vitest';
import { Secret } from '../../../../../src-main/common/secret.ts';
import { invalidXfreerdpConnection as invalidRdpConnection, normaliseFingerprint, xfreerdpArgs } from '../../../../../src-main/sessions/rdp/xfreerdp-args.ts';
import type { RdpConnection } from '../../../../../src-main/sessions/types.ts';

const FP = '55:B6:35:71:E9:5C:09:8C:E8:D5:D3:CA:0C:12:FA:35:9C:C8:90:98:28:C5:75:EA:7E:78:84:F1:45:AB:C0:0A';
const CANARY = 'canary-Pw-7f3a9!';

function spec(over: Partial<RdpConnection> = {}): RdpConnection {
  return {
    protocol: 'rdp',
    host: 'rdp.example.com',
    port: 3389,
    username: 'alice',
    domain: 'CORP',
    password: new Secret(CANARY),
    security: 'nla',
    certificate: { mode: 'system', fingerprints: [] },
    multimon: false,
    title: 'Desk 1',
    ...over,
  };
}

describe('xfreerdpArgs', () => {
  it('maps gateway, RemoteApp, display, redirections, USB and load balancing when asked for', () => {
    const args = xfreerdpArgs(
      spec({
        gateway: { host: 'gw.example.com', port: 443, usage: 'always', username: 'gwuser', domain: 'GW' },
        remoteApp: { program: '||calc', name: 'Calculator', cmdline: '/x' },
        display: { width: 1024, height: 768, monitors: [0, 2], scalePercent: 140 },
        redirect: { clipboard: true, audioOut: true, audioIn: true, smartcard: true, drives: [{ name: 'stick', path: '/media/stick' }] },
        usb: ['id,dev:046d:c52b', 'auto'],
        loadBalanceInfo: 'tsv://MS Terminal Services Plugin.1.Desks',
      }),
    );
    for (const a of [
      '/g:gw.example.com:443',
      '/gateway-usage-method:direct',
      '/gu:gwuser',
      '/gd:GW',
      '/app:||calc',
      '/app-name:Calculator',
      '/app-cmd:/x',
      '/size:1024x768',
      '/monitors:0,2',
      '/scale:140',
      '+clipboard',
      '/sound',
      '/microphone',
      '/smartcard',
      '/drive:stick,/media/stick',
      '/usb:id,dev:046d:c52b',
      '/usb:auto',
      '/load-balance-info:tsv://MS Terminal Services Plugin.1.Desks',
    ]) expect(args).toContain(a);
    expect(args).not.toContain('-clipboard');
    expect(xfreerdpArgs(spec({ gateway: { host: 'gw', port: 8443, usage: 'auto' } }))).toContain('/gateway-usage-method:detect');
    expect(xfreerdpArgs(spec({ gateway: { host: 'gw', port: 443, usage: 'never' } })).some((a) => a.startsWith('/g'))).toBe(false);
  });

  it('refuses a separate gateway password (it could only go on the command line) and bad optional parts', () => {
    expect(invalidRdpConnection(spec({ gateway: { host: 'gw', port: 443, usage: 'always', password: new Secret(CANARY) } }))).toMatch(/gateway password/);
    expect(invalidRdpConnection(spec({ gateway: { host: 'gw', port: 443, usage: 'always' } }))).toBeUndefined();
    expect(invalidRdpConnection(spec({ gateway: { host: 'gw bad', port: 443, usage: 'always' } }))).toMatch(/gateway is not a host/);
    expect(invalidRdpConnection(spec({ gateway: { host: 'gw', port: 0, usage: 'always' } }))).toMatch(/gateway port/);
    expect(invalidRdpConnection(spec({ remoteApp: { program: 'calc\n/evil' } }))).toMatch(/RemoteApp program/);
    expect(invalidRdpConnection(spec({ remoteApp: { program: '' } }))).toMatch(/without a program/);
    expect(invalidRdpConnection(spec({ display: { width: 100, height: 768 } }))).toMatch(/display size/);
    expect(invalidRdpConnection(spec({ display: { scalePercent: 150 } }))).toMatch(/scale/);
    expect(invalidRdpConnection(spec({ display: { monitors: [16] } }))).toMatch(/monitor/);
    expect(invalidRdpConnection(spec({ redirect: { drives: [{ name: 'a,b', path: '/x' }] } }))).toMatch(/drive name/);
    expect(invalidRdpConnection(spec({ redirect: { drives: [{ name: 'a', path: 'relative' }] } }))).toMatch(/drive path/);
    expect(invalidRdpConnection(spec({ redirect: { drives: [{ name: 'a', path: '/x,y' }] } }))).toMatch(/drive path/);
    expect(invalidRdpConnection(spec({ usb: ['id,dev:1;2'] }))).toMatch(/USB/);
  });

  it('builds the argv of a full-screen, password-from-stdin session', () => {
    expect(xfreerdpArgs(spec())).toEqual([
      '/v:rdp.example.com',
      '/port:3389',
      '/u:alice',
      '/d:CORP',
      '/from-stdin:force',
      '/sec:nla',
      '/cert:deny',
      '/f',
      '-toggle-fullscreen',
      '-grab-keyboard',
      '/t:Desk 1',
      '/wm-class:thinshell-rdp',
      '-clipboard',
      '-auto-reconnect',
      '/log-level:WARN',
      '/log-filters:com.freerdp.core.connection:DEBUG,com.freerdp.core.info:DEBUG,com.freerdp.core.update:DEBUG',
    ]);
  });

  it('never puts the password in argv, whatever the options', () => {
    for (const security of ['auto', 'nla', 'tls', 'rdp'] as const) {
      for (const mode of ['system', 'pin', 'ignore'] as const) {
        const args = xfreerdpArgs(spec({ security, certificate: { mode, fingerprints: [FP] }, multimon: true, autoReconnect: true }));
        expect(args.join('\n')).not.toContain(CANARY);
        expect(args.some((a) => /^[/+-]p:/.test(a))).toBe(false);
      }
    }
  });

  it('maps security: auto leaves the choice to negotiation', () => {
    expect(xfreerdpArgs(spec({ security: 'auto' })).some((a) => a.startsWith('/sec:'))).toBe(false);
    expect(xfreerdpArgs(spec({ security: 'tls' }))).toContain('/sec:tls');
    expect(xfreerdpArgs(spec({ security: 'rdp' }))).toContain('/sec:rdp');
  });

  it('maps certificate policy: ignore, system (deny what the CAs do not verify), pinned fingerprints', () => {
    expect(xfreerdpArgs(spec({ certificate: { mode: 'ignore', fingerprints: [] } }))).toContain('/cert:ignore');
    const pinned = xfreerdpArgs(spec({ certificate: { mode: 'pin', fingerprints: [FP, `sha256:${'ab'.repeat(32)}`] } }));
    expect(pinned).toContain(`/cert:deny,fingerprint:sha256:${FP.toLowerCase()},fingerprint:sha256:${'ab:'.repeat(31)}ab`);
  });

  it('adds /multimon and +auto-reconnect only when asked; no /from-stdin without a password', () => {
    const args = xfreerdpArgs(spec({ multimon: true, autoReconnect: true, password: undefined, domain: undefined }));
    expect(args).toContain('/multimon');
    expect(args).toContain('+auto-reconnect');
    expect(args).not.toContain('/from-stdin:force');
    expect(args.some((a) => a.startsWith('/d:'))).toBe(false);
  });

  it('writes IPv6 hosts in brackets with a separate /port (FreeRDP 2 mis-splits /v:[::1]:port)', () => {
    expect(xfreerdpArgs(spec({ host: '::1', port: 43390 })).slice(0, 2)).toEqual(['/v:[::1]', '/port:43390']);
  });

  it('keeps hostile values inside their own argument', () => {
    const args = xfreerdpArgs(spec({ username: 'bob /p:x', title: '/cert:ignore' }));
    expect(args).toContain('/u:bob /p:x');
    expect(args).toContain('/t:/cert:ignore');
    expect(args).not.toContain('/cert:ignore');
  });
});

describe('normaliseFingerprint', () => {
  it('accepts upper/lower case, with or without colons and a sha256: prefix', () => {
    const want = FP.toLowerCase();
    expect(normaliseFingerprint(FP)).toBe(want);
    expect(normaliseFingerprint(FP.replace(/:/g, ''))).toBe(want);
    expect(normaliseFingerprint(`sha256:${FP}`)).toBe(want);
  });

  it('rejects anything that is not 32 bytes of hex', () => {
    expect(normaliseFingerprint('ab:cd')).toBeUndefined();
    expect(normaliseFingerprint('zz'.repeat(32))).toBeUndefined();
  });
});

describe('invalidRdpConnection', () => {
  it('accepts a sound connection', () => {
    expect(invalidRdpConnection(spec())).toBeUndefined();
  });

  it.each<[string, Partial<RdpConnection>, RegExp]>([
    ['a host with a space', { host: 'a b' }, /host name/],
    ['port 0', { port: 0 }, /port/],
    ['port 70000', { port: 70000 }, /port/],
    ['a newline in the user name', { username: 'a\nb' }, /user name/],
    ['a control character in the title', { title: 'x\u0007' }, /title/],
    ['a line break in the password', { password: new Secret('a\nb') }, /line break/],
    ['a password of 512 bytes', { password: new Secret('é'.repeat(256)) }, /511 bytes/],
    ['a password without a user', { username: undefined }, /without a user/],
    ['pinning without fingerprints', { certificate: { mode: 'pin', fingerprints: [] } }, /without any fingerprint/],
    ['a malformed fingerprint', { certificate: { mode: 'pin', fingerprints: ['12:34'] } }, /not a SHA-256/],
  ])('rejects %s', (_name, over, message) => {
    expect(invalidRdpConnection(spec(over))).toMatch(message);
  });

  it('never repeats the password in its message', () => {
    const msg = invalidRdpConnection(spec({ password: new Secret(`${CANARY}\n`) }));
    expect(msg).toBeDefined();
    expect(msg).not.toContain(CANARY);
  });
});
