import { Secret } from '../common/secret.ts';
import { SPICE_HOTKEYS, type SpiceConnection, type SpiceHotkey } from '../sessions/types.ts';
import { KeyFileError, keyFileInt, keyFileList, keyFileString, parseKeyFile } from './vv.ts';
import { usbFilterProblem } from '../usb/usbredir-filter.ts';

/**
 * Reads a virt-viewer .vv file (from a broker: oVirt's console, Proxmox's spiceproxy, or an
 * admin) into a SpiceConnection, as remote-viewer 11 would understand it. What the kiosk does
 * not use, or uses differently, comes back as plain-language warnings; what makes the file
 * unusable is a VvError. Values of keys we do not use are never copied anywhere: oVirt's
 * [ovirt] group carries a session token.
 */

export class VvError extends Error {
  override readonly name = 'VvError';
}

export interface ParsedVv {
  connection: SpiceConnection;
  /** What the kiosk ignores or changes, one sentence each, for the admin. */
  warnings: string[];
  /** Groups besides [virt-viewer], by name only. */
  otherGroups: string[];
}

const MAIN = 'virt-viewer';
const CHANNELS = new Set(['main', 'display', 'inputs', 'cursor', 'playback', 'record', 'smartcard', 'usbredir', 'webdav', 'port']);
const EFFECTS = new Set(['wallpaper', 'font-smooth', 'animation', 'all']);
const HOTKEY = /^[A-Za-z0-9_]+(\+[A-Za-z0-9_]+)*$/;

/** Keys remote-viewer knows that a kiosk connection does not carry, and why. */
const IGNORED: Record<string, string> = {
  version: 'the minimum remote-viewer version is not checked (this terminal runs the one it ships)',
  versions: 'the minimum remote-viewer versions are not checked (this terminal runs the one it ships)',
  'newer-version-url': 'no update link is shown in the kiosk',
  username: 'SPICE does not use a user name',
  'toggle-fullscreen': 'the kiosk keeps the session full screen, so no key may leave it',
};

/** Known keys handled below (everything in virt-viewer-file.c's list for [virt-viewer]). */
const HANDLED = new Set([
  'type', 'host', 'port', 'tls-port', 'unix-path', 'password', 'proxy', 'ca', 'host-subject', 'tls-ciphers', 'title',
  'secure-channels', 'disable-channels', 'disable-effects', 'fullscreen', 'color-depth', 'enable-usbredir',
  'enable-usb-autoshare', 'usb-filter', 'usb-redirect-on-connect', 'enable-smartcard', 'delete-this-file',
  ...SPICE_HOTKEYS.filter((h) => h !== 'toggle-fullscreen'),
]);

export function parseSpiceVv(text: string, options: { defaultTitle?: string } = {}): ParsedVv {
  let groups;
  try {
    groups = parseKeyFile(text);
  } catch (err) {
    throw new VvError(err instanceof KeyFileError ? err.message : String(err));
  }
  const main = groups.get(MAIN);
  if (!main) throw new VvError('not a virt-viewer file: it has no [virt-viewer] group');
  const warnings: string[] = [];
  const r = reader(main, warnings);

  const type = r.string('type');
  if (type === undefined) throw new VvError('the [virt-viewer] group has no "type" key');
  if (type === 'vnc') throw new VvError('type=vnc is a VNC console; thinshell opens SPICE consoles only (type=spice)');
  if (type === 'ovirt') throw new VvError('type=ovirt makes remote-viewer sign in to oVirt by itself; the kiosk needs the console\'s own .vv (type=spice)');
  if (type !== 'spice') throw new VvError(`type=${JSON.stringify(type.slice(0, 40))} is not a console type remote-viewer knows (spice, vnc, ovirt)`);
  if (main.has('unix-path')) throw new VvError('unix-path names a socket on the hypervisor itself; a terminal connects with host and port');

  const host = r.string('host');
  if (!host) throw new VvError('the file names no host');
  const port = r.port('port');
  const tlsPort = r.port('tls-port');
  if (port === undefined && tlsPort === undefined) throw new VvError('the file has neither a port nor a tls-port');

  const connection: SpiceConnection = { protocol: 'spice', host, title: r.string('title') ?? options.defaultTitle ?? 'SPICE' };
  if (port !== undefined) connection.port = port;
  if (tlsPort !== undefined) connection.tlsPort = tlsPort;
  const password = r.string('password');
  if (password !== undefined && password !== '') connection.password = new Secret(password);
  for (const [key, field] of [['proxy', 'proxy'], ['ca', 'ca'], ['host-subject', 'hostSubject'], ['tls-ciphers', 'tlsCiphers']] as const) {
    const value = r.string(key);
    if (value) connection[field] = value;
  }
  const secure = r.list('secure-channels', (c) => c === 'all' || CHANNELS.has(c), 'SPICE channel');
  if (secure) connection.secureChannels = secure;
  const disabled = r.list('disable-channels', (c) => CHANNELS.has(c), 'SPICE channel');
  if (disabled) connection.disableChannels = disabled;
  const effects = r.list('disable-effects', (e) => EFFECTS.has(e), 'effect');
  if (effects) connection.disableEffects = effects;
  if (r.flag('fullscreen') === false) warnings.push('fullscreen=0 is overridden: the kiosk shows every session full screen');

  const depth = r.int('color-depth');
  if (depth === 16 || depth === 32) connection.colorDepth = depth;
  else if (depth !== undefined && depth !== 0) warnings.push(`color-depth=${depth} is ignored: remote-viewer takes 16 or 32`);

  const hotkeys = readHotkeys(r, warnings);
  if (hotkeys) connection.hotkeys = hotkeys;

  const usbEnabled = r.flag('enable-usbredir');
  const autoshare = r.flag('enable-usb-autoshare');
  const filter = r.usbFilter('usb-filter');
  const onConnect = r.usbFilter('usb-redirect-on-connect');
  if (usbEnabled !== undefined || autoshare !== undefined || filter !== undefined || onConnect !== undefined) {
    connection.usb = { enabled: usbEnabled ?? false, autoshare: (usbEnabled ?? false) && (autoshare ?? false) }; // no auto-share without redirection (as spiceToVv writes it)
    if (filter !== undefined) connection.usb.filter = filter;
    if (onConnect !== undefined) connection.usb.redirectOnConnect = onConnect;
  }
  const smartcard = r.flag('enable-smartcard');
  if (smartcard !== undefined) connection.smartcard = smartcard;
  const deleteThisFile = r.flag('delete-this-file');
  if (deleteThisFile !== undefined) connection.deleteThisFile = deleteThisFile;

  for (const key of main.keys()) {
    if (HANDLED.has(key) || key.startsWith('x-') || key.includes('[')) continue;
    const why = IGNORED[key];
    warnings.push(why ? `${key} is ignored: ${why}` : `${key} is not a key remote-viewer knows; it is ignored`);
  }
  const otherGroups = [...groups.keys()].filter((g) => g !== MAIN);
  if (otherGroups.includes('ovirt')) warnings.push("the [ovirt] group (remote-viewer's CD menu for oVirt, with a session token) is not used");
  return { connection, warnings, otherGroups };
}

