import { describe, expect, it } from 'vitest';
import { Secret } from '../../../../src-main/common/secret.ts';
import { KeyFileError, keyFileInt, keyFileList, keyFileString, parseKeyFile, spiceToVv, writeKeyFile } from '../../../../src-main/formats/vv.ts';
import { glibLoad } from '../../../support/glib-keyfile.ts';

const TRICKY = [
  '',
  'plain',
  ' leading space',
  'trailing space  ',
  '   ',
  'back\\slash',
  'semi;colon',
  'tab\there',
  'multi\nline\r\nwith CR',
  '#not a comment',
  '[not a group]',
  'key=value',
  'ünïcödé €',
  '\\s literally',
];

describe('writeKeyFile', () => {
  it('escapes \\ \\n \\t \\r and spaces at the ends, as GLib does', () => {
    const text = writeKeyFile({ g: { a: ' x\\y\n\tz\r ', b: 'semi;colon' } });
    expect(text).toBe('[g]\na=\\sx\\\\y\\n\\tz\\r\\s\nb=semi;colon\n');
  });

  it('writes lists with ; after every item and escapes ; inside an item', () => {
    expect(writeKeyFile({ g: { l: ['a;b', 'c', ''] } })).toBe('[g]\nl=a\\;b;c;;\n');
  });

  it('writes booleans as 1/0 (virt-viewer reads them as integers) and integers as they are', () => {
    expect(writeKeyFile({ g: { t: true, f: false, n: 5900 } })).toBe('[g]\nt=1\nf=0\nn=5900\n');
  });

  it('leaves out undefined values and writes a # comment first', () => {
    expect(writeKeyFile({ g: { a: undefined, b: 'x' } }, 'made by thinshell')).toBe('# made by thinshell\n[g]\nb=x\n');
  });

  it.each<[string, () => string]>([
    ['a NUL in a value', () => writeKeyFile({ g: { a: 'x\0y' } })],
    ['a non-integer number', () => writeKeyFile({ g: { a: 1.5 } })],
    ['a key with =', () => writeKeyFile({ g: { 'a=b': 'x' } })],
    ['a group with ]', () => writeKeyFile({ 'a]': { a: 'x' } })],
  ])('refuses %s', (_name, write) => {
    expect(write).toThrow(KeyFileError);
  });
});

describe('parseKeyFile and the value readers', () => {
  it('round-trips every tricky string and list through our writer and parser', () => {
    const text = writeKeyFile({ g: Object.fromEntries(TRICKY.map((v, i) => [`k${i}`, v])), l: { list: TRICKY } });
    const parsed = parseKeyFile(text);
    TRICKY.forEach((v, i) => expect(keyFileString(parsed.get('g')!.get(`k${i}`)!)).toBe(v));
    expect(keyFileList(parsed.get('l')!.get('list')!)).toEqual(TRICKY);
  });

  it('follows GLib: comments, CRLF, last duplicate wins, repeated groups merge, spaces around =', () => {
    const parsed = parseKeyFile('# c\r\n[a]\r\nx = 1\r\n\r\n[b]\ny=2\n[a]\nx=3\nz=\t4\n');
    expect([...parsed.get('a')!]).toEqual([
      ['x', '3'],
      ['z', '4'],
    ]);
    expect(parsed.get('b')!.get('y')).toBe('2');
  });

  it.each([
    ['a byte order mark', '\uFEFF[a]\nx=1\n'],
    ['a ; comment line', '[a]\n; no\nx=1\n'],
    ['a key before any group', 'x=1\n[a]\n'],
    ['a line that is nothing', '[a]\nnonsense\n'],
    ['a broken group header', '[a\nx=1\n'],
  ])('rejects %s', (_name, text) => {
    expect(() => parseKeyFile(text)).toThrow(KeyFileError);
  });

  it('rejects escapes GLib rejects: unknown ones, a trailing backslash, \\; outside a list', () => {
    expect(() => keyFileString('a\\qb')).toThrow(KeyFileError);
    expect(() => keyFileString('ab\\')).toThrow(KeyFileError);
    expect(() => keyFileString('a\\;b')).toThrow(KeyFileError);
    expect(keyFileList('a\\;b;c;')).toEqual(['a;b', 'c']);
  });

  it('reads integers as GLib does: `true` is not one', () => {
    expect(keyFileInt(' 12 ')).toBe(12);
    expect(keyFileInt('-3')).toBe(-3);
    expect(() => keyFileInt('true')).toThrow(KeyFileError);
  });
});

