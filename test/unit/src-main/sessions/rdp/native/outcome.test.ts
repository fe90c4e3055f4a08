import { describe, expect, it } from 'vitest';
import { nativeOutcome, type NativeFacts } from '../../../../../../src-main/sessions/rdp/native/outcome.ts';
import type { StateMessage } from '../../../../../../src-main/sessions/rdp/worker/protocol.ts';

const clean = { code: 0, signal: null };
const facts = (over: Partial<NativeFacts> = {}): NativeFacts => ({ connected: false, loggedOn: false, userDisconnect: false, deadline: false, hung: false, exit: clean, security: 'nla', ...over });
const terminal = (over: Partial<StateMessage>): StateMessage => ({ type: 'state', state: 'disconnected', lastError: 0, lastErrorText: '', errorKind: 0, endReason: -1, ...over });

describe('nativeOutcome after logon', () => {
  it.each([
    [0, 'user-disconnect'],
    [1, 'server-disconnect'],
    [2, 'logged-off'],
    [3, 'network-lost'],
    [42, 'server-disconnect'],
  ] as const)('the library ended it with reason %i: ended %s, its text as detail', (endReason, reason) => {
    const final = nativeOutcome(facts({ connected: true, loggedOn: true, terminal: terminal({ endReason, lastErrorText: 'why' }) }));
    expect(final).toEqual({ kind: 'ended', reason, detail: 'why' });
  });

  it('the user asked: user-disconnect whatever the library says, without a detail', () => {
    expect(nativeOutcome(facts({ loggedOn: true, userDisconnect: true, terminal: terminal({ endReason: 3, lastErrorText: 'x' }) }))).toEqual({ kind: 'ended', reason: 'user-disconnect' });
  });

  it('the worker died without a last word: ended crashed, saying how', () => {
    expect(nativeOutcome(facts({ loggedOn: true, exit: { code: null, signal: 'SIGKILL' } }))).toEqual({ kind: 'ended', reason: 'crashed', detail: 'the session process was killed by SIGKILL' });
    expect(nativeOutcome(facts({ loggedOn: true, hung: true, exit: { code: null, signal: 'SIGKILL' } }))).toMatchObject({ reason: 'crashed', detail: expect.stringContaining('stopped responding (watchdog)') });
    expect(nativeOutcome(facts({ loggedOn: true, protocolError: 'type: invalid_union', exit: { code: null, signal: 'SIGKILL' } }))).toMatchObject({ reason: 'crashed', detail: expect.stringContaining('broke the protocol (type: invalid_union)') });
  });
});

describe('nativeOutcome before logon', () => {
  it('a FAILED state: the error table decides', () => {
    const final = nativeOutcome(facts({ terminal: terminal({ state: 'failed', lastError: 0x20015, errorKind: 4 }) }));
    expect(final).toMatchObject({ kind: 'failed', failure: 'auth-failed' });
    expect(nativeOutcome(facts({ terminal: terminal({ state: 'failed', lastError: 0x20005, errorKind: 3 }) }))).toMatchObject({ failure: 'dns' });
  });

  it('logged off by the server after connecting, before the desktop: failed logged-off', () => {
    expect(nativeOutcome(facts({ connected: true, terminal: terminal({ endReason: 2, lastErrorText: 'logged off' }) }))).toEqual({ kind: 'failed', failure: 'logged-off', detail: 'logged off' });
  });

  it('TLS/RDP security: dropped right after the credentials went out reads as auth-failed; with NLA it does not', () => {
    expect(nativeOutcome(facts({ connected: true, security: 'tls', terminal: terminal({ endReason: 3, lastError: 0x2000d }) }))).toMatchObject({ failure: 'auth-failed' });
    expect(nativeOutcome(facts({ connected: true, security: 'nla', terminal: terminal({ endReason: 3, lastError: 0x2000d }) }))).toMatchObject({ failure: 'unreachable' });
  });

  it('the connect deadline: failed timeout, saying how far it got', () => {
    expect(nativeOutcome(facts({ deadline: true, terminal: terminal({ endReason: 0 }) }))).toEqual({ kind: 'failed', failure: 'timeout', detail: 'no connection before the deadline' });
    expect(nativeOutcome(facts({ deadline: true, connected: true }))).toMatchObject({ failure: 'timeout', detail: expect.stringContaining('desktop did not appear') });
  });

  it('the user cancelled: ended user-disconnect, not a failure', () => {
    expect(nativeOutcome(facts({ userDisconnect: true, terminal: terminal({ endReason: 0, lastError: 0x2000b, errorKind: 1 }) }))).toEqual({ kind: 'ended', reason: 'user-disconnect' });
    expect(nativeOutcome(facts({ userDisconnect: true }))).toEqual({ kind: 'ended', reason: 'user-disconnect' });
  });

  it('no library, a refused setting, a crash', () => {
    expect(nativeOutcome(facts({ fatal: { kind: 'library', message: 'cannot open x.so' }, exit: { code: 2, signal: null } }))).toEqual({ kind: 'failed', failure: 'engine-missing', detail: 'the RDP library could not be loaded: cannot open x.so' });
    expect(nativeOutcome(facts({ startError: { kind: 'settings', message: "port: expected an integer" } }))).toMatchObject({ failure: 'failed', detail: expect.stringContaining('port: expected') });
    expect(nativeOutcome(facts({ exit: { code: null, signal: 'SIGSEGV' } }))).toEqual({ kind: 'failed', failure: 'failed', detail: 'the session process was killed by SIGSEGV before the desktop appeared' });
    expect(nativeOutcome(facts({ exit: { code: null, signal: null, error: 'spawn ENOENT' } }))).toMatchObject({ failure: 'failed', detail: expect.stringContaining('could not be started (spawn ENOENT)') });
  });
});
