import { describe, expect, it, vi } from 'vitest';
import type { NativeApi, NativeSession } from '../../../../../../src-main/sessions/rdp/worker/native-api.ts';
import type { NativeState, WorkerMessage } from '../../../../../../src-main/sessions/rdp/worker/protocol.ts';
import { SessionRunner } from '../../../../../../src-main/sessions/rdp/worker/session-runner.ts';

/** The library in memory: the test pushes state changes, wait() hands them out in order. */
class FakeSession implements NativeSession {
  settings: Record<string, string> = {};
  passwordBuffers: Buffer[] = [];
  passwordSeen: string[] = [];
  refuse: Record<string, string> = {};
  calls: string[] = [];
  queue: NativeState[] = [];
  waiter: ((s: NativeState) => void) | undefined;
  current: NativeState = 'idle';
  set(key: string, value: string) {
    if (this.refuse[key]) return this.refuse[key];
    this.settings[key] = value;
    return undefined;
  }
  setPassword(pw: Buffer) {
    this.passwordBuffers.push(pw);
    this.passwordSeen.push(pw.toString('utf8'));
    return true;
  }
  setGatewayPassword(pw: Buffer) {
    return this.setPassword(pw);
  }
  async connect() {
    this.calls.push('connect');
    this.push('connecting');
    return true;
  }
  push(state: NativeState) {
    this.current = state;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w(state);
    } else this.queue.push(state);
  }
  wait() {
    const next = this.queue.shift();
    return next ? Promise.resolve(next) : new Promise<NativeState>((r) => (this.waiter = r));
  }
  async probe() {
    this.calls.push('probe');
    return this.current;
  }
  async disconnect() {
    this.calls.push('disconnect');
    if (this.current !== 'disconnected' && this.current !== 'failed') this.push('disconnected');
  }
  snapshot() {
    return { lastError: this.current === 'disconnected' ? 0x2000b : 0, lastErrorText: this.current === 'disconnected' ? 'cancelled' : '', errorKind: 0, endReason: this.current === 'disconnected' ? 0 : -1 };
  }
  async free() {
    this.calls.push('free');
  }
}

function setup() {
  const session = new FakeSession();
  const api: NativeApi = { version: () => 'fake 1', newSession: vi.fn(() => session) };
  const sent: WorkerMessage[] = [];
  const finished = vi.fn();
  const logs: string[] = [];
  const runner = new SessionRunner(api, (m) => sent.push(m), finished, (l) => logs.push(l));
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { session, api, sent, finished, runner, settle, logs };
}

describe('SessionRunner', () => {
  it('start: every setting, the password from a wiped buffer, connect, an answer, then each state as it comes', async () => {
    const { session, sent, runner, settle, finished } = setup();
    runner.handle({ type: 'start', seq: 1, settings: { host: 'h', port: '3389' }, password: 'pässwörd' });
    await settle();
    expect(session.settings).toEqual({ host: 'h', port: '3389' });
    expect(session.passwordSeen).toEqual(['pässwörd']);
    expect(session.passwordBuffers[0]!.every((b) => b === 0)).toBe(true);
    expect(sent[0]).toEqual({ type: 'result', seq: 1 });
    session.push('connected');
    session.push('loggedOn');
    await settle();
    expect(sent.slice(1).map((m) => (m.type === 'state' ? m.state : m.type))).toEqual(['connecting', 'connected', 'loggedOn']);
    expect(finished).not.toHaveBeenCalled();
    session.push('disconnected');
    await settle();
    expect(sent.at(-1)).toEqual({ type: 'state', state: 'disconnected', lastError: 0x2000b, lastErrorText: 'cancelled', errorKind: 0, endReason: 0 });
    expect(session.calls.at(-1)).toBe('free');
    expect(finished).toHaveBeenCalledTimes(1);
  });

  it('a refused setting: an error of kind settings with the library text, the session freed, the worker done', async () => {
    const { session, sent, runner, settle, finished } = setup();
    session.refuse.port = "port: expected an integer from 1 to 65535, got 'x'";
    runner.handle({ type: 'start', seq: 1, settings: { host: 'h', port: 'x' } });
    await settle();
    expect(sent).toEqual([{ type: 'error', seq: 1, kind: 'settings', message: session.refuse.port }]);
    expect(session.calls).toEqual(['free']);
    expect(finished).toHaveBeenCalledTimes(1);
  });

  it('a second start is refused with kind state', async () => {
    const { sent, runner, settle } = setup();
    runner.handle({ type: 'start', seq: 1, settings: {} });
    await settle();
    runner.handle({ type: 'start', seq: 2, settings: {} });
    await settle();
    expect(sent).toContainEqual({ type: 'error', seq: 2, kind: 'state', message: 'the session was already started' });
  });

  it('ping probes the library (its lock) and answers with its state; before start it answers at once', async () => {
    const { session, sent, runner, settle } = setup();
    runner.handle({ type: 'ping', seq: 1 });
    await settle();
    expect(sent).toEqual([{ type: 'result', seq: 1 }]);
    runner.handle({ type: 'start', seq: 2, settings: {} });
    await settle();
    runner.handle({ type: 'ping', seq: 3 });
    await settle();
    expect(session.calls).toContain('probe');
    expect(sent).toContainEqual({ type: 'result', seq: 3, nativeState: 'connecting' });
  });

  it('disconnect asks the library; without a session the worker is done at once', async () => {
    const none = setup();
    none.runner.handle({ type: 'disconnect', seq: 1 });
    await none.settle();
    expect(none.sent).toEqual([{ type: 'result', seq: 1 }]);
    expect(none.finished).toHaveBeenCalled();

    const { session, sent, runner, settle, finished } = setup();
    runner.handle({ type: 'start', seq: 1, settings: {} });
    await settle();
    runner.handle({ type: 'disconnect', seq: 2 });
    await settle();
    expect(session.calls).toContain('disconnect');
    expect(sent).toContainEqual({ type: 'result', seq: 2 });
    expect(finished).toHaveBeenCalledTimes(1);
  });

  it('a malformed request is answered with bad-request when it has a seq, else only logged; the password never shows', async () => {
    const { sent, runner, settle, logs } = setup();
    runner.handle({ type: 'start', seq: 5, settings: { host: 7 }, password: 'canary-x' });
    runner.handle({ nonsense: true, password: 'canary-x' });
    await settle();
    expect(sent).toEqual([{ type: 'error', seq: 5, kind: 'bad-request', message: expect.stringContaining('settings.host') }]);
    expect(logs).toHaveLength(2);
    expect(JSON.stringify([sent, logs])).not.toContain('canary-x');
  });

  it('shutdown (the parent went away) disconnects, lets the loop finish, frees, and is done', async () => {
    const { session, runner, settle, finished } = setup();
    runner.handle({ type: 'start', seq: 1, settings: {} });
    await settle();
    await runner.shutdown();
    expect(session.calls).toEqual(['connect', 'disconnect', 'free']);
    expect(finished).toHaveBeenCalledTimes(1);
  });
});
