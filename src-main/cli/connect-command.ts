import { Secret } from '../common/secret.ts';
import { createEngineRegistry, defaultEngines, type RdpEnginePreference } from '../sessions/engines.ts';
import { normaliseFingerprint } from '../sessions/rdp/xfreerdp-args.ts';
import type { RdpConnection, SessionEngine } from '../sessions/types.ts';
import type { Command, Io } from './command.ts';
import { parseConnectAddress, spiceConnectionFromOptions, SPICE_ONLY_OPTIONS, type ConnectAddress } from './connect-spice.ts';
import { connectExitWords, runConnect } from './connect-session.ts';
import { CliError, ExitCode } from './exit-codes.ts';
import { readSecretLine } from './read-pin.ts';

/** What `connect` needs from the outside world; tests give their own. */
export interface ConnectDeps {
  /** The engines to choose from, given the CLI's log (native ones without a window). */
  engines(log: ((line: string) => void) | undefined): SessionEngine[];
  now(): number;
  onInterrupt(listener: () => void): () => void;
}

export const realConnectDeps: ConnectDeps = {
  // An admin's connection test needs no window: the native engine logs on headless.
  engines: (log) => defaultEngines(log ? { log } : {}, { window: false }),
  now: () => performance.now(),
  onInterrupt(listener) {
    process.once('SIGINT', listener);
    return () => void process.off('SIGINT', listener);
  },
};

const SECURITY = ['auto', 'nla', 'tls', 'rdp'] as const;
const ENGINES: readonly RdpEnginePreference[] = ['native', 'xfreerdp'];

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new CliError(ExitCode.usage, `--${name} must be one of ${allowed.join(', ')} (got ${JSON.stringify(String(value).slice(0, 40))})`);
}

function integer(name: string, value: unknown, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const n = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) throw new CliError(ExitCode.usage, `--${name} must be a whole number from ${min} to ${max}`);
  return n;
}

function required(name: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new CliError(ExitCode.usage, `connect: --${name} is required`);
  return value;
}

/** The connection from the command line; the password comes later, from stdin. */
export function connectionFromOptions(values: Record<string, unknown>): { spec: Omit<RdpConnection, 'password'>; timeoutSec: number; engine: RdpEnginePreference } {
  const protocol = required('protocol', values.protocol);
  if (protocol !== 'rdp') throw new CliError(ExitCode.usage, `connect: --protocol must be rdp or spice (got ${JSON.stringify(protocol.slice(0, 20))})`);
  for (const name of SPICE_ONLY_OPTIONS) if (values[name] !== undefined) throw new CliError(ExitCode.usage, `connect: --${name} is a SPICE option`);
  const fingerprints = ((values.fingerprint as string[] | undefined) ?? []).map((f) => {
    const n = normaliseFingerprint(f);
    if (!n) throw new CliError(ExitCode.usage, '--fingerprint must be a SHA-256 fingerprint (64 hex digits, colons optional)');
    return n;
  });
  const certMode = oneOf('cert', values.cert, ['system', 'ignore'], 'system');
  if (certMode === 'ignore' && fingerprints.length > 0) throw new CliError(ExitCode.usage, 'connect: --cert ignore and --fingerprint contradict each other');
  const domain = values.domain as string | undefined;
  return {
    spec: {
      protocol: 'rdp',
      host: required('host', values.host),
      port: integer('port', values.port, 1, 65535, 3389),
      username: required('user', values.user),
      ...(domain ? { domain } : {}),
      security: oneOf('security', values.security, SECURITY, 'auto'),
      certificate: fingerprints.length > 0 ? { mode: 'pin', fingerprints } : { mode: certMode, fingerprints: [] },
      multimon: false,
      title: 'thinshell connect',
    },
    timeoutSec: integer('timeout', values.timeout, 1, 600, 30),
    engine: oneOf('engine', values.engine, ENGINES, 'native'),
  };
}

/** Which protocol: --protocol, else the address's scheme, else spice for --vv. */
function protocolOf(values: Record<string, unknown>, address: ConnectAddress | undefined): string {
  const asked = values.protocol as string | undefined;
  if (asked && address && asked !== address.protocol) throw new CliError(ExitCode.usage, `connect: --protocol ${asked} and a ${address.protocol}:// address contradict each other`);
  return asked ?? address?.protocol ?? (values.vv !== undefined ? 'spice' : required('protocol', undefined));
}

