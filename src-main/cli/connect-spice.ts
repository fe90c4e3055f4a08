import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseSpiceVv, VvError } from '../formats/vv-spice.ts';
import { invalidSpiceConnection } from '../sessions/spice/remote-viewer-engine.ts';
import type { SpiceConnection } from '../sessions/types.ts';
import { CliError, ExitCode } from './exit-codes.ts';

/**
 * `thinshell connect` for SPICE: the connection from options (`--host --port --tls-port --ca FILE
 * --host-subject --proxy`), from an address (`spice://host[:port]`), or from a .vv file
 * (`--vv FILE`). The password never comes from here: the file's own, or stdin.
 */

/** Options that only mean something for RDP. */
export const RDP_ONLY_OPTIONS = ['user', 'domain', 'security', 'cert', 'fingerprint'] as const;
/** Options that only mean something for SPICE. */
export const SPICE_ONLY_OPTIONS = ['tls-port', 'ca', 'host-subject', 'proxy', 'vv'] as const;

export interface ConnectAddress {
  protocol: 'rdp' | 'spice';
  host: string;
  port?: number;
}

/**
 * `spice://host[:port]` or `rdp://host[:port]` (IPv6 in brackets). Anything else, or an address
 * with a user, password or query (where remote-viewer URIs carry a password), is refused without
 * being echoed: it may be a secret typed in the wrong place.
 */
export function parseConnectAddress(text: string): ConnectAddress {
  const refuse = () =>
    new CliError(ExitCode.usage, 'connect takes at most one argument, an address like spice://host:5900 or rdp://host (a password never goes on the command line: use --password-stdin)');
  const m = /^(spice|rdp):\/\/(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9_.-]+))(?::(\d{1,5}))?\/?$/i.exec(text);
  if (!m) throw refuse();
  const port = m[4] === undefined ? undefined : Number(m[4]);
  if (port !== undefined && (port < 1 || port > 65535)) throw new CliError(ExitCode.usage, 'connect: the port in the address must be from 1 to 65535');
  return { protocol: m[1]!.toLowerCase() as 'rdp' | 'spice', host: m[2] ?? m[3]!, ...(port !== undefined ? { port } : {}) };
}

async function readSmallFile(option: string, path: string): Promise<string> {
  const file = resolve(path);
  try {
    const text = await readFile(file, 'utf8');
    if (text.length > 1024 * 1024) throw new CliError(ExitCode.invalid, `--${option} ${file}: too big`);
    return text;
  } catch (err) {
    if (err instanceof CliError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(ExitCode.unreadable, `--${option}: cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
}

function portOption(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'string' && /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= 65535)) throw new CliError(ExitCode.usage, `--${name} must be a whole number from 1 to 65535`);
  return n;
}

/** The SPICE connection the options describe; `address` is a positional spice:// address, if given. */
export async function spiceConnectionFromOptions(values: Record<string, unknown>, address: ConnectAddress | undefined): Promise<SpiceConnection> {
  const given = (name: string) => values[name] !== undefined;
  for (const name of RDP_ONLY_OPTIONS) if (given(name)) throw new CliError(ExitCode.usage, `connect: --${name} is an RDP option; SPICE has no user, domain or RDP security`);
  if (typeof values.vv === 'string') {
    for (const name of ['host', 'port', 'tls-port', 'ca', 'host-subject', 'proxy']) {
      if (given(name)) throw new CliError(ExitCode.usage, `connect: --vv and --${name} contradict each other (the file says where to connect)`);
    }
    if (address) throw new CliError(ExitCode.usage, 'connect: --vv and an address contradict each other');
    return fromVvFile(values.vv);
  }
  if (address && given('host')) throw new CliError(ExitCode.usage, 'connect: an address and --host contradict each other');
  if (address && given('port')) throw new CliError(ExitCode.usage, 'connect: give the port in the address or with --port, not both');
  const host = address?.host ?? (typeof values.host === 'string' && values.host !== '' ? values.host : undefined);
  if (!host) throw new CliError(ExitCode.usage, 'connect: --host (or an address like spice://host:5900, or --vv FILE) is required');
  const tlsPort = portOption('tls-port', values['tls-port']);
  const port = address?.port ?? portOption('port', values.port) ?? (tlsPort === undefined ? 5900 : undefined);
  const spec: SpiceConnection = { protocol: 'spice', host, title: 'thinshell connect' };
  if (port !== undefined) spec.port = port;
  if (tlsPort !== undefined) spec.tlsPort = tlsPort;
  if (typeof values.ca === 'string') {
    const pem = await readSmallFile('ca', values.ca);
    try {
      new X509Certificate(pem);
    } catch {
      throw new CliError(ExitCode.invalid, `--ca ${resolve(values.ca)}: not a PEM certificate`);
    }
    spec.ca = pem;
  }
  if (typeof values['host-subject'] === 'string') spec.hostSubject = values['host-subject'];
  if (typeof values.proxy === 'string') {
    // Not echoed: it may hold a password, which must not sit in /proc/*/cmdline.
    if (/^[a-z]+:\/\/[^/@]*@/i.test(values.proxy)) throw new CliError(ExitCode.usage, 'connect: --proxy must not carry credentials (they would show in the process list); put them in a --vv file');
    spec.proxy = values.proxy;
  }
  const invalid = invalidSpiceConnection(spec);
  if (invalid) throw new CliError(ExitCode.usage, `connect: ${invalid}`);
  return spec;
}

async function fromVvFile(path: string): Promise<SpiceConnection> {
  const text = await readSmallFile('vv', path);
  try {
    const { connection } = parseSpiceVv(text, { defaultTitle: 'thinshell connect' });
    const invalid = invalidSpiceConnection(connection);
    if (invalid) throw new CliError(ExitCode.invalid, `--vv ${resolve(path)}: ${invalid}`);
    return connection;
  } catch (err) {
    if (err instanceof VvError) throw new CliError(ExitCode.invalid, `--vv ${resolve(path)}: ${err.message} (thinshell parse vv shows more)`);
    throw err;
  }
}
