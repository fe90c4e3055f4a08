import { describe, expect, it } from 'vitest';
import { Secret } from '../../../../src-main/common/secret.ts';
import { parseRdpFile } from '../../../../src-main/formats/rdp.ts';
import { rdpConnectionFromFile, type RdpRules } from '../../../../src-main/formats/rdp-connection.ts';
import { invalidNativeConnection, nativeSettings } from '../../../../src-main/sessions/rdp/native/settings.ts';
import { invalidXfreerdpConnection } from '../../../../src-main/sessions/rdp/xfreerdp-args.ts';

const strict: RdpRules = {
  security: 'nla',
  certificate: { mode: 'pin', fingerprints: ['aa'.repeat(32)] },
  redirect: { clipboard: false, audioOut: false, audioIn: false, smartcard: false, drives: [] },
};
const open: RdpRules = { ...strict, redirect: { clipboard: true, audioOut: true, audioIn: true, smartcard: true, drives: [{ name: 'usb', path: '/media/usb' }] } };
const alice = { username: 'alice', domain: 'CORP', password: new Secret('pw-canary') };

function connect(text: string, rules = strict, creds: Parameters<typeof rdpConnectionFromFile>[2] = alice) {
  return rdpConnectionFromFile(parseRdpFile(text), rules, creds, 'Desk');
}

describe('rdpConnectionFromFile', () => {
  it('takes the address from the file and the security and certificate rules from policy', () => {
    const { connection, warnings } = connect('full address:s:[::1]:3390\nauthentication level:i:0\nenablecredsspsupport:i:0\n');
    expect(connection).toMatchObject({ host: '::1', port: 3390, security: 'nla', certificate: strict.certificate, username: 'alice', domain: 'CORP', title: 'Desk' });
    expect(connection.password?.reveal()).toBe('pw-canary');
    expect(warnings.map((w) => w.key)).toEqual(expect.arrayContaining(['authentication level', 'enablecredsspsupport']));
    expect(invalidNativeConnection(connection)).toBeUndefined();
  });

  it('turns off what policy forbids and says so; mstsc defaults ask for clipboard, printers, smart cards', () => {
    const { connection, warnings } = connect('full address:s:h\n');
    expect(connection.redirect).toEqual({ clipboard: false, audioOut: false, audioIn: false, smartcard: false });
    expect(warnings.map((w) => w.key)).toEqual(expect.arrayContaining(['redirectclipboard', 'audiomode', 'redirectsmartcards', 'redirectprinters']));
  });

  it('grants what both the file and policy allow, and nothing the file does not ask for', () => {
    const { connection } = connect('full address:s:h\nredirectclipboard:i:0\naudiocapturemode:i:1\ndrivestoredirect:s:*\n', open);
    expect(connection.redirect).toEqual({ clipboard: false, audioOut: true, audioIn: true, smartcard: true, drives: [{ name: 'usb', path: '/media/usb' }] });
  });

  it('the signed-in user wins over the file; the file domain fills in only when none was given', () => {
    expect(connect('full address:s:h\nusername:s:OTHER\\bob\n').warnings.map((w) => w.key)).toContain('username');
    const { connection } = connect('full address:s:h\nusername:s:FILE\\alice\n', strict, { username: 'alice', password: new Secret('x') });
    expect(connection).toMatchObject({ username: 'alice', domain: 'FILE' });
    const upn = connect('full address:s:h\ndomain:s:FILE\n', strict, { username: 'alice@corp.example', password: new Secret('x') }).connection;
    expect(upn.domain).toBeUndefined();
  });

  it('a gateway gets the session credentials unless the file says otherwise', () => {
    const same = connect('full address:s:h\ngatewayhostname:s:gw:8443\ngatewayusagemethod:i:1\n');
    expect(same.connection.gateway).toEqual({ host: 'gw', port: 8443, usage: 'always' });
    expect(same.warnings.map((w) => w.key)).not.toContain('gatewaycredentialssource');
    const other = connect('full address:s:h\ngatewayhostname:s:gw\npromptcredentialonce:i:0\n');
    expect(other.connection.gateway).toEqual({ host: 'gw', port: 443, usage: 'auto', credentials: 'none' });
    expect(other.warnings.map((w) => w.key)).toContain('gatewaycredentialssource');
    expect(nativeSettings(other.connection)).toMatchObject({ gateway_host: 'gw', gateway_credentials: 'none' });
    expect(nativeSettings(same.connection).gateway_credentials).toBeUndefined();
    const card = connect('full address:s:h\ngatewayhostname:s:gw\ngatewaycredentialssource:i:1\n');
    expect(card.connection.gateway?.credentials).toBe('none');
    expect(invalidXfreerdpConnection(card.connection)).toContain('native engine');
    expect(invalidXfreerdpConnection(same.connection)).toBeUndefined();
    expect(connect('full address:s:h\ngatewayhostname:s:gw\ngatewayusagemethod:i:4\n').connection.gateway).toBeUndefined();
    expect(nativeSettings(same.connection)).toMatchObject({ gateway_host: 'gw', gateway_port: '8443', gateway_usage: 'always' });
    expect(nativeSettings(same.connection).gateway_username).toBeUndefined();
  });

  it('carries RemoteApp, monitors, a windowed size and the load-balance cookie', () => {
    const { connection } = connect(
      'full address:s:h\nremoteapplicationmode:i:1\nremoteapplicationprogram:s:||calc\nremoteapplicationname:s:Calculator\nscreen mode id:i:1\ndesktopwidth:i:1280\ndesktopheight:i:720\nselectedmonitors:s:1\nloadbalanceinfo:s:tsv://MS Terminal Services Plugin.1.Apps\n',
    );
    expect(connection.remoteApp).toEqual({ program: '||calc', name: 'Calculator' });
    expect(connection.display).toEqual({ width: 1280, height: 720, monitors: [1] });
    expect(connection.loadBalanceInfo).toBe('tsv://MS Terminal Services Plugin.1.Apps');
    expect(invalidNativeConnection(connection)).toBeUndefined();
  });

  it('never takes a password from the file', () => {
    const { connection } = connect('full address:s:h\npassword:s:from-file\n', strict, { username: 'u' });
    expect(connection.password).toBeUndefined();
    expect(JSON.stringify(connection)).not.toContain('from-file');
  });
});
