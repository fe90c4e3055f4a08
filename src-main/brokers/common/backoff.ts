import { ShellError } from '../../contract/index.ts';

/** Waits `ms`, or rejects with `cancelled` the moment the signal aborts. The timer never keeps the process up. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(new ShellError('cancelled', 'cancelled'));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ShellError('cancelled', 'cancelled'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    timer.unref?.();
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Exponential backoff with jitter: base * 2^attempt, capped, +-25 %. */
export function backoffMs(attempt: number, baseMs = 200, capMs = 2000, random: () => number = Math.random): number {
  const plain = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.round(plain * (0.75 + random() * 0.5));
}

/**
 * Asks `check` until it answers a value, with a growing pause between asks (bounded backoff,
 * `firstMs` growing x1.5 to `maxMs`), until `deadlineMs` from now: for APIs that only offer a
 * status to poll (a Proxmox task, an oVirt VM starting). Throws `session-timeout` at the deadline.
 */
export async function pollUntil<T>(
  check: () => Promise<T | undefined>,
  options: { deadlineMs: number; signal: AbortSignal; firstMs?: number; maxMs?: number; what: string },
): Promise<T> {
  const end = Date.now() + options.deadlineMs;
  let pause = options.firstMs ?? 250;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    const left = end - Date.now();
    if (left <= 0) throw new ShellError('session-timeout', `${options.what}: not done within ${Math.round(options.deadlineMs / 1000)} s`);
    await sleep(Math.min(pause, left), options.signal);
    pause = Math.min(options.maxMs ?? 2000, pause * 1.5);
  }
}