type Reader = ReturnType<typeof reader>;

/** Typed reads of one group, as virt-viewer makes them; a bad value is a VvError naming its key. */
function reader(group: Map<string, string>, warnings: string[]) {
  const raw = (key: string) => group.get(key);
  const wrap = <T>(key: string, read: () => T): T => {
    try {
      return read();
    } catch (err) {
      throw new VvError(`${key}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const string = (key: string): string | undefined => {
    const value = raw(key);
    return value === undefined ? undefined : wrap(key, () => keyFileString(value));
  };
  const int = (key: string): number | undefined => {
    const value = raw(key);
    return value === undefined ? undefined : wrap(key, () => keyFileInt(value));
  };
  return {
    string,
    int,
    /** -1 and 0 mean "none" (oVirt writes port=-1 beside a tls-port). */
    port(key: string): number | undefined {
      const n = int(key);
      if (n === undefined || n === -1 || n === 0) return undefined;
      if (n < 1 || n > 65535) throw new VvError(`${key}=${n} is not a port number (1-65535)`);
      return n;
    },
    /** virt-viewer reads flags as integers: anything that is not one (`true`!) reads as 0. */
    flag(key: string): boolean | undefined {
      const value = raw(key);
      if (value === undefined) return undefined;
      try {
        return keyFileInt(value) !== 0;
      } catch {
        warnings.push(`${key}=${value.slice(0, 20)} is not a number, so remote-viewer reads it as 0 (off); write 1 or 0`);
        return false;
      }
    },
    list(key: string, known: (item: string) => boolean, what: string): string[] | undefined {
      const value = raw(key);
      if (value === undefined) return undefined;
      const items = wrap(key, () => keyFileList(value)).map((i) => i.trim()).filter(Boolean);
      for (const item of items.filter((i) => !known(i))) warnings.push(`${key}: "${item.slice(0, 40)}" is not a ${what} remote-viewer knows`);
      return items;
    },
    /** oVirt writes `null` for "no filter". A malformed filter would be dropped by spice-gtk. */
    usbFilter(key: string): string | undefined {
      const value = string(key);
      if (value === undefined || value === '' || value === 'null') return undefined;
      const problem = usbFilterProblem(value);
      if (!problem) return value;
      warnings.push(`${key} is ignored: ${problem}`);
      return undefined;
    },
  };
}

function readHotkeys(r: Reader, warnings: string[]): Partial<Record<SpiceHotkey, string>> | undefined {
  const out: Partial<Record<SpiceHotkey, string>> = {};
  for (const action of SPICE_HOTKEYS) {
    if (action === 'toggle-fullscreen') continue; // see IGNORED
    const value = r.string(action);
    if (value === undefined || value === '') continue;
    if (HOTKEY.test(value)) out[action] = value;
    else warnings.push(`${action}=${value.slice(0, 40)} is ignored: a hotkey is keys joined by "+", e.g. ctrl+alt+end`);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
