import { basename } from 'node:path';
import { allStats, cmdline, processTree, readStat, type ProcStat } from './proc.ts';

/**
 * Nothing the bench starts may outlive it. Every process of ours is either a descendant of this
 * process or names the bench's scratch directory on its command line (Chromium's profile, the
 * node copy, the namespace wrapper): a Chromium orphaned by a killed kiosk is still found.
 */
let fingerprint: string | undefined;

export function setFingerprint(path: string | undefined): void {
  fingerprint = path;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The promise, or undefined after `ms`; the timer does not outlive the race. */
export async function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** Our processes now. esbuild's service (tsx, the bundler) is the bench's own helper, not a leak. */
export function ourProcesses(options: { includeHelpers?: boolean } = {}): ProcStat[] {
  const stats = allStats();
  const found = new Map<number, ProcStat>();
  for (const s of processTree(process.pid, stats)) if (s.pid !== process.pid) found.set(s.pid, s);
  if (fingerprint) {
    for (const s of stats) {
      if (s.state !== 'Z' && s.pid !== process.pid && cmdline(s.pid).some((a) => a.includes(fingerprint!))) found.set(s.pid, s);
    }
  }
  return [...found.values()].filter((s) => options.includeHelpers || basename(cmdline(s.pid)[0] ?? s.comm) !== 'esbuild');
}

function alive(s: ProcStat): boolean {
  const now = readStat(s.pid);
  // Same pid and start time: the same process, not a newcomer that got the pid.
  return now !== undefined && now.starttime === s.starttime && now.state !== 'Z';
}

function signal(s: ProcStat, sig: NodeJS.Signals): void {
  if (!alive(s)) return;
  try {
    process.kill(s.pid, sig);
  } catch {
    // gone meanwhile
  }
}

/** SIGKILLs every process of ours, at once and synchronously (usable in an exit handler). */
export function sweep(options: { includeHelpers?: boolean } = {}): ProcStat[] {
  const found = ourProcesses(options);
  for (const s of found) signal(s, 'SIGKILL');
  return found;
}

/**
 * Waits until the processes are gone, checking every 50 ms for at most `ms`. A check loop in
 * the bench's teardown only: these are not our children, so no exit event tells us.
 */
async function waitGone(procs: readonly ProcStat[], ms: number): Promise<ProcStat[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = procs.filter(alive);
    if (left.length === 0 || Date.now() >= deadline) return left;
    await sleep(50);
  }
}

/**
 * Ends a process and all its descendants: `stop` asks nicely (e.g. SIGTERM to the kiosk, which
 * stops its Chromium), then whatever is left after `graceMs` is SIGKILLed. Throws if something
 * still stands after that.
 */
export async function endTree(root: number, stop: () => Promise<unknown> | void, graceMs: number): Promise<void> {
  const tree = processTree(root);
  await within(Promise.resolve().then(stop).catch(() => {}), graceMs);
  let left = await waitGone(tree, 200);
  if (left.length === 0) return;
  for (const s of left) signal(s, 'SIGKILL');
  left = await waitGone(left, 3000);
  if (left.length > 0) throw new Error(`could not end processes ${left.map((s) => `${s.pid} (${s.comm})`).join(', ')}`);
}

export interface Guards {
  dispose(): void;
}

/**
 * On SIGINT/SIGTERM: run the cleanup (bounded), sweep, exit 130. On any exit: sweep, so even an
 * uncaught error leaves nothing running.
 */
export function installGuards(cleanup: () => Promise<void>, log: (line: string) => void): Guards {
  const onSignal = (sig: NodeJS.Signals) => {
    log(`${sig}: stopping everything`);
    void within(cleanup().catch(() => {}), 15_000).finally(() => {
      sweep({ includeHelpers: true });
      process.exit(130);
    });
  };
  const onExit = () => void sweep({ includeHelpers: true });
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.on('exit', onExit);
  return {
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('exit', onExit);
    },
  };
}
