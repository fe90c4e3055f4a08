import { describe, expect, it } from 'vitest';
import { Secret } from '../../../../../src-main/common/secret.ts';
import { invalidSpiceConnection, remoteViewerArgs } from '../../../../../src-main/sessions/spice/remote-viewer-engine.ts';
import type { SpiceConnection } from '../../../../../src-main/sessions/types.ts';

const base: SpiceConnection = { protocol: 'spice', host: 'desk.example', port: 5900, title: 't' };

describe('remoteViewerArgs', () => {
  it('reads the .vv from stdin, kiosk, quits on disconnect; nothing of the connection on it', () => {
    const args = remoteViewerArgs({ ...base, password: new Secret('canary-args'), ca: 'PEM', proxy: 'http://p:3128' });
    expect(args).toEqual(['--debug', '--kiosk', '--kiosk-quit=on-disconnect', '-']);
  });

  it('passes the redirect-on-connect filter as spice-gtk\'s option (virt-viewer 11 does not read it from a .vv), only with USB on', () => {
    const usb = { enabled: true, autoshare: false, redirectOnConnect: '-1,0x1234,-1,-1,1' };
    expect(remoteViewerArgs({ ...base, usb })).toEqual(['--debug', '--kiosk', '--kiosk-quit=on-disconnect', '--spice-usbredir-redirect-on-connect=-1,0x1234,-1,-1,1', '-']);
    expect(remoteViewerArgs({ ...base, usb: { ...usb, enabled: false } })).not.toContainEqual(expect.stringContaining('redirect-on-connect'));
  });
});

describe('invalidSpiceConnection', () => {
  it('accepts host names, IP addresses, and behind a proxy an opaque ticket (Proxmox spiceproxy)', () => {
    expect(invalidSpiceConnection(base)).toBeUndefined();
    expect(invalidSpiceConnection({ ...base, host: '2001:db8::5' })).toBeUndefined();
    const ticket = 'pvespiceproxy:65f1c2ab:101:pve1::2f8c1d0e9a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d';
    expect(invalidSpiceConnection({ ...base, host: ticket, proxy: 'http://192.0.2.10:3128' })).toBeUndefined();
    expect(invalidSpiceConnection({ ...base, host: ticket })).toMatch(/not a host name/);
  });

  it.each<[string, Partial<SpiceConnection>, RegExp]>([
    ['no port at all', { port: undefined }, /neither a port/],
    ['a port out of range', { tlsPort: 70000 }, /not a port/],
    ['a control character in the title', { title: 'a\nb' }, /title has control/],
    ['a control character in a hotkey', { hotkeys: { 'release-cursor': 'ctrl\n' } }, /release-cursor hotkey/],
    ['a control character in a channel list', { secureChannels: ['main\r'] }, /channel or effect list/],
    ['a proxy that is not http://host:port', { proxy: 'socks5://p:1080' }, /not an http:\/\/host:port/],
    ['a proxy with a path', { proxy: 'http://p:3128/x' }, /not an http:\/\/host:port/],
    ['a bad USB filter', { usb: { enabled: true, autoshare: true, filter: '1,2,3' } }, /USB filter is not a valid usbredir filter/],
    ['a bad redirect-on-connect filter', { usb: { enabled: true, autoshare: true, redirectOnConnect: 'x' } }, /redirect-on-connect filter is not a valid usbredir filter/],
    ['whitespace in a proxied host', { host: 'a b', proxy: 'http://p:3128' }, /not a host name/],
    ['a NUL in the password', { password: new Secret('a\0b') }, /NUL/],
  ])('refuses %s', (_name, over, message) => {
    expect(invalidSpiceConnection({ ...base, ...over })).toMatch(message);
  });
});
