import { ShellError } from '../../contract/index.ts';
import { TlsTrustError } from './trust.ts';

/** One attempt ran past the broker's timeoutSec. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/** The reply broke a rule of the client (too large, cut off): the broker is there but unusable. */
export class ReplyError extends Error {
  override readonly name = 'ReplyError';
}

const unreachableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EADDRNOTAVAIL']);
const dnsCodes = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);

function errorCode(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
}

/** Errors another attempt might cure: the network, not the server's answer or our rules. */
export function isConnectionError(err: unknown): boolean {
  const code = errorCode(err);
  return unreachableCodes.has(code) || (err instanceof Error && err.message === 'socket hang up');
}

/**
 * Any failure of a request as a ShellError: plain code for the user, what happened (host,
 * system error, limit) in the message for the admin. Never includes headers or bodies.
 */
export function toBrokerError(err: unknown, where: string, signal: AbortSignal): ShellError {
  if (err instanceof ShellError) return err;
  if (signal.aborted) return new ShellError('cancelled', 'cancelled');
  const message = err instanceof Error ? err.message : String(err);
  const code = errorCode(err);
  if (err instanceof TlsTrustError) return new ShellError('broker-tls', `${where}: ${message}`);
  if (err instanceof TimeoutError) return new ShellError('broker-timeout', `${where}: ${message}`);
  if (err instanceof ReplyError) return new ShellError('broker-bad-reply', `${where}: ${message}`);
  if (dnsCodes.has(code)) return new ShellError('broker-unreachable', `${where}: the name does not resolve (${code})`);
  if (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || code === 'EPROTO' || /SSL|TLS|certificate/i.test(message)) {
    return new ShellError('broker-tls', `${where}: TLS failed (${code || message})`);
  }
  if (isConnectionError(err)) return new ShellError('broker-unreachable', `${where}: cannot connect (${code || message})`);
  return new ShellError('broker-unreachable', `${where}: ${code ? `${code} ` : ''}${message}`);
}
