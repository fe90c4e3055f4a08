import { ShellError, type ErrorAction, type ErrorCode, type UiError } from '../contract/index.ts';
import type { SessionFailure } from '../sessions/types.ts';

/** How a failed session attempt reads to the user: one contract code per engine failure. */
const failureCodes: Record<SessionFailure, ErrorCode> = {
  unreachable: 'session-unreachable',
  dns: 'session-dns',
  'auth-failed': 'session-auth-failed',
  'password-expired': 'session-password-expired',
  'account-locked': 'session-account-locked',
  certificate: 'session-certificate',
  gateway: 'session-gateway',
  'server-full': 'session-server-full',
  'logged-off': 'session-logged-off',
  timeout: 'session-timeout',
  'engine-missing': 'session-engine-missing',
  failed: 'session-failed',
};

export function sessionFailureCode(failure: SessionFailure): ErrorCode {
  return failureCodes[failure];
}

/** Sign-in errors the user can fix in the form itself; everything else gets an error screen. */
const formErrors: ReadonlySet<ErrorCode> = new Set([
  'auth-failed',
  'auth-expired-password',
  'auth-locked',
  'auth-second-factor-failed',
  'invalid-argument',
]);

export function isFormError(code: ErrorCode): boolean {
  return formErrors.has(code);
}

/** Any thrown value as a UI error; unexpected ones become `internal` with their text for the admin. */
export function toUiError(err: unknown): UiError {
  if (err instanceof ShellError) return { code: err.code, detail: err.message };
  if (err instanceof Error && err.name === 'AbortError') return { code: 'cancelled' };
  return { code: 'internal', detail: err instanceof Error ? err.message : String(err) };
}

/** The ways forward an error screen offers, by what failed. */
export function errorActions(code: ErrorCode, brokerCount: number): ErrorAction[] {
  const actions: ErrorAction[] = ['retry'];
  // A sign-in the broker no longer accepts (an expired ticket) is cured by signing in again.
  if (code.startsWith('session-') || code.startsWith('auth-')) actions.push('signIn');
  if (code.startsWith('broker-') || code === 'no-broker' || code === 'no-desktops') {
    if (brokerCount > 1) actions.push('otherBroker');
    actions.push('setup');
  }
  return actions;
}
