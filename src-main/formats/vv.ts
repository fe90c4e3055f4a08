import { SPICE_HOTKEYS, type SpiceConnection } from '../sessions/types.ts';

/**
 * virt-viewer connection files (.vv): GLib key files with a `[virt-viewer]` group.
 * GLib's rules: `#` starts a comment (a `;` line is an error), a UTF-8 BOM is an error, CRLF is
 * fine, keys are case-sensitive, the last duplicate wins, repeated groups merge, values escape
 * `\s \n \t \r \\`, lists end every item with `;` (escaped `\;` inside an item), and virt-viewer
 * reads booleans as integers (1/0).
 */

export type KeyFileValue = string | number | boolean | readonly string[];
export type KeyFileGroups = Record<string, Record<string, KeyFileValue | undefined>>;
/** Parsed groups: raw (still escaped) values; read them with keyFileString / keyFileList / keyFileInt. */
export type ParsedKeyFile = Map<string, Map<string, string>>;

export class KeyFileError extends Error {
  override readonly name = 'KeyFileError';
}

/** GLib group names: not empty, no brackets, no control characters. */
function isGroupName(name: string): boolean {
  if (name.length === 0 || name.includes('[') || name.includes(']')) return false;
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) < 0x20) return false;
  return true;
}

/** What we write: plain key names. */
const KEY = /^[A-Za-z0-9-]+$/;
/** What GLib reads: anything without '=' or brackets and no space at the ends, plus a [locale]. */
const ANY_KEY = /^[^\s=[\]]([^=[\]]*[^\s=[\]])?(\[[^\s=[\]]+\])?$/;

function escapeValue(value: string, inList: boolean): string {
  if (value.includes('\0')) throw new KeyFileError('a key file value cannot hold a NUL character');
  let out = '';
  for (const ch of value) {
    if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch === ';' && inList) out += '\\;';
    else out += ch;
  }
  // GLib drops whitespace around '=': spaces at either end of a value must be written as \s.
  const lead = out.length - out.replace(/^ +/, '').length;
  if (lead === out.length) return '\\s'.repeat(lead);
  const trail = out.length - out.replace(/ +$/, '').length;
  return '\\s'.repeat(lead) + out.slice(lead, out.length - trail) + '\\s'.repeat(trail);
}

function formatValue(value: KeyFileValue): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new KeyFileError(`not an integer: ${value}`);
    return String(value);
  }
  if (typeof value === 'string') return escapeValue(value, false);
  return value.map((item) => `${escapeValue(item, true)};`).join('');
}

/** Writes groups in order; undefined values are left out. Throws KeyFileError on a bad name or NUL. */
export function writeKeyFile(groups: KeyFileGroups, comment?: string): string {
  const lines: string[] = [];
  if (comment) for (const line of comment.split('\n')) lines.push(`# ${line}`);
  for (const [group, entries] of Object.entries(groups)) {
    if (!isGroupName(group)) throw new KeyFileError(`not a group name: ${JSON.stringify(group)}`);
    lines.push(`[${group}]`);
    for (const [key, value] of Object.entries(entries)) {
      if (value === undefined) continue;
      if (!KEY.test(key)) throw new KeyFileError(`not a key name: ${JSON.stringify(key)}`);
      lines.push(`${key}=${formatValue(value)}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** Parses a key file as GLib does; throws KeyFileError with the line number on what GLib rejects. */
export function parseKeyFile(text: string): ParsedKeyFile {
  if (text.startsWith('\uFEFF')) throw new KeyFileError('a key file must not start with a byte order mark');
  const groups: ParsedKeyFile = new Map();
  let current: Map<string, string> | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const where = `line ${index + 1}`;
    if (trimmed.startsWith('[')) {
      const m = /^\[([^\]]*)\]\s*$/.exec(trimmed);
      if (!m || !isGroupName(m[1]!)) throw new KeyFileError(`${where}: not a group header`);
      current = groups.get(m[1]!) ?? new Map();
      groups.set(m[1]!, current);
      return;
    }
    const eq = trimmed.indexOf('=');
    if (eq < 0) throw new KeyFileError(`${where}: neither a group, a key=value pair nor a # comment`);
    if (!current) throw new KeyFileError(`${where}: a key before the first group`);
    const key = trimmed.slice(0, eq).trimEnd();
    if (!ANY_KEY.test(key)) throw new KeyFileError(`${where}: not a key name: ${JSON.stringify(key)}`);
    current.set(key, trimmed.slice(eq + 1).replace(/^[ \t\v\f]+/, ''));
  });
  return groups;
}

function unescape(raw: string, inList: boolean): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = raw[++i];
    const map: Record<string, string> = { s: ' ', n: '\n', t: '\t', r: '\r', '\\': '\\' };
    if (next !== undefined && next in map) out += map[next];
    else if (next === ';' && inList) out += ';';
    else throw new KeyFileError(`invalid escape sequence \\${next ?? ''}`);
  }
  return out;
}

export function keyFileString(raw: string): string {
  return unescape(raw, false);
}

export function keyFileList(raw: string): string[] {
  const items: string[] = [];
  let piece = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === '\\' && i + 1 < raw.length) {
      piece += ch + raw[++i];
    } else if (ch === ';') {
      items.push(unescape(piece, true));
      piece = '';
    } else piece += ch;
  }
  if (piece !== '') items.push(unescape(piece, true));
  return items;
}

/** GLib integers: a leading sign and digits, surrounding spaces allowed; `true` is not a number. */
export function keyFileInt(raw: string): number {
  const t = raw.trim();
  if (!/^[+-]?\d+$/.test(t)) throw new KeyFileError(`not an integer: ${JSON.stringify(raw)}`);
  return Number(t);
}

function hotkeyEntries(spec: SpiceConnection): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const action of SPICE_HOTKEYS) {
    // The kiosk keeps the session full screen: no key may take it out of that.
    if (action !== 'toggle-fullscreen') out[action] = spec.hotkeys?.[action];
  }
  return out;
}

/**
 * The .vv for one SPICE connection, password included: pipe it to remote-viewer, never store it.
 * Every key virt-viewer 11 reads (plus usb-redirect-on-connect, read by later versions; the
 * engine also passes that filter as a spice-gtk option). `fullscreen` is always on in the kiosk.
 */
export function spiceToVv(spec: SpiceConnection): string {
  return writeKeyFile({
    'virt-viewer': {
      type: 'spice',
      host: spec.host,
      port: spec.port,
      'tls-port': spec.tlsPort,
      password: spec.password?.reveal(),
      proxy: spec.proxy,
      ca: spec.ca,
      'host-subject': spec.hostSubject,
      'secure-channels': spec.secureChannels,
      'disable-channels': spec.disableChannels,
      'tls-ciphers': spec.tlsCiphers,
      title: spec.title,
      fullscreen: true,
      ...hotkeyEntries(spec),
      // USB (src-main/usb/plan-spice.ts). virt-viewer 11 reads no usb-redirect-on-connect key (later
      // versions do): that filter also goes on remote-viewer's command line (remote-viewer-engine.ts).
      'enable-usbredir': spec.usb?.enabled,
      'enable-usb-autoshare': spec.usb ? spec.usb.enabled && spec.usb.autoshare : undefined,
      'usb-filter': spec.usb?.filter,
      'usb-redirect-on-connect': spec.usb?.redirectOnConnect,
      'enable-smartcard': spec.smartcard,
      'color-depth': spec.colorDepth,
      'disable-effects': spec.disableEffects,
      'delete-this-file': spec.deleteThisFile,
    },
  });
}
