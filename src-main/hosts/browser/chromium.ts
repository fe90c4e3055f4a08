import { silentLogger, type Logger } from '../../common/log.ts';
import { spawnChromium, type ChromiumExit, type ChromiumProcess, type ChromiumProcessOptions } from './chromium-process.ts';

export interface ChromiumSupervisorOptions extends Omit<ChromiumProcessOptions, 'url'> {
  /** Called for every launch: a fresh URL with a fresh single-use token. */
  pageUrl: () => string;
  log?: Logger;
  /** Delay before the first relaunch; it doubles with every quick failure (default 250 ms). */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** A browser that ran this long was healthy: the next failure starts the backoff afresh. */
  healthyAfterMs?: number;
  /** Tests: replace how one Chromium is started. */
  spawn?: (options: ChromiumProcessOptions) => Promise<ChromiumProcess>;
}

export interface ChromiumSupervisor {
  readonly current: ChromiumProcess | undefined;
  /** How many times Chromium has been started. */
  readonly launches: number;
  onLaunch(listener: (process: ChromiumProcess) => void): () => void;
  /** The page is gone (disconnected): end this browser and start a new one with a new token. */
  restart(): void;
  stop(): Promise<void>;
}

/**
 * Keeps exactly one Chromium showing the page. If it exits unexpectedly (or the page is lost),
 * a new one starts with a new token, after a delay that grows while failures come quickly, so a
 * browser that cannot start does not spin the CPU.
 */
export async function superviseChromium(options: ChromiumSupervisorOptions): Promise<ChromiumSupervisor> {
  const log = options.log ?? silentLogger;
  const start = options.spawn ?? spawnChromium;
  const initial = options.initialBackoffMs ?? 250;
  const max = options.maxBackoffMs ?? 30_000;
  const healthyAfter = options.healthyAfterMs ?? 60_000;
  const listeners = new Set<(p: ChromiumProcess) => void>();
  let current: ChromiumProcess | undefined;
  let launches = 0;
  let quickFailures = 0;
  let stopped = false;
  let relaunchPending = false;
  let timer: NodeJS.Timeout | undefined;
  let launching: Promise<void> | undefined;

  function launch(): Promise<void> {
    launching = launchOnce().finally(() => (launching = undefined));
    return launching;
  }

  async function launchOnce(): Promise<void> {
    const { pageUrl, log: _log, spawn: _spawn, ...processOptions } = options;
    const proc = await start({ ...processOptions, url: pageUrl() });
    launches += 1;
    current = proc;
    // From here on an exit of this browser must schedule the next relaunch.
    relaunchPending = false;
    const startedAt = Date.now();
    if (stopped) {
      await proc.kill();
      current = undefined;
      return;
    }
    void proc.exited.then((exit) => onExit(proc, exit, startedAt));
    for (const l of listeners) l(proc);
  }

  function onExit(proc: ChromiumProcess, exit: ChromiumExit, startedAt: number): void {
    if (current === proc) current = undefined;
    if (stopped || relaunchPending) return;
    if (Date.now() - startedAt >= healthyAfter) quickFailures = 0;
    log.warn('chromium exited', { code: exit.code, signal: exit.signal, lastOutput: exit.tail.slice(-3) });
    scheduleRelaunch();
  }

  function scheduleRelaunch(): void {
    const delay = Math.min(max, initial * 2 ** quickFailures);
    quickFailures += 1;
    relaunchPending = true;
    log.info('relaunching chromium', { delayMs: delay });
    timer = setTimeout(() => {
      timer = undefined;
      launch().catch((err: unknown) => {
        relaunchPending = false;
        log.error('chromium relaunch failed', { error: err instanceof Error ? err.message : String(err) });
        if (!stopped) scheduleRelaunch();
      });
    }, delay);
  }

  await launch();

  return {
    get current() {
      return current;
    },
    get launches() {
      return launches;
    },
    onLaunch(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    restart() {
      if (stopped || relaunchPending) return;
      // Killing it lets onExit schedule the relaunch: one path, one backoff, one relaunch.
      if (current) void current.kill();
      else scheduleRelaunch();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await launching?.catch(() => {});
      if (current) await current.kill();
    },
  };
}
