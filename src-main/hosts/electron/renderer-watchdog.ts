import type { BrowserWindow } from 'electron';
import type { Logger } from '../../common/log.ts';

export interface WatchdogOptions {
  /** Wait before each reload; one crash more than there are entries (within `windowMs`) relaunches. */
  backoffMs?: readonly number[];
  /** Crashes older than this no longer count. */
  windowMs?: number;
  /** A page that stays unresponsive this long is killed, and so reloaded like a crash. */
  unresponsiveMs?: number;
  /** Restart the whole app: the renderer keeps dying, a fresh process is the last resort. */
  relaunch: () => void;
  isQuitting: () => boolean;
  log: Logger;
}

const DEFAULTS = { backoffMs: [0, 1_000, 5_000], windowMs: 60_000, unresponsiveMs: 15_000 };

/**
 * Keeps the kiosk page alive: a renderer that dies is reloaded after a growing delay; one that
 * keeps dying gets the app relaunched; one that hangs is killed after a grace period.
 * Timers, not polling: nothing runs while the page is healthy. Returns a dispose function.
 */
export function superviseRenderer(window: BrowserWindow, options: WatchdogOptions): () => void {
  const backoffMs = options.backoffMs ?? DEFAULTS.backoffMs;
  const windowMs = options.windowMs ?? DEFAULTS.windowMs;
  const unresponsiveMs = options.unresponsiveMs ?? DEFAULTS.unresponsiveMs;
  const { log } = options;
  let crashes: number[] = [];
  let reloadTimer: ReturnType<typeof setTimeout> | undefined;
  let hangTimer: ReturnType<typeof setTimeout> | undefined;
  const contents = window.webContents;

  const clearHang = () => {
    if (hangTimer) clearTimeout(hangTimer);
    hangTimer = undefined;
  };

  contents.on('render-process-gone', (_event, details) => {
    clearHang();
    if (options.isQuitting() || window.isDestroyed()) return;
    const now = Date.now();
    crashes = [...crashes.filter((at) => now - at < windowMs), now];
    const delay = backoffMs[crashes.length - 1];
    if (delay === undefined) {
      log.error('renderer keeps dying; relaunching the app', { crashes: crashes.length, windowMs, reason: details.reason });
      options.relaunch();
      return;
    }
    log.warn('renderer gone; reloading', { reason: details.reason, exitCode: details.exitCode, delayMs: delay });
    if (reloadTimer) clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => {
      reloadTimer = undefined;
      if (!window.isDestroyed()) contents.reload();
    }, delay);
  });

  window.on('unresponsive', () => {
    if (hangTimer) return;
    log.warn('renderer unresponsive; killing it unless it recovers', { graceMs: unresponsiveMs });
    hangTimer = setTimeout(() => {
      hangTimer = undefined;
      if (!window.isDestroyed()) contents.forcefullyCrashRenderer();
    }, unresponsiveMs);
  });
  window.on('responsive', () => {
    if (hangTimer) log.info('renderer responsive again');
    clearHang();
  });

  return () => {
    clearHang();
    if (reloadTimer) clearTimeout(reloadTimer);
    reloadTimer = undefined;
  };
}