describe('against GLib itself (libglib-2.0 through koffi, what remote-viewer parses with)', () => {
  it('GLib reads back every tricky string and list we write', () => {
    const text = writeKeyFile({ g: Object.fromEntries(TRICKY.map((v, i) => [`k${i}`, v])), l: { list: TRICKY, yes: true, no: false, port: 5930 } });
    const kf = glibLoad(text);
    expect(kf).toBeDefined();
    TRICKY.forEach((v, i) => expect(kf!.string('g', `k${i}`)).toBe(v));
    expect(kf!.list('l', 'list')).toEqual(TRICKY);
    expect([kf!.integer('l', 'yes'), kf!.integer('l', 'no'), kf!.integer('l', 'port')]).toEqual([1, 0, 5930]);
    kf!.free();
  });

  it('GLib and our parser agree on what to reject and what values mean', () => {
    const inputs = ['[a]\nx=  v  \n', '[a]\r\nx=1\r\n', '\uFEFF[a]\nx=1\n', '[a]\n;c\nx=1\n', '# c\n[a]\nx=\\sq\\n\n', '[a]\nx=1\n[a]\nx=2\n'];
    for (const text of inputs) {
      const kf = glibLoad(text);
      let ours: string | undefined;
      try {
        ours = keyFileString(parseKeyFile(text).get('a')!.get('x')!);
      } catch {
        ours = undefined;
      }
      expect(ours, JSON.stringify(text)).toBe(kf?.string('a', 'x'));
      kf?.free();
    }
  });
});

