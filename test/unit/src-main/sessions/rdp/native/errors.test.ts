import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyFailure, END_REASONS, ERROR_KINDS, FREERDP_ERRORS } from '../../../../../../src-main/sessions/rdp/native/errors.ts';
import type { SessionFailure } from '../../../../../../src-main/sessions/types.ts';

/** What each FreeRDP error must mean to the user: written here by hand, not taken from the table. */
const EXPECTED: Record<string, SessionFailure> = {
  ERRCONNECT_DNS_ERROR: 'dns',
  ERRCONNECT_DNS_NAME_NOT_FOUND: 'dns',
  ERRCONNECT_CONNECT_FAILED: 'unreachable',
  ERRCONNECT_CONNECT_TRANSPORT_FAILED: 'unreachable',
  ERRCONNECT_KDC_UNREACHABLE: 'unreachable',
  ERRCONNECT_AUTHENTICATION_FAILED: 'auth-failed',
  ERRCONNECT_LOGON_FAILURE: 'auth-failed',
  ERRCONNECT_WRONG_PASSWORD: 'auth-failed',
  ERRCONNECT_ACCESS_DENIED: 'auth-failed',
  ERRCONNECT_NO_OR_MISSING_CREDENTIALS: 'auth-failed',
  ERRCONNECT_INSUFFICIENT_PRIVILEGES: 'auth-failed',
  ERRCONNECT_CLIENT_REVOKED: 'auth-failed',
  ERRCONNECT_PASSWORD_EXPIRED: 'password-expired',
  ERRCONNECT_PASSWORD_CERTAINLY_EXPIRED: 'password-expired',
  ERRCONNECT_PASSWORD_MUST_CHANGE: 'password-expired',
  ERRCONNECT_ACCOUNT_LOCKED_OUT: 'account-locked',
  ERRCONNECT_ACCOUNT_DISABLED: 'account-locked',
  ERRCONNECT_ACCOUNT_EXPIRED: 'account-locked',
  ERRCONNECT_ACCOUNT_RESTRICTION: 'account-locked',
  ERRCONNECT_LOGON_TYPE_NOT_GRANTED: 'account-locked',
  ERRCONNECT_TLS_CONNECT_FAILED: 'failed',
  ERRCONNECT_SECURITY_NEGO_CONNECT_FAILED: 'failed',
  ERRCONNECT_MCS_CONNECT_INITIAL_ERROR: 'failed',
  ERRINFO_RPC_INITIATED_LOGOFF: 'logged-off',
  ERRINFO_LOGOFF_BY_USER: 'logged-off',
  ERRINFO_RPC_INITIATED_DISCONNECT: 'failed',
  ERRINFO_DISCONNECTED_BY_OTHER_CONNECTION: 'failed',
  ERRINFO_LOGON_TIMEOUT: 'timeout',
  ERRINFO_OUT_OF_MEMORY: 'server-full',
  ERRINFO_SERVER_DENIED_CONNECTION: 'server-full',
  ERRINFO_SERVER_INSUFFICIENT_PRIVILEGES: 'auth-failed',
  ERRINFO_SERVER_FRESH_CREDENTIALS_REQUIRED: 'auth-failed',
  ERRINFO_LICENSE_INTERNAL: 'server-full',
  ERRINFO_LICENSE_NO_LICENSE_SERVER: 'server-full',
  ERRINFO_LICENSE_NO_LICENSE: 'server-full',
  ERRINFO_LICENSE_NO_REMOTE_CONNECTIONS: 'server-full',
  ERRINFO_CB_DESTINATION_POOL_NOT_FREE: 'server-full',
};

const HEADER = '/usr/include/freerdp2/freerdp/error.h';
/** class << 16 | code, from the #defines of FreeRDP's own header (ERRINFO class 1, ERRCONNECT class 2). */
function headerCodes(): Map<string, number> {
  const codes = new Map<string, number>();
  for (const m of readFileSync(HEADER, 'utf8').matchAll(/^#define (ERR(?:INFO|CONNECT)_\w+) (0x[0-9A-Fa-f]+)\b/gm)) {
    codes.set(m[1]!, (m[1]!.startsWith('ERRINFO') ? 1 : 2) * 0x10000 + Number(m[2]));
  }
  return codes;
}

describe('FREERDP_ERRORS', () => {
  it('has exactly the rows expected here, no code twice', () => {
    expect(FREERDP_ERRORS.map((r) => r.name).sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(new Set(FREERDP_ERRORS.map((r) => r.code)).size).toBe(FREERDP_ERRORS.length);
  });

  it.skipIf(!existsSync(HEADER)).each(FREERDP_ERRORS.map((r) => [r.name, r] as const))('%s: the code of freerdp/error.h, the expected failure', (name, r) => {
    expect(r.code).toBe(headerCodes().get(name));
    // What a failed attempt with this last error turns into (the library's kind says OTHER).
    const got = classifyFailure({ lastError: r.code, errorKind: 13, lastErrorText: 'text from the library' });
    expect(got.failure).toBe(EXPECTED[name]);
    expect(got.detail).toContain(name);
  });
});

describe('classifyFailure', () => {
  it('the library kind wins where it knows more than the code: certificate, gateway, settings, an NLA drop', () => {
    const transport = 0x2000d;
    expect(classifyFailure({ lastError: 0x20008, errorKind: 8, lastErrorText: 'certificate rejected: not pinned' })).toEqual({ failure: 'certificate', detail: 'certificate rejected: not pinned' });
    expect(classifyFailure({ lastError: 0x20006, errorKind: 9, lastErrorText: 'gateway said no' }).failure).toBe('gateway');
    expect(classifyFailure({ lastError: 0, errorKind: 12, lastErrorText: 'port: expected an integer' }).failure).toBe('failed');
    expect(classifyFailure({ lastError: transport, errorKind: 4, lastErrorText: 'dropped during NLA' }).failure).toBe('auth-failed');
    // Without the kind, the same code is the network.
    expect(classifyFailure({ lastError: transport, errorKind: 2, lastErrorText: '' }).failure).toBe('unreachable');
  });

  it('an unknown code falls back to the kind, then to failed, with the code in hex', () => {
    expect(classifyFailure({ lastError: 0x2abcd, errorKind: 10, lastErrorText: 'denied' })).toEqual({ failure: 'server-full', detail: 'denied (0x0002abcd)' });
    expect(classifyFailure({ lastError: 0x2abcd, errorKind: 99, lastErrorText: '' })).toEqual({ failure: 'failed', detail: 'the connection failed (0x0002abcd)' });
    expect(classifyFailure({ lastError: 0, errorKind: 0, lastErrorText: '' }).failure).toBe('failed');
  });

  it.each([
    [2, 'unreachable'],
    [3, 'dns'],
    [5, 'password-expired'],
    [6, 'account-locked'],
    [7, 'account-locked'],
    [10, 'server-full'],
    [11, 'failed'],
  ] as const)('kind %i alone (no known code) -> %s', (kind, failure) => {
    expect(classifyFailure({ lastError: 0, errorKind: kind, lastErrorText: 'x' }).failure).toBe(failure);
  });

  it('every kind of thinshell_rdp.h has a row', () => {
    expect(Object.keys(ERROR_KINDS).map(Number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
  });
});

describe('END_REASONS', () => {
  it('follows ts_session_end_reason: 0 user, 1 server disconnect, 2 logged off, 3 network lost', () => {
    expect(END_REASONS).toEqual({ 0: 'user-disconnect', 1: 'server-disconnect', 2: 'logged-off', 3: 'network-lost' });
  });
});
