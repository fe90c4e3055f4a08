import type { SessionEndReason, SessionFailure } from '../../types.ts';

/**
 * What the library's errors mean for the user. FreeRDP 2 packs an error as class << 16 | code
 * (freerdp/error.h): class 1 is the server's error info (ERRINFO_*), class 2 the client's
 * connect errors (ERRCONNECT_*). Values from /usr/include/freerdp2/freerdp/error.h (2.11.7).
 */
export const ERRINFO = 0x1_0000;
export const ERRCONNECT = 0x2_0000;

export interface ErrorRow {
  code: number;
  name: string;
  failure: SessionFailure;
  detail: string;
}

const row = (cls: number, code: number, name: string, failure: SessionFailure, detail: string): ErrorRow => ({ code: cls | code, name, failure, detail });

/** FreeRDP's last error -> the failure the user sees. Order does not matter: codes are unique. */
export const FREERDP_ERRORS: readonly ErrorRow[] = [
  row(ERRCONNECT, 0x04, 'ERRCONNECT_DNS_ERROR', 'dns', 'the host name could not be resolved'),
  row(ERRCONNECT, 0x05, 'ERRCONNECT_DNS_NAME_NOT_FOUND', 'dns', 'the host name was not found'),
  row(ERRCONNECT, 0x06, 'ERRCONNECT_CONNECT_FAILED', 'unreachable', 'the connection failed'),
  row(ERRCONNECT, 0x0d, 'ERRCONNECT_CONNECT_TRANSPORT_FAILED', 'unreachable', 'the network connection failed'),
  row(ERRCONNECT, 0x11, 'ERRCONNECT_KDC_UNREACHABLE', 'unreachable', 'the Kerberos KDC is unreachable'),
  row(ERRCONNECT, 0x09, 'ERRCONNECT_AUTHENTICATION_FAILED', 'auth-failed', 'authentication failed'),
  row(ERRCONNECT, 0x14, 'ERRCONNECT_LOGON_FAILURE', 'auth-failed', 'logon failure'),
  row(ERRCONNECT, 0x15, 'ERRCONNECT_WRONG_PASSWORD', 'auth-failed', 'wrong password'),
  row(ERRCONNECT, 0x16, 'ERRCONNECT_ACCESS_DENIED', 'auth-failed', 'access denied'),
  row(ERRCONNECT, 0x1b, 'ERRCONNECT_NO_OR_MISSING_CREDENTIALS', 'auth-failed', 'no or missing credentials'),
  row(ERRCONNECT, 0x0a, 'ERRCONNECT_INSUFFICIENT_PRIVILEGES', 'auth-failed', 'the user may not log on to this desktop'),
  row(ERRCONNECT, 0x10, 'ERRCONNECT_CLIENT_REVOKED', 'auth-failed', 'the client certificate was revoked'),
  row(ERRCONNECT, 0x0e, 'ERRCONNECT_PASSWORD_EXPIRED', 'password-expired', 'the password has expired'),
  row(ERRCONNECT, 0x0f, 'ERRCONNECT_PASSWORD_CERTAINLY_EXPIRED', 'password-expired', 'the password has expired'),
  row(ERRCONNECT, 0x13, 'ERRCONNECT_PASSWORD_MUST_CHANGE', 'password-expired', 'the password must be changed'),
  row(ERRCONNECT, 0x18, 'ERRCONNECT_ACCOUNT_LOCKED_OUT', 'account-locked', 'the account is locked out'),
  row(ERRCONNECT, 0x12, 'ERRCONNECT_ACCOUNT_DISABLED', 'account-locked', 'the account is disabled'),
  row(ERRCONNECT, 0x19, 'ERRCONNECT_ACCOUNT_EXPIRED', 'account-locked', 'the account has expired'),
  row(ERRCONNECT, 0x17, 'ERRCONNECT_ACCOUNT_RESTRICTION', 'account-locked', 'an account restriction (e.g. logon hours) applies'),
  row(ERRCONNECT, 0x1a, 'ERRCONNECT_LOGON_TYPE_NOT_GRANTED', 'account-locked', 'the account may not log on remotely'),
  row(ERRCONNECT, 0x08, 'ERRCONNECT_TLS_CONNECT_FAILED', 'failed', 'the TLS handshake failed'),
  row(ERRCONNECT, 0x0c, 'ERRCONNECT_SECURITY_NEGO_CONNECT_FAILED', 'failed', 'security negotiation failed (the server and the security setting do not match)'),
  row(ERRCONNECT, 0x07, 'ERRCONNECT_MCS_CONNECT_INITIAL_ERROR', 'failed', 'the server rejected the connection parameters'),
  row(ERRINFO, 0x02, 'ERRINFO_RPC_INITIATED_LOGOFF', 'logged-off', 'logged off by an administrator'),
  row(ERRINFO, 0x0c, 'ERRINFO_LOGOFF_BY_USER', 'logged-off', 'the user was logged off'),
  row(ERRINFO, 0x01, 'ERRINFO_RPC_INITIATED_DISCONNECT', 'failed', 'disconnected by an administrator'),
  row(ERRINFO, 0x05, 'ERRINFO_DISCONNECTED_BY_OTHER_CONNECTION', 'failed', 'another connection took the session over'),
  row(ERRINFO, 0x04, 'ERRINFO_LOGON_TIMEOUT', 'timeout', "the server's logon time limit was reached"),
  row(ERRINFO, 0x06, 'ERRINFO_OUT_OF_MEMORY', 'server-full', 'the server ran out of memory'),
  row(ERRINFO, 0x07, 'ERRINFO_SERVER_DENIED_CONNECTION', 'server-full', 'the server denied the connection'),
  row(ERRINFO, 0x09, 'ERRINFO_SERVER_INSUFFICIENT_PRIVILEGES', 'auth-failed', 'the user lacks the privileges to log on'),
  row(ERRINFO, 0x0a, 'ERRINFO_SERVER_FRESH_CREDENTIALS_REQUIRED', 'auth-failed', 'the server wants the credentials typed afresh'),
  row(ERRINFO, 0x100, 'ERRINFO_LICENSE_INTERNAL', 'server-full', 'the licensing protocol failed on the server'),
  row(ERRINFO, 0x101, 'ERRINFO_LICENSE_NO_LICENSE_SERVER', 'server-full', 'no licence server is available'),
  row(ERRINFO, 0x102, 'ERRINFO_LICENSE_NO_LICENSE', 'server-full', 'no client access licence is free'),
  row(ERRINFO, 0x10a, 'ERRINFO_LICENSE_NO_REMOTE_CONNECTIONS', 'server-full', 'the server takes no more remote connections'),
  row(ERRINFO, 0x408, 'ERRINFO_CB_DESTINATION_POOL_NOT_FREE', 'server-full', 'no desktop of the pool is free'),
];

