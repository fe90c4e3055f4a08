import { X509Certificate } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseSpiceVv, VvError, type ParsedVv } from '../formats/vv-spice.ts';
import { invalidSpiceConnection } from '../sessions/spice/remote-viewer-engine.ts';
import type { SpiceConnection } from '../sessions/types.ts';
import { printJson, type Command } from './command.ts';
import { CliError, ExitCode } from './exit-codes.ts';

/** A .vv is a few kB; anything this big is not one (and is not read into memory: its size is asked first). */
const MAX_BYTES = 1024 * 1024;

async function readText(file: string): Promise<string> {
  let data: Buffer;
  try {
    const size = (await stat(file)).size;
    if (size > MAX_BYTES) throw new CliError(ExitCode.invalid, `${file}: ${size} bytes is too big for a .vv file`);
    data = await readFile(file);
  } catch (err) {
    if (err instanceof CliError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new CliError(ExitCode.unreadable, `cannot read ${file}: ${why}`);
  }
  if (data.length > MAX_BYTES) throw new CliError(ExitCode.invalid, `${file}: ${data.length} bytes is too big for a .vv file`);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(data);
  } catch {
    throw new CliError(ExitCode.invalid, `${file}: not UTF-8 text (a .vv file is a GLib key file)`);
  }
}

/** `http://user:secret@host:3128` -> `http://user:[set]@host:3128`: proxy credentials never print. */
export function redactProxy(proxy: string): string {
  return proxy.replace(/^([a-z]+:\/\/[^:@/]*):[^@/]*@/i, '$1:[set]@');
}

/** The CA as an admin wants to see it: whose it is and until when. */
function describeCa(pem: string): { subject: string; validTo: string } | undefined {
  try {
    const cert = new X509Certificate(pem);
    return { subject: cert.subject.replace(/\n/g, ', '), validTo: new Date(cert.validTo).toISOString() };
  } catch {
    return undefined;
  }
}

/** The connection as it may be shown: no password, no proxy credentials. */
export function shownConnection(c: SpiceConnection): Record<string, unknown> {
  return { ...c, ...(c.password ? { password: '[set]' } : {}), ...(c.proxy ? { proxy: redactProxy(c.proxy) } : {}) };
}

function textReport(file: string, parsed: ParsedVv, problem: string | undefined): string {
  const c = parsed.connection;
  const ca = c.ca ? describeCa(c.ca) : undefined;
  const rows: Array<[string, string | undefined]> = [
    ['host', c.host],
    ['port', c.port?.toString()],
    ['tls-port', c.tlsPort?.toString()],
    ['password', c.password ? '[set]' : undefined],
    ['proxy', c.proxy ? redactProxy(c.proxy) : undefined],
    ['ca', c.ca ? (ca ? `${ca.subject} (valid until ${ca.validTo.slice(0, 10)})` : 'PEM that is not a readable certificate') : undefined],
    ['host-subject', c.hostSubject],
    ['secure-channels', c.secureChannels?.join(', ')],
    ['disable-channels', c.disableChannels?.join(', ')],
    ['tls-ciphers', c.tlsCiphers],
    ['title', c.title],
    ...Object.entries(c.hotkeys ?? {}).map(([action, keys]): [string, string] => [action, keys]),
    ['usb', c.usb ? `${c.usb.enabled ? 'on' : 'off'}, autoshare ${c.usb.autoshare ? 'on' : 'off'}` : undefined],
    ['usb-filter', c.usb?.filter],
    ['usb-redirect-on-connect', c.usb?.redirectOnConnect],
    ['enable-smartcard', c.smartcard === undefined ? undefined : c.smartcard ? 'on' : 'off'],
    ['color-depth', c.colorDepth?.toString()],
    ['disable-effects', c.disableEffects?.join(', ')],
    ['delete-this-file', c.deleteThisFile === undefined ? undefined : c.deleteThisFile ? 'yes' : 'no'],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = [`${file}: a SPICE console${problem ? ` that cannot be opened: ${problem}` : ''}`];
  for (const [key, value] of rows) if (value !== undefined) lines.push(`  ${key.padEnd(width)}  ${JSON.stringify(value).slice(1, -1)}`);
  if (parsed.otherGroups.length > 0) lines.push(`  other groups: ${parsed.otherGroups.map((g) => `[${g}]`).join(' ')}`);
  for (const w of parsed.warnings) lines.push(`warning: ${w}`);
  return `${lines.join('\n')}\n`;
}

export const parseVvCommand: Command = {
  name: ['parse', 'vv'],
  summary: 'show what a virt-viewer .vv file means (the password never shows)',
  usage: 'FILE',
  positionals: { min: 1, max: 1 },
  details: [
    'Reads the file as remote-viewer 11 would (GLib key-file rules), prints each setting the kiosk',
    'uses, a warning for each it ignores or overrides, and the CA certificate\'s subject. Exits 1',
    'when the file is malformed or could not be connected with (the reason is printed).',
  ].join('\n'),
  async run({ positionals, json, io }) {
    const file = resolve(positionals[0]!);
    const text = await readText(file);
    let parsed: ParsedVv;
    try {
      parsed = parseSpiceVv(text, { defaultTitle: positionals[0]! });
    } catch (err) {
      if (!(err instanceof VvError)) throw err;
      if (json) printJson(io, { ok: false, exitCode: ExitCode.invalid, file, error: err.message });
      else io.stdout(`${file}: ${err.message}\n`);
      return ExitCode.invalid;
    }
    const problem = invalidSpiceConnection(parsed.connection);
    const code = problem ? ExitCode.invalid : ExitCode.ok;
    if (json) {
      const ca = parsed.connection.ca ? (describeCa(parsed.connection.ca) ?? null) : undefined;
      printJson(io, { ok: !problem, exitCode: code, file, connection: shownConnection(parsed.connection), ...(ca !== undefined ? { caCertificate: ca } : {}), ...(problem ? { error: problem } : {}), warnings: parsed.warnings, otherGroups: parsed.otherGroups });
    } else io.stdout(textReport(file, parsed, problem));
    return code;
  },
};

export const parseCommands: Command[] = [parseVvCommand];