describe('spiceToVv', () => {
  it('writes a [virt-viewer] file GLib reads back field for field, password included', () => {
    const ca = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const vv = spiceToVv({
      protocol: 'spice',
      host: 'pve.example.com',
      port: 5930,
      tlsPort: 61000,
      password: new Secret(' p;w\\ #1 '),
      ca,
      hostSubject: 'OU=PVE Cluster Node,O=Proxmox Virtual Environment,CN=pve',
      proxy: 'http://proxy:3128',
      title: 'VM 100',
    });
    const kf = glibLoad(vv)!;
    expect(kf.string('virt-viewer', 'type')).toBe('spice');
    expect(kf.string('virt-viewer', 'host')).toBe('pve.example.com');
    expect(kf.integer('virt-viewer', 'port')).toBe(5930);
    expect(kf.integer('virt-viewer', 'tls-port')).toBe(61000);
    expect(kf.string('virt-viewer', 'password')).toBe(' p;w\\ #1 ');
    expect(kf.string('virt-viewer', 'ca')).toBe(ca);
    expect(kf.string('virt-viewer', 'host-subject')).toBe('OU=PVE Cluster Node,O=Proxmox Virtual Environment,CN=pve');
    expect(kf.string('virt-viewer', 'proxy')).toBe('http://proxy:3128');
    expect(kf.integer('virt-viewer', 'fullscreen')).toBe(1);
    kf.free();
  });

  it('leaves out what the connection does not have', () => {
    const vv = spiceToVv({ protocol: 'spice', host: '127.0.0.1', port: 5900, title: 't' });
    const kf = glibLoad(vv)!;
    for (const key of ['password', 'tls-port', 'ca', 'host-subject', 'proxy']) expect(kf.has('virt-viewer', key), key).toBe(false);
    kf.free();
  });

  it('writes every .vv key remote-viewer reads with its GLib type: lists, integers for booleans, escaped strings', () => {
    const vv = spiceToVv({
      protocol: 'spice',
      host: 'h.example',
      port: 5900,
      title: 'every key',
      secureChannels: ['main', 'display'],
      disableChannels: ['record'],
      tlsCiphers: 'HIGH:!aNULL',
      hotkeys: { 'release-cursor': 'ctrl+alt+r', 'secure-attention': 'ctrl+alt+end', 'toggle-fullscreen': 'shift+f11' },
      usb: { enabled: true, autoshare: false, filter: '-1,0x1234,-1,-1,1|-1,-1,-1,-1,0', redirectOnConnect: '-1,0x1234,-1,-1,1' },
      smartcard: true,
      colorDepth: 16,
      disableEffects: ['wallpaper', 'animation'],
      deleteThisFile: true,
    });
    const kf = glibLoad(vv)!;
    const g = 'virt-viewer';
    expect(kf.list(g, 'secure-channels')).toEqual(['main', 'display']);
    expect(kf.list(g, 'disable-channels')).toEqual(['record']);
    expect(kf.list(g, 'disable-effects')).toEqual(['wallpaper', 'animation']);
    expect(kf.string(g, 'tls-ciphers')).toBe('HIGH:!aNULL');
    expect(kf.string(g, 'release-cursor')).toBe('ctrl+alt+r');
    expect(kf.string(g, 'secure-attention')).toBe('ctrl+alt+end');
    expect(kf.string(g, 'usb-filter')).toBe('-1,0x1234,-1,-1,1|-1,-1,-1,-1,0');
    expect(kf.string(g, 'usb-redirect-on-connect')).toBe('-1,0x1234,-1,-1,1');
    for (const [key, value] of [['enable-usbredir', 1], ['enable-usb-autoshare', 0], ['enable-smartcard', 1], ['color-depth', 16], ['delete-this-file', 1], ['fullscreen', 1]] as const) {
      expect(kf.integer(g, key), key).toBe(value);
    }
    // The kiosk stays full screen: a key to leave it is never written.
    expect(kf.has(g, 'toggle-fullscreen')).toBe(false);
    kf.free();
  });
});

describe('spiceToVv: USB', () => {
  it('writes the keys virt-viewer reads (enable-usbredir, enable-usb-autoshare, usb-filter), as GLib reads them', () => {
    const filter = '0x03,-1,-1,-1,0|-1,0x0781,-1,-1,1|-1,-1,-1,-1,0';
    const vv = spiceToVv({ protocol: 'spice', host: 'h', port: 1, title: 't', usb: { enabled: true, autoshare: true, filter, redirectOnConnect: '-1,-1,-1,-1,1' } });
    const kf = glibLoad(vv)!;
    expect(kf.integer('virt-viewer', 'enable-usbredir')).toBe(1);
    expect(kf.integer('virt-viewer', 'enable-usb-autoshare')).toBe(1);
    expect(kf.string('virt-viewer', 'usb-filter')).toBe(filter);
    // Not read by virt-viewer 11 (it goes on the command line too), written for later versions.
    expect(kf.string('virt-viewer', 'usb-redirect-on-connect')).toBe('-1,-1,-1,-1,1');
    // Auto-share means nothing with redirection off: then it is written as off.
    const off = glibLoad(spiceToVv({ protocol: 'spice', host: 'h', port: 1, title: 't', usb: { enabled: false, autoshare: true } }))!;
    expect(off.integer('virt-viewer', 'enable-usb-autoshare')).toBe(0);
    off.free();
    kf.free();
  });

  it('USB off: enable-usbredir=0 and no autoshare, whatever autoshare says', () => {
    const kf = glibLoad(spiceToVv({ protocol: 'spice', host: 'h', port: 1, title: 't', usb: { enabled: false, autoshare: true, filter: '-1,-1,-1,-1,0' } }))!;
    expect([kf.integer('virt-viewer', 'enable-usbredir'), kf.integer('virt-viewer', 'enable-usb-autoshare')]).toEqual([0, 0]);
    kf.free();
  });
});