const byCode = new Map(FREERDP_ERRORS.map((r) => [r.code, r]));

/**
 * ts_error_kind (thinshell_rdp.h): the library's own category. Some kinds carry what the code
 * alone cannot: its certificate policy said no, a gateway was in the path, a setting was bad, or
 * an NLA server just dropped the connection on a wrong password. Those win over the code table.
 */
export const ERROR_KINDS: Readonly<Record<number, { name: string; failure: SessionFailure; overrides: boolean }>> = {
  1: { name: 'CANCELLED', failure: 'failed', overrides: false },
  2: { name: 'UNREACHABLE', failure: 'unreachable', overrides: false },
  3: { name: 'DNS', failure: 'dns', overrides: false },
  4: { name: 'AUTH_FAILED', failure: 'auth-failed', overrides: true },
  5: { name: 'PASSWORD_EXPIRED', failure: 'password-expired', overrides: false },
  6: { name: 'ACCOUNT_LOCKED', failure: 'account-locked', overrides: false },
  7: { name: 'ACCOUNT_DISABLED', failure: 'account-locked', overrides: false },
  8: { name: 'CERTIFICATE', failure: 'certificate', overrides: true },
  9: { name: 'GATEWAY', failure: 'gateway', overrides: true },
  10: { name: 'SERVER_DENIED', failure: 'server-full', overrides: false },
  11: { name: 'SECURITY', failure: 'failed', overrides: false },
  12: { name: 'SETTINGS', failure: 'failed', overrides: true },
  13: { name: 'OTHER', failure: 'failed', overrides: false },
};

/** ts_session_end_reason -> why a logged-on session ended. */
export const END_REASONS: Readonly<Record<number, SessionEndReason>> = {
  0: 'user-disconnect',
  1: 'server-disconnect',
  2: 'logged-off',
  3: 'network-lost',
};

export interface NativeError {
  lastError: number;
  errorKind: number;
  lastErrorText: string;
}

const hex = (code: number) => `0x${code.toString(16).padStart(8, '0')}`;

/** The failure of an attempt that never logged on, from the library's last error and its kind. */
export function classifyFailure(error: NativeError): { failure: SessionFailure; detail: string } {
  const kind = ERROR_KINDS[error.errorKind];
  const text = error.lastErrorText.trim();
  if (kind?.overrides) return { failure: kind.failure, detail: text || kind.name.toLowerCase().replace('_', ' ') };
  const known = byCode.get(error.lastError);
  if (known) return { failure: known.failure, detail: `${known.detail} (${known.name})` };
  const code = error.lastError ? ` (${hex(error.lastError)})` : '';
  if (kind) return { failure: kind.failure, detail: `${text || kind.name.toLowerCase()}${code}` };
  return { failure: 'failed', detail: `${text || 'the connection failed'}${code}` };
}
