import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startWatchdog } from '../../../../../../src-main/sessions/rdp/native/watchdog.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A worker whose answers the test releases by hand. */
function worker() {
  const pending: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  return {
    pending,
    ping: vi.fn(() => new Promise<void>((resolve, reject) => pending.push({ resolve, reject }))),
    answer: async () => {
      pending.shift()!.resolve();
      await Promise.resolve();
    },
  };
}

describe('startWatchdog', () => {
  it('pings after each interval, one at a time, while the worker answers', async () => {
    const w = worker();
    const onHang = vi.fn();
    const dog = startWatchdog({ intervalMs: 1000, timeoutMs: 3000, ping: w.ping, onHang });
    expect(w.ping).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1000);
    expect(w.ping).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2000); // unanswered, but within the timeout: no second ping
    expect(w.ping).toHaveBeenCalledTimes(1);
    await w.answer();
    await vi.advanceTimersByTimeAsync(999);
    expect(w.ping).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(w.ping).toHaveBeenCalledTimes(2);
    await w.answer();
    expect(onHang).not.toHaveBeenCalled();
    dog.stop();
  });

  it('calls onHang once when an answer takes longer than the timeout, then stops pinging', async () => {
    const w = worker();
    const onHang = vi.fn();
    startWatchdog({ intervalMs: 1000, timeoutMs: 3000, ping: w.ping, onHang });
    await vi.advanceTimersByTimeAsync(1000 + 2999);
    expect(onHang).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(onHang).toHaveBeenCalledTimes(1);
    await w.answer(); // a late answer changes nothing
    await vi.advanceTimersByTimeAsync(60_000);
    expect(onHang).toHaveBeenCalledTimes(1);
    expect(w.ping).toHaveBeenCalledTimes(1);
  });

  it('stop() ends it for good: no pings, no hang', async () => {
    const w = worker();
    const onHang = vi.fn();
    const dog = startWatchdog({ intervalMs: 1000, timeoutMs: 3000, ping: w.ping, onHang });
    await vi.advanceTimersByTimeAsync(1000);
    dog.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(onHang).not.toHaveBeenCalled();
    expect(w.ping).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a refused ping (the worker is gone) stops it quietly: the exit, not the watchdog, ends the session', async () => {
    const w = worker();
    const onHang = vi.fn();
    startWatchdog({ intervalMs: 1000, timeoutMs: 3000, ping: w.ping, onHang });
    await vi.advanceTimersByTimeAsync(1000);
    w.pending.shift()!.reject(new Error('crashed'));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(onHang).not.toHaveBeenCalled();
    expect(w.ping).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('uses injected timers when given', () => {
    const set = vi.fn(() => 7);
    const clear = vi.fn();
    const dog = startWatchdog({ intervalMs: 5, timeoutMs: 5, ping: async () => undefined, onHang: () => undefined, timers: { setTimeout: set, clearTimeout: clear } });
    expect(set).toHaveBeenCalledWith(expect.any(Function), 5);
    dog.stop();
    expect(clear).toHaveBeenCalledWith(7);
  });
});
