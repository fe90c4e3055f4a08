import { parsePort, parseRdpAddress } from './rdp-address.ts';
import { HONOURED, NOTED, QUIET } from './rdp-keys.ts';
import { decodeRdpBytes, RdpFileError, pushWarning, readRdpLines, type RdpEntry, type RdpWarning } from './rdp-lines.ts';

export { RdpFileError, type RdpWarning } from './rdp-lines.ts';

/**
 * Microsoft .rdp connection files, read as mstsc and FreeRDP read them (see README.md here and
 * broker-contracts.md): what the file asks for, normalised. Policy has the last word on what is
 * used (rdp-connection.ts); a password in the file is never used and never part of the result.
 */
export interface RdpFile {
  target: { host: string; port: number };
  credentials: { username?: string; domain?: string };
  gateway?: RdpFileGateway;
  display: { fullscreen: boolean; multimon: boolean; width?: number; height?: number; monitors?: number[] };
  remoteApp?: { program: string; name?: string; cmdline?: string };
  /** mstsc's defaults where the file says nothing (clipboard, printers, smart cards: on). */
  redirections: RdpFileRedirections;
  loadBalanceInfo?: string;
  /** What the file says about server checks; policy decides (rdp-connection.ts). */
  security: { authenticationLevel?: number; nla?: boolean; negotiate?: boolean };
  warnings: RdpWarning[];
}

export interface RdpFileGateway {
  host: string;
  port: number;
  usage: 'always' | 'auto' | 'never';
  /** gatewaycredentialssource: how the gateway wants the user to prove who they are. */
  credentialsSource: 'password' | 'smartcard' | 'logged-on-user' | 'basic' | 'choose-later' | 'cookie';
  /** promptcredentialonce: the gateway takes the same credentials as the desktop (default yes). */
  sameCredentials: boolean;
}

export interface RdpFileRedirections {
  clipboard: boolean;
  /** audiomode 0: play here, 1: on the server, 2: nowhere. */
  audio: 'local' | 'remote' | 'none';
  microphone: boolean;
  smartcards: boolean;
  printers: boolean;
  comPorts: boolean;
  /** drivestoredirect: `*`, drive letters, `DynamicDrives` (Windows names; empty: none). */
  drives: string[];
  /** usbdevicestoredirect: `*` or device instance ids / class GUIDs. */
  usb: string[];
  /** devicestoredirect (other Plug and Play devices) and camerastoredirect. */
  devices: string[];
  cameras: string[];
}

const GATEWAY_USAGE: Record<number, RdpFileGateway['usage']> = { 0: 'never', 1: 'always', 2: 'auto', 3: 'always', 4: 'never' };
const GATEWAY_CREDENTIALS: Record<number, RdpFileGateway['credentialsSource']> = {
  0: 'password',
  1: 'smartcard',
  2: 'logged-on-user',
  3: 'basic',
  4: 'choose-later',
  5: 'cookie',
};
const AUDIO: Record<number, RdpFileRedirections['audio']> = { 0: 'local', 1: 'remote', 2: 'none' };

