import { z } from 'zod';

/**
 * Every error that crosses the IPC boundary carries one of these codes. The renderer turns the
 * code into plain words from its message catalogue; `detail` is technical text for the admin.
 */
export const ErrorCode = z.enum([
  // contract level
  'invalid-argument',
  'forbidden-sender',
  'not-allowed-now',
  'internal',
  // discovery and brokers
  'no-broker',
  'broker-unreachable',
  'broker-timeout',
  'broker-bad-reply',
  'broker-tls',
  'auth-failed',
  'auth-second-factor-failed',
  'auth-second-factor-unsupported',
  'auth-expired-password',
  'auth-locked',
  'no-desktops',
  'desktop-unavailable',
  // sessions
  'session-unreachable',
  'session-dns',
  'session-auth-failed',
  'session-password-expired',
  'session-account-locked',
  'session-certificate',
  'session-gateway',
  'session-server-full',
  'session-logged-off',
  'session-timeout',
  'session-failed',
  'session-crashed',
  'session-engine-missing',
  // policy and admin
  'policy-invalid',
  'admin-pin-wrong',
  'admin-locked',
  'cancelled',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** The wire form of an error: rebuilt by code on the other side, never a stack trace. */
export const WireError = z.object({
  code: ErrorCode,
  message: z.string().max(4000),
});
export type WireError = z.infer<typeof WireError>;

/** An error whose code is meant for the user; anything else crosses as `internal`. */
export class ShellError extends Error {
  override readonly name = 'ShellError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function toWireError(err: unknown): WireError {
  if (err instanceof ShellError) return { code: err.code, message: err.message };
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}
