/**
 * Pings the session worker while it runs and calls `onHang` when an answer does not come in
 * time. The worker answers a ping only after a call into the library (ts_session_state, which
 * takes the session's lock) came back, so this catches a stopped process, a blocked JS thread
 * and a deadlocked library alike. One ping in flight at a time; nothing runs between sessions.
 */
export interface WatchdogTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface WatchdogOptions {
  /** Pause between an answer and the next ping. */
  intervalMs: number;
  /** How long an answer may take before the worker counts as hung. */
  timeoutMs: number;
  ping(): Promise<unknown>;
  onHang(): void;
  timers?: WatchdogTimers;
}

export interface Watchdog {
  stop(): void;
}

const realTimers: WatchdogTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export const DEFAULT_WATCHDOG = { intervalMs: 2000, timeoutMs: 3000 } as const;

export function startWatchdog(options: WatchdogOptions): Watchdog {
  const timers = options.timers ?? realTimers;
  let stopped = false;
  let next: unknown;
  let deadline: unknown;

  const schedule = () => {
    if (stopped) return;
    next = timers.setTimeout(probe, options.intervalMs);
  };
  const probe = () => {
    next = undefined;
    if (stopped) return;
    deadline = timers.setTimeout(() => {
      deadline = undefined;
      if (stopped) return;
      stopped = true;
      options.onHang();
    }, options.timeoutMs);
    options.ping().then(
      () => {
        if (stopped) return;
        timers.clearTimeout(deadline);
        deadline = undefined;
        schedule();
      },
      // The worker said no or is gone: its exit is what ends the session, not the watchdog.
      () => stop(),
    );
  };
  const stop = () => {
    stopped = true;
    if (next !== undefined) timers.clearTimeout(next);
    if (deadline !== undefined) timers.clearTimeout(deadline);
    next = deadline = undefined;
  };
  schedule();
  return { stop };
}
