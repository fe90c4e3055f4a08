import type { FinalState } from '../../client-run.ts';
import type { RdpConnection } from '../../types.ts';
import type { StateMessage } from '../worker/protocol.ts';
import type { WorkerExit } from '../worker/transport.ts';
import { classifyFailure, END_REASONS } from './errors.ts';

/** Everything the supervisor learnt about one native session, once its worker is gone. */
export interface NativeFacts {
  connected: boolean;
  loggedOn: boolean;
  /** The user (or the shell) asked for the end. */
  userDisconnect: boolean;
  /** The connect deadline passed before the desktop was up. */
  deadline: boolean;
  /** The watchdog found the worker unresponsive and killed it. */
  hung: boolean;
  /** The library's last word: a DISCONNECTED or FAILED state. */
  terminal?: StateMessage;
  /** The worker could not load the library. */
  fatal?: { kind: string; message: string };
  /** The worker refused `start` (a setting the library rejected). */
  startError?: { kind: string; message: string };
  /** The worker sent something outside the protocol and was killed. */
  protocolError?: string;
  exit: WorkerExit;
  security: RdpConnection['security'];
}

function exitText(exit: WorkerExit): string {
  if (exit.error) return `could not be started (${exit.error})`;
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
}

/** A worker that ended without the library's last word: why, for the admin. */
function lostWorker(f: NativeFacts): string {
  if (f.hung) return 'stopped responding (watchdog) and was killed';
  if (f.protocolError) return `broke the protocol (${f.protocolError}) and was killed`;
  return exitText(f.exit);
}

function beforeLogon(f: NativeFacts, terminal: StateMessage): FinalState {
  if (terminal.state === 'disconnected') {
    // Connected, then ended by the server before the desktop showed.
    if (terminal.endReason === 2) return { kind: 'failed', failure: 'logged-off', detail: terminal.lastErrorText || 'logged off by the server' };
    // TLS and RDP security send the credentials after activation (Client Info PDU): a server that
    // drops us right then has refused them (FreeRDP's shadow server with PAM does exactly this).
    if (f.connected && terminal.endReason === 3 && f.security !== 'nla') {
      return { kind: 'failed', failure: 'auth-failed', detail: 'the server closed the connection after it received the credentials' };
    }
  }
  const { failure, detail } = classifyFailure(terminal);
  return { kind: 'failed', failure, detail };
}

/** The final state of one native session, from what its worker said and how it ended. */
export function nativeOutcome(f: NativeFacts): FinalState {
  const t = f.terminal;
  if (t && f.loggedOn) {
    const reason = f.userDisconnect ? 'user-disconnect' : (END_REASONS[t.endReason] ?? 'server-disconnect');
    return { kind: 'ended', reason, ...(t.lastErrorText && !f.userDisconnect ? { detail: t.lastErrorText } : {}) };
  }
  if (f.userDisconnect && !f.loggedOn) return { kind: 'ended', reason: 'user-disconnect' };
  if (f.deadline && !f.loggedOn) {
    const where = f.connected ? 'the desktop did not appear' : 'no connection';
    return { kind: 'failed', failure: 'timeout', detail: `${where} before the deadline` };
  }
  if (t) return beforeLogon(f, t);
  if (f.userDisconnect) return { kind: 'ended', reason: 'user-disconnect' };
  if (f.fatal) return { kind: 'failed', failure: 'engine-missing', detail: `the RDP library could not be loaded: ${f.fatal.message}` };
  if (f.startError) return { kind: 'failed', failure: 'failed', detail: `the session could not start: ${f.startError.message}` };
  const why = `the session process ${lostWorker(f)}`;
  // "The session ended unexpectedly": a crash costs this session, never the kiosk.
  if (f.loggedOn) return { kind: 'ended', reason: 'crashed', detail: why };
  return { kind: 'failed', failure: 'failed', detail: `${why} before the desktop appeared` };
}
