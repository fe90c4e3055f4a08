import type { ChildExit } from '../child.ts';
import type { FinalState as Final, OutcomeContext } from '../client-run.ts';
import type { SessionEndReason, SessionFailure } from '../types.ts';
import type { XfreerdpOutput } from './xfreerdp-lines.ts';

/**
 * xfreerdp's exit codes (FreeRDP 2.11 client/X11/xf_client.h, enum XF_EXIT_CODE) for attempts
 * that never reached the desktop. Codes 0-26 come from the server's error info and are read
 * as end reasons below.
 */
export const XFREERDP_EXIT_FAILURES: Readonly<Record<number, { failure: SessionFailure; detail: string }>> = {
  // 126/127 come from stdbuf, which runs xfreerdp: it is not executable / not installed.
  126: { failure: 'engine-missing', detail: 'xfreerdp cannot be run' },
  127: { failure: 'engine-missing', detail: 'xfreerdp is not installed' },
  128: { failure: 'failed', detail: 'xfreerdp rejected its arguments' },
  131: { failure: 'failed', detail: 'the connection failed' },
  132: { failure: 'auth-failed', detail: 'authentication failed' },
  133: { failure: 'failed', detail: 'security negotiation failed' },
  134: { failure: 'auth-failed', detail: 'logon failure' },
  135: { failure: 'auth-failed', detail: 'the account is locked out' },
  139: { failure: 'dns', detail: 'DNS error' },
  140: { failure: 'dns', detail: 'the host name was not found' },
  141: { failure: 'unreachable', detail: 'the connection failed' },
  142: { failure: 'failed', detail: 'MCS connect-initial error' },
  143: { failure: 'failed', detail: 'the TLS connection failed' },
  144: { failure: 'auth-failed', detail: 'insufficient privileges' },
  147: { failure: 'unreachable', detail: 'the network connection failed' },
  148: { failure: 'auth-failed', detail: 'the password has expired' },
  149: { failure: 'auth-failed', detail: 'the password must be changed' },
  150: { failure: 'failed', detail: 'the Kerberos KDC is unreachable' },
  151: { failure: 'auth-failed', detail: 'the account is disabled' },
  152: { failure: 'auth-failed', detail: 'the password has expired' },
  153: { failure: 'auth-failed', detail: 'the client certificate was revoked' },
  154: { failure: 'auth-failed', detail: 'wrong password' },
  155: { failure: 'auth-failed', detail: 'access denied' },
  156: { failure: 'auth-failed', detail: 'account restriction' },
  157: { failure: 'auth-failed', detail: 'the account has expired' },
  158: { failure: 'auth-failed', detail: 'this logon type is not granted' },
  159: { failure: 'auth-failed', detail: 'no or missing credentials' },
};

/** How a session that was up ended, by exit code (the server's error info, passed through). */
export const XFREERDP_EXIT_ENDS: Readonly<Record<number, { reason: SessionEndReason; detail: string }>> = {
  0: { reason: 'user-disconnect', detail: 'the client was closed' },
  1: { reason: 'server-disconnect', detail: 'disconnected by an administrator or another session' },
  2: { reason: 'logged-off', detail: 'logged off by an administrator' },
  3: { reason: 'server-disconnect', detail: 'idle time limit reached' },
  4: { reason: 'server-disconnect', detail: 'logon time limit reached' },
  5: { reason: 'server-disconnect', detail: 'the session was taken over by another connection' },
  6: { reason: 'server-disconnect', detail: 'the server ran out of memory' },
  7: { reason: 'server-disconnect', detail: 'the server denied the connection' },
  9: { reason: 'server-disconnect', detail: 'the user lacks the privileges' },
  11: { reason: 'user-disconnect', detail: 'disconnected from inside the session' },
  12: { reason: 'logged-off', detail: 'the user logged off' },
  // No error info: the connection just went away (the server vanished or the network did).
  131: { reason: 'network-lost', detail: 'the connection was lost' },
};

function exitText(exit: ChildExit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

/** The final state of one xfreerdp run, from what it printed and how it ended. */
export function xfreerdpOutcome(out: XfreerdpOutput, exit: ChildExit, ctx: OutcomeContext): Final {
  if (exit.spawnError) {
    const missing = exit.spawnError.code === 'ENOENT';
    return { kind: 'failed', failure: missing ? 'engine-missing' : 'failed', detail: `xfreerdp could not start: ${exit.spawnError.message}` };
  }
  if (ctx.userDisconnect) return { kind: 'ended', reason: 'user-disconnect' };
  if (ctx.deadline && !out.loggedOn) {
    const where = out.connected ? 'the desktop did not appear' : `no connection (stuck in ${out.stage})`;
    return { kind: 'failed', failure: 'timeout', detail: `${where} before the deadline` };
  }
  if (out.loggedOn) {
    if (exit.signal) return { kind: 'ended', reason: 'crashed', detail: `xfreerdp ended by ${exitText(exit)}` };
    const end = exit.code === null ? undefined : XFREERDP_EXIT_ENDS[exit.code];
    if (end) return { kind: 'ended', reason: end.reason, detail: end.detail };
    return { kind: 'ended', reason: 'crashed', detail: `xfreerdp ended with ${exitText(exit)}` };
  }
  if (out.connected) {
    // TLS and RDP security send the credentials after activation (Client Info PDU): a server
    // that then drops us before showing anything has refused them. Seen with FreeRDP's server + PAM.
    if (!out.sawNla && (out.transportFailedAfterActive || exit.code === 131)) {
      return { kind: 'failed', failure: 'auth-failed', detail: 'the server closed the connection after it received the credentials' };
    }
    return { kind: 'failed', failure: 'failed', detail: `the connection closed before the desktop appeared (${exitText(exit)})` };
  }
  if (out.failure) return { kind: 'failed', failure: out.failure.failure, detail: out.failure.detail };
  const byCode = exit.code === null ? undefined : XFREERDP_EXIT_FAILURES[exit.code];
  if (byCode) return { kind: 'failed', failure: byCode.failure, detail: `${byCode.detail} (${exitText(exit)})` };
  return { kind: 'failed', failure: 'failed', detail: `xfreerdp ended with ${exitText(exit)} before connecting` };
}
