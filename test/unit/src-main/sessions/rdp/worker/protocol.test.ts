import { describe, expect, it } from 'vitest';
import { parseMessage, parseRequest, seqOf, WorkerError } from '../../../../../../src-main/sessions/rdp/worker/protocol.ts';

const CANARY = 'canary-Pw-4711';

describe('requests (parent -> worker)', () => {
  it('accepts the three requests', () => {
    for (const r of [
      { type: 'start', seq: 1, settings: { host: 'h', port: '3389' }, password: CANARY },
      { type: 'start', seq: 2, settings: {} },
      { type: 'disconnect', seq: 3 },
      { type: 'ping', seq: 4 },
    ]) expect(parseRequest(r)).toEqual({ ok: true, request: r });
  });

  it.each([
    ['not an object', 'start'],
    ['null', null],
    ['unknown type', { type: 'reboot', seq: 1 }],
    ['no seq', { type: 'ping' }],
    ['seq 0', { type: 'ping', seq: 0 }],
    ['seq not an integer', { type: 'ping', seq: 1.5 }],
    ['an extra field', { type: 'ping', seq: 1, also: true }],
    ['a setting key with a dash', { type: 'start', seq: 1, settings: { 'cert-mode': 'pin' } }],
    ['a non-string setting', { type: 'start', seq: 1, settings: { port: 3389 } }],
    ['a huge setting', { type: 'start', seq: 1, settings: { title: 'x'.repeat(5000) } }],
    ['too many settings', { type: 'start', seq: 1, settings: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v'])) }],
    ['a password with NUL', { type: 'start', seq: 1, settings: {}, password: 'a\0b' }],
    ['a password that is not a string', { type: 'start', seq: 1, settings: {}, password: 12345 }],
  ])('refuses %s', (_what, raw) => {
    const r = parseRequest(raw);
    expect(r.ok).toBe(false);
  });

  it('says what is wrong by path and code, never by value (a start request carries the password)', () => {
    const r = parseRequest({ type: 'start', seq: 9, settings: { host: 5 }, password: `${CANARY}\0`, extra: CANARY });
    expect(r).toMatchObject({ ok: false, seq: 9 });
    const problem = (r as { problem: string }).problem;
    expect(problem).toMatch(/password/);
    expect(problem).not.toContain(CANARY);
  });

  it('seqOf finds a usable seq to answer a malformed request, else undefined', () => {
    expect(seqOf({ type: 'x', seq: 5 })).toBe(5);
    expect(seqOf({ seq: -1 })).toBeUndefined();
    expect(seqOf('ping')).toBeUndefined();
  });
});

describe('messages (worker -> parent)', () => {
  const state = { type: 'state', state: 'loggedOn', lastError: 0, lastErrorText: '', errorKind: 0, endReason: -1 };

  it('accepts each kind of message', () => {
    for (const m of [
      { type: 'ready', version: 'thinshell_rdp 0.1.0' },
      { type: 'result', seq: 1 },
      { type: 'result', seq: 2, nativeState: 'connected' },
      { type: 'error', seq: 3, kind: 'settings', message: "port: expected an integer" },
      { type: 'fatal', kind: 'library', message: 'cannot open' },
      state,
      { ...state, state: 'disconnected', lastError: 0xffffffff, endReason: 3 },
    ]) expect(parseMessage(m)).toEqual({ ok: true, message: m });
  });

  it.each([
    ['an unknown state', { ...state, state: 'exploded' }],
    ['a negative error', { ...state, lastError: -1 }],
    ['an error above 32 bits', { ...state, lastError: 2 ** 32 }],
    ['an unknown error kind', { type: 'error', seq: 1, kind: 'oops', message: '' }],
    ['a huge text', { ...state, lastErrorText: 'x'.repeat(3000) }],
    ['an extra field', { ...state, password: 'x' }],
    ['a string', 'state'],
  ])('refuses %s', (_what, raw) => {
    expect(parseMessage(raw).ok).toBe(false);
  });

  it('WorkerError keeps its kind', () => {
    const e = new WorkerError('settings', 'bad');
    expect(e).toBeInstanceOf(Error);
    expect([e.kind, e.message, e.name]).toEqual(['settings', 'bad', 'WorkerError']);
  });
});