async function spiceRun(values: Record<string, unknown>, address: ConnectAddress | undefined, ctx: { json: boolean; io: Io }, deps: ConnectDeps): Promise<ExitCode> {
  const { io } = ctx;
  if (values.engine !== undefined && values.engine !== 'remote-viewer') throw new CliError(ExitCode.usage, '--engine for SPICE can only be remote-viewer');
  const spec = await spiceConnectionFromOptions(values, address);
  if (spec.password && values['password-stdin']) throw new CliError(ExitCode.usage, 'connect: the .vv file has a password already; leave out --password-stdin');
  // remote-viewer is a GTK window: without a display it cannot even start.
  if (!io.env.DISPLAY) {
    throw new CliError(ExitCode.engineMissing, 'remote-viewer needs an X display and $DISPLAY is not set: run this in the kiosk\'s X session, or set DISPLAY (e.g. DISPLAY=:0)');
  }
  const password = values['password-stdin'] ? new Secret(await readSecretLine(io.stdin, io.stderr, 'password')) : undefined;
  const log = values.verbose ? (line: string) => io.stderr(`${line}\n`) : undefined;
  const choice = await createEngineRegistry(deps.engines(log)).chooseEngine('spice');
  return runConnect({
    choice,
    spec: { ...spec, ...(password && !password.empty ? { password } : {}) },
    timeoutSec: integer('timeout', values.timeout, 1, 600, 30),
    display: io.env.DISPLAY,
    json: ctx.json,
    io,
    now: deps.now,
    onInterrupt: deps.onInterrupt,
  });
}

export function connectCommand(deps: ConnectDeps = realConnectDeps): Command {
  return {
    name: ['connect'],
    summary: 'test a connection: log on to a desktop, print each state, disconnect',
    usage:
      '--protocol rdp --host H [--port P] --user U [--domain D] --password-stdin [--timeout S] [--engine native|xfreerdp] | ' +
      '--protocol spice --host H [--port P] [--tls-port P] [--ca FILE] [--host-subject S] [--proxy URL] [--password-stdin] | spice://HOST[:PORT] | --vv FILE',
    options: {
      protocol: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      user: { type: 'string' },
      domain: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      timeout: { type: 'string' },
      engine: { type: 'string' },
      security: { type: 'string' },
      cert: { type: 'string' },
      fingerprint: { type: 'string', multiple: true },
      verbose: { type: 'boolean' },
      'tls-port': { type: 'string' },
      ca: { type: 'string' },
      'host-subject': { type: 'string' },
      proxy: { type: 'string' },
      vv: { type: 'string' },
    },
    positionals: { min: 0, max: 1 },
    positionalsError: 'connect takes at most one argument, an address like spice://host:5900 (a password never goes on the command line: use --password-stdin)',
    details: [
      'Exits 0 only when the session reached "logged on"; it then disconnects cleanly.',
      '--password-stdin  read the password from stdin (first line; typed without echo at a terminal)',
      '--timeout S       seconds until "logged on" (default 30)',
      '--engine E        native (default; falls back to xfreerdp when its library is missing) or xfreerdp',
      '--security M      auto (default), nla, tls or rdp',
      '--cert system|ignore, --fingerprint SHA256 (repeatable: pin the server certificate)',
      '--verbose         the engine log (FreeRDP) on stderr',
      'The native engine runs without a window; xfreerdp needs $DISPLAY.',
      '',
      'SPICE (remote-viewer; needs $DISPLAY): --host H [--port P] [--tls-port P], or spice://HOST[:PORT],',
      'or --vv FILE (a virt-viewer file; its own password, else --password-stdin). --ca FILE (PEM)',
      'and --host-subject S check the TLS certificate; --proxy http://HOST:3128 goes through an HTTP',
      'CONNECT proxy (as Proxmox spiceproxy). "connected" = main channel open, "loggedOn" = display up.',
      '',
      'Exit codes of connect:',
      ...connectExitWords.map(([code, words]) => `  ${String(code).padStart(3)}  ${words}`),
    ].join('\n'),
    async run({ values, positionals, json, io }) {
      const address = positionals[0] === undefined ? undefined : parseConnectAddress(positionals[0]);
      if (protocolOf(values, address) === 'spice') return spiceRun(values, address, { json, io }, deps);
      if (address && (values.host !== undefined || values.port !== undefined)) throw new CliError(ExitCode.usage, 'connect: an address and --host/--port contradict each other');
      const { spec, timeoutSec, engine } = connectionFromOptions(address ? { ...values, protocol: 'rdp', host: address.host, ...(address.port ? { port: String(address.port) } : {}) } : values);
      const password = values['password-stdin'] ? new Secret(await readSecretLine(io.stdin, io.stderr, 'password')) : undefined;
      const log = values.verbose ? (line: string) => io.stderr(`${line}\n`) : undefined;
      const choice = await createEngineRegistry(deps.engines(log)).chooseEngine('rdp', engine);
      return runConnect({
        choice,
        spec: { ...spec, ...(password ? { password } : {}) },
        timeoutSec,
        ...(io.env.DISPLAY ? { display: io.env.DISPLAY } : {}),
        json,
        io,
        now: deps.now,
        onInterrupt: deps.onInterrupt,
      });
    },
  };
}
