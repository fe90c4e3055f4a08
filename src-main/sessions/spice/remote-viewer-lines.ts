import type { ChildExit } from '../child.ts';
import type { ClientSignal, FinalState, OutcomeContext } from '../client-run.ts';
import type { SessionFailure } from '../types.ts';

/**
 * What `remote-viewer --debug` (virt-viewer 11, spice-gtk 0.42) prints, and what it means.
 * Every pattern was matched against real output; the unit test holds those lines.
 */

export interface SpiceFailureRule {
  id: string;
  pattern: RegExp;
  failure: SessionFailure;
  detail: string;
}

/** First match wins; order matters (a specific cause before the generic "failed to connect"). */
export const REMOTE_VIEWER_FAILURE_LINES: readonly SpiceFailureRule[] = [
  { id: 'auth', pattern: /main channel: auth failure/, failure: 'auth-failed', detail: 'the SPICE password was refused' },
  // Through an HTTP CONNECT proxy (Proxmox's spiceproxy on 3128, or any other): spice-gtk's own
  // words for each step, before the generic rules below could take them for the desktop's.
  {
    id: 'proxy-dns',
    pattern: /main channel: failed to connect SPICE proxy: .*(Error resolving|Name or service not known|Temporary failure in name resolution)/,
    failure: 'gateway',
    detail: "the SPICE proxy's host name could not be resolved from this terminal",
  },
  {
    id: 'proxy-unreachable',
    pattern: /main channel: failed to connect Could not connect to proxy server/,
    failure: 'gateway',
    detail: 'the SPICE proxy could not be reached (nothing accepted the connection on its port)',
  },
  {
    id: 'proxy-refused',
    pattern: /main channel: failed to connect HTTP proxy connection not allowed/,
    failure: 'gateway',
    detail: "the SPICE proxy refused to connect to the desktop (HTTP 403: the desktop's port is not allowed there)",
  },
  {
    id: 'proxy-auth',
    pattern: /main channel: failed to connect HTTP proxy (authentication|auth)/i,
    failure: 'gateway',
    detail: 'the SPICE proxy wants a user name and password (HTTP 407)',
  },
  {
    id: 'proxy-bad-reply',
    pattern: /main channel: failed to connect Bad HTTP proxy reply/,
    failure: 'gateway',
    detail: 'the SPICE proxy address answered, but not as an HTTP proxy',
  },
  {
    id: 'proxy-upstream',
    pattern: /main channel: failed to connect HTTP proxy connection failed: \d+/,
    failure: 'unreachable',
    detail: 'the SPICE proxy could not reach the desktop behind it',
  },
  {
    id: 'dns',
    pattern: /main channel: failed to connect .*(Error resolving|Name or service not known|Temporary failure in name resolution|No address associated)/,
    failure: 'dns',
    detail: 'the host name could not be resolved',
  },
  { id: 'refused', pattern: /main channel: failed to connect .*Connection refused/, failure: 'unreachable', detail: 'nothing accepted the connection' },
  { id: 'connect-failed', pattern: /main channel: failed to connect/, failure: 'unreachable', detail: 'the connection failed' },
  {
    id: 'certificate',
    pattern: /openssl_verify: (Error in certificate chain verification|ssl: .*verification failed)/,
    failure: 'certificate',
    detail: 'the server certificate is not trusted',
  },
  { id: 'tls', pattern: /SSL_connect: error/, failure: 'failed', detail: 'the TLS handshake failed' },
];

const OPENED = /main channel: opened/;
const DISPLAY_SHOWN = /notebook show display/;
const DISCONNECTED = /display has disconnected, shutting down/;

export class RemoteViewerOutput {
  connected = false;
  loggedOn = false;
  disconnected = false;
  failure: { id: string; failure: SessionFailure; detail: string } | undefined;

  feed(line: string): ClientSignal | undefined {
    if (!this.connected && OPENED.test(line)) {
      this.connected = true;
      return 'connected';
    }
    if (this.connected && !this.loggedOn && DISPLAY_SHOWN.test(line)) {
      this.loggedOn = true;
      return 'loggedOn';
    }
    if (DISCONNECTED.test(line)) {
      this.disconnected = true;
      return undefined;
    }
    if (this.connected || this.failure) return undefined;
    const rule = REMOTE_VIEWER_FAILURE_LINES.find((r) => r.pattern.test(line));
    if (!rule) return undefined;
    this.failure = { id: rule.id, failure: rule.failure, detail: rule.detail };
    return 'failure';
  }
}

function exitText(exit: ChildExit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

export function remoteViewerOutcome(out: RemoteViewerOutput, exit: ChildExit, ctx: OutcomeContext): FinalState {
  if (exit.spawnError) {
    const missing = exit.spawnError.code === 'ENOENT';
    return { kind: 'failed', failure: missing ? 'engine-missing' : 'failed', detail: `remote-viewer could not start: ${exit.spawnError.message}` };
  }
  if (ctx.userDisconnect) return { kind: 'ended', reason: 'user-disconnect' };
  if (out.failure) return { kind: 'failed', failure: out.failure.failure, detail: out.failure.detail };
  if (ctx.deadline && !out.loggedOn) {
    return { kind: 'failed', failure: 'timeout', detail: out.connected ? 'the display did not appear before the deadline' : 'no connection before the deadline' };
  }
  if (!out.loggedOn) {
    const where = out.connected ? 'the connection closed before the display appeared' : 'remote-viewer ended before connecting';
    return { kind: 'failed', failure: 'failed', detail: `${where} (${exitText(exit)})` };
  }
  // --kiosk-quit=on-disconnect: a server that goes away (VM off, QEMU gone) makes it exit 0.
  if (exit.code === 0 || (out.disconnected && !exit.signal)) {
    return { kind: 'ended', reason: 'server-disconnect', detail: 'the SPICE server closed the display' };
  }
  return { kind: 'ended', reason: 'crashed', detail: `remote-viewer ended with ${exitText(exit)}` };
}