/** Parses a whole file (bytes as read, or text already decoded). Throws RdpFileError when unusable. */
export function parseRdpFile(input: Uint8Array | string): RdpFile {
  const text = typeof input === 'string' ? input.replace(/^\uFEFF/, '') : decodeRdpBytes(input);
  const { entries, warnings } = readRdpLines(text);
  const r = new Reader(entries, warnings);
  r.checkKeys();

  const addressEntry = r.entry('alternate full address') ?? r.entry('full address');
  if (!addressEntry || addressEntry.value === '') throw new RdpFileError('the file names no computer: "full address:s:" is missing or empty');
  const address = parseRdpAddress(addressEntry.value);
  if (!address.ok) throw new RdpFileError(`line ${addressEntry.line}: "${addressEntry.name}" is unusable: ${address.problem}`);
  let port = address.port ?? 3389;
  const serverPort = r.entry('server port');
  if (serverPort) {
    const p = parsePort(serverPort.value);
    if (p === undefined) r.warn(serverPort, 'not a port from 1 to 65535; ignored');
    else port = p;
  }

  const file: RdpFile = {
    target: { host: address.host, port },
    credentials: credentials(r),
    display: display(r),
    redirections: redirections(r),
    security: {
      ...optional('authenticationLevel', r.int('authentication level')),
      ...optional('nla', r.flag('enablecredsspsupport')),
      ...optional('negotiate', r.flag('negotiate security layer')),
    },
    warnings,
  };
  const gw = gateway(r);
  if (gw) file.gateway = gw;
  const app = remoteApp(r);
  if (app) file.remoteApp = app;
  const lbi = r.string('loadbalanceinfo');
  if (lbi) file.loadBalanceInfo = lbi;
  return file;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/**
 * As FreeRDP's freerdp_parse_username: a `\` splits `DOMAIN\user` (even `DOMAIN\user@x`); without
 * one, `user@upn` stays whole (a UPN goes to the server as the user name, with no domain).
 * A `domain` key still wins over the split.
 */
function credentials(r: Reader): RdpFile['credentials'] {
  const out: RdpFile['credentials'] = {};
  const user = r.string('username');
  const domain = r.string('domain');
  if (user) {
    const slash = user.indexOf('\\');
    if (slash > 0) {
      out.username = user.slice(slash + 1);
      out.domain = user.slice(0, slash);
    } else out.username = user;
  }
  if (domain) out.domain = domain;
  for (const key of ['password 51', 'password']) {
    const e = r.entry(key);
    if (e) r.warn(e, 'the file carries a password; it is never used (password 51 is encrypted for one Windows account) and never shown');
  }
  return out;
}

function display(r: Reader): RdpFile['display'] {
  const mode = r.int('screen mode id');
  // mstsc: 2 (or nothing) is full screen, where the desktop size follows the screen.
  const fullscreen = mode !== 1;
  const out: RdpFile['display'] = { fullscreen, multimon: r.flag('use multimon') ?? false };
  const width = r.int('desktopwidth');
  const height = r.int('desktopheight');
  if (!fullscreen && width !== undefined && height !== undefined) {
    if (width >= 200 && width <= 8192 && height >= 200 && height <= 8192) Object.assign(out, { width, height });
    else r.warn(r.entry('desktopwidth')!, 'a desktop size outside 200-8192 pixels; ignored');
  }
  const monitors = r.entry('selectedmonitors');
  if (monitors && monitors.value !== '') {
    const ids = monitors.value.split(',').map((s) => s.trim());
    if (ids.every((s) => /^\d{1,2}$/.test(s) && Number(s) <= 15)) out.monitors = ids.map(Number);
    else r.warn(monitors, 'not a list of monitor numbers 0-15; ignored');
  }
  return out;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function redirections(r: Reader): RdpFileRedirections {
  const audioMode = r.int('audiomode');
  let audio: RdpFileRedirections['audio'] = 'local';
  if (audioMode !== undefined) {
    const known = AUDIO[audioMode];
    if (known) audio = known;
    else r.warn(r.entry('audiomode')!, 'an audio mode other than 0, 1 or 2; sound plays here');
  }
  const drives = list(r.string('drivestoredirect'));
  // redirectdrives:i:1 is the old way of saying "every drive".
  if (drives.length === 0 && r.flag('redirectdrives')) drives.push('*');
  return {
    clipboard: r.flag('redirectclipboard') ?? true,
    audio,
    microphone: r.flag('audiocapturemode') ?? false,
    smartcards: r.flag('redirectsmartcards') ?? true,
    printers: r.flag('redirectprinters') ?? true,
    comPorts: r.flag('redirectcomports') ?? false,
    drives,
    usb: list(r.string('usbdevicestoredirect')),
    devices: list(r.string('devicestoredirect')),
    cameras: list(r.string('camerastoredirect')),
  };
}

function gateway(r: Reader): RdpFileGateway | undefined {
  const hostEntry = r.entry('gatewayhostname');
  const usageNumber = r.int('gatewayusagemethod');
  if (!hostEntry || hostEntry.value === '') {
    if (usageNumber === 1) r.warn(r.entry('gatewayusagemethod')!, 'the file asks to always use a gateway but names none; connecting directly');
    return undefined;
  }
  const address = parseRdpAddress(hostEntry.value);
  if (!address.ok) throw new RdpFileError(`line ${hostEntry.line}: "gatewayhostname" is unusable: ${address.problem}`);
  let usage: RdpFileGateway['usage'] = 'auto';
  if (usageNumber !== undefined) {
    const known = GATEWAY_USAGE[usageNumber];
    if (known) usage = known;
    else r.warn(r.entry('gatewayusagemethod')!, 'a gateway usage method other than 0-4; the gateway is used when the computer cannot be reached directly');
  }
  const sourceNumber = r.int('gatewaycredentialssource') ?? 0;
  const credentialsSource = GATEWAY_CREDENTIALS[sourceNumber] ?? 'password';
  if (GATEWAY_CREDENTIALS[sourceNumber] === undefined) r.warn(r.entry('gatewaycredentialssource')!, 'an unknown gateway credentials source; the password is used');
  return { host: address.host, port: address.port ?? 443, usage, credentialsSource, sameCredentials: r.flag('promptcredentialonce') ?? true };
}

function remoteApp(r: Reader): RdpFile['remoteApp'] {
  const mode = r.flag('remoteapplicationmode');
  const program = r.string('remoteapplicationprogram');
  if (!mode) {
    if (program) r.warn(r.entry('remoteapplicationprogram')!, 'a RemoteApp program without remoteapplicationmode:i:1; the desktop opens');
    return undefined;
  }
  if (!program) throw new RdpFileError(`line ${r.entry('remoteapplicationmode')!.line}: RemoteApp mode without "remoteapplicationprogram"`);
  const name = r.string('remoteapplicationname');
  const cmdline = r.string('remoteapplicationcmdline');
  return { program, ...(name ? { name } : {}), ...(cmdline ? { cmdline } : {}) };
}

/** Typed access to the entries, warning about a known key given with the wrong type. */
class Reader {
  constructor(
    private readonly entries: Map<string, RdpEntry>,
    private readonly warnings: RdpWarning[],
  ) {}

  warn(e: RdpEntry, message: string): void {
    pushWarning(this.warnings, { line: e.line, key: e.name, message });
  }

  /** Warns once per key that is unknown, noted, or honoured but written with another type. */
  checkKeys(): void {
    for (const e of this.entries.values()) {
      const type = HONOURED[e.name];
      if (type !== undefined) {
        if (type !== e.type) this.warn(e, `should be written "${e.name}:${type}:"; ignored`);
      } else if (NOTED[e.name]) this.warn(e, NOTED[e.name]!);
      else if (!QUIET.has(e.name)) this.warn(e, 'an unknown key; ignored');
    }
  }

  entry(name: string): RdpEntry | undefined {
    const e = this.entries.get(name);
    return e && e.type === HONOURED[name] ? e : undefined;
  }

  string(name: string): string | undefined {
    return this.entry(name)?.value;
  }

  int(name: string): number | undefined {
    const e = this.entry(name);
    return e ? Number(e.value) : undefined;
  }

  flag(name: string): boolean | undefined {
    const n = this.int(name);
    return n === undefined ? undefined : n !== 0;
  }
}
