import type { EngineChoice } from '../sessions/engines.ts';
import type { ConnectionSpec, SessionFailure, SessionState } from '../sessions/types.ts';
import { printJson, type Io } from './command.ts';
import { ExitCode } from './exit-codes.ts';

/** `thinshell connect`'s exit code for each way a session attempt fails. */
export const connectExitCodes: Readonly<Record<SessionFailure, ExitCode>> = {
  'auth-failed': ExitCode.authFailed,
  'password-expired': ExitCode.passwordExpired,
  'account-locked': ExitCode.accountLocked,
  unreachable: ExitCode.unreachable,
  dns: ExitCode.dns,
  certificate: ExitCode.certificate,
  gateway: ExitCode.gateway,
  'server-full': ExitCode.serverFull,
  'logged-off': ExitCode.loggedOff,
  timeout: ExitCode.timeout,
  'engine-missing': ExitCode.engineMissing,
  failed: ExitCode.sessionFailed,
};

/** For --help and README.md: the codes only `connect` uses. */
export const connectExitWords: readonly [ExitCode, string][] = [
  [ExitCode.ok, 'the session reached "logged on" (and was then disconnected)'],
  [ExitCode.authFailed, 'wrong user name or password'],
  [ExitCode.passwordExpired, 'the password has expired or must be changed'],
  [ExitCode.accountLocked, 'the account is locked, disabled, expired or may not log on'],
  [ExitCode.unreachable, 'the host cannot be reached (nothing listens, network down)'],
  [ExitCode.dns, 'the host name does not resolve'],
  [ExitCode.certificate, 'the server certificate is not trusted / not the pinned one'],
  [ExitCode.gateway, 'the RD gateway or the SPICE proxy failed'],
  [ExitCode.serverFull, 'the server takes no more connections (licences, pool full, denied)'],
  [ExitCode.loggedOff, 'the server logged the user off before the desktop appeared'],
  [ExitCode.timeout, 'no desktop before --timeout'],
  [ExitCode.engineMissing, 'the engine cannot run here (library, xfreerdp or remote-viewer missing; no $DISPLAY)'],
  [ExitCode.sessionFailed, 'any other failure (security negotiation, TLS, a crash)'],
  [ExitCode.interrupted, 'interrupted (Ctrl+C); the session was ended first'],
];

export interface ConnectRun {
  choice: EngineChoice;
  spec: ConnectionSpec;
  timeoutSec: number;
  display?: string;
  json: boolean;
  io: Io;
  now(): number;
  /** Registers what Ctrl+C does; returns the unregister. */
  onInterrupt(listener: () => void): () => void;
}

type Final = Extract<SessionState, { kind: 'ended' | 'failed' }>;

function describe(state: SessionState): string {
  if (state.kind === 'failed') return `failed ${state.failure}: ${state.detail}`;
  if (state.kind === 'ended') return `ended ${state.reason}${state.detail ? `: ${state.detail}` : ''}`;
  return state.kind;
}

/** Starts the session, prints each state as it comes, disconnects once logged on. */
export async function runConnect(run: ConnectRun): Promise<ExitCode> {
  const { choice, io } = run;
  // Under --json, stdout holds one document: the live states go to stderr.
  const live = run.json ? io.stderr : io.stdout;
  if (choice.note) io.stderr(`thinshell: note: ${choice.note}\n`);
  const port = run.spec.port ?? (run.spec.protocol === 'spice' ? run.spec.tlsPort : undefined);
  const via = run.spec.protocol === 'spice' && run.spec.proxy ? ' (through a proxy)' : '';
  live(`engine ${choice.engine.id}, ${run.spec.protocol}://${run.spec.host}:${port ?? ''}${via}\n`);
  const t0 = run.now();
  const states: Array<SessionState & { ms: number }> = [];
  let loggedOn = false;
  let interrupted = false;
  const handle = choice.engine.start(run.spec, { connectTimeoutSec: run.timeoutSec, ...(run.display ? { display: run.display } : {}) });
  const unregister = run.onInterrupt(() => {
    interrupted = true;
    live('interrupted: disconnecting\n');
    void handle.disconnect();
  });
  handle.onState((state) => {
    const ms = Math.round(run.now() - t0);
    states.push({ ...state, ms });
    live(`+${ms} ms ${describe(state)}\n`);
    if (state.kind === 'loggedOn' && !loggedOn) {
      loggedOn = true;
      live('logged on: disconnecting\n');
      void handle.disconnect();
    }
  });
  let final: Final;
  try {
    final = await handle.done;
  } finally {
    unregister();
  }
  const code = exitCodeFor(final, loggedOn, interrupted);
  if (run.json) {
    const loggedOnMs = states.find((s) => s.kind === 'loggedOn')?.ms;
    printJson(io, { ok: code === ExitCode.ok, exitCode: code, engine: choice.engine.id, ...(choice.note ? { note: choice.note } : {}), loggedOnMs, final, states });
  } else if (code === ExitCode.ok) io.stdout(`OK: logged on after ${states.find((s) => s.kind === 'loggedOn')?.ms} ms\n`);
  else io.stdout(`NOT LOGGED ON (exit ${code}): ${describe(final)}\n`);
  return code;
}

export function exitCodeFor(final: Final, loggedOn: boolean, interrupted: boolean): ExitCode {
  if (loggedOn) return ExitCode.ok;
  if (interrupted) return ExitCode.interrupted;
  return final.kind === 'failed' ? connectExitCodes[final.failure] : ExitCode.sessionFailed;
}
