import { CLK_TCK, processLabel, processTree, threads, timesScheduled } from './proc.ts';

interface Sampled {
  label: string;
  ticks: number;
  threads: Map<number, { name: string; ticks: number; scheduled: number }>;
}

/** utime+stime of every process of the tree (and of each thread), keyed by pid and start time. */
function snapshot(rootPid: number): Map<string, Sampled> {
  const out = new Map<string, Sampled>();
  for (const p of processTree(rootPid)) {
    const t = new Map(threads(p.pid).map((s) => [s.pid, { name: s.comm, ticks: s.utime + s.stime, scheduled: timesScheduled(p.pid, s.pid) ?? 0 }]));
    out.set(`${p.pid}:${p.starttime}`, { label: `${processLabel(p.pid)} ${p.pid}`, ticks: p.utime + p.stime, threads: t });
  }
  return out;
}

export interface CpuUse {
  /** CPU time of the whole tree over the window, as % of one core. */
  percent: number;
  windowSec: number;
  /** Processes that used any CPU: "renderer 1234" -> seconds. */
  byProcess: Record<string, number>;
  /** Threads that used any CPU: "renderer 1234/Compositor" -> seconds. */
  byThread: Record<string, number>;
  /** Threads that woke up at all: "renderer 1234/Compositor" -> times scheduled in the window. */
  wakeupsByThread: Record<string, number>;
  /** Processes that ended during the window (their last ticks are not counted). */
  exited: number;
}

/**
 * CPU used by a process tree while we sleep for `windowMs` (one reading before, one after; the
 * bench does nothing in between, so it disturbs nothing). Resolution: 1 tick = 1/CLK_TCK s.
 */
export async function cpuOver(rootPid: number, windowMs: number): Promise<CpuUse> {
  const before = snapshot(rootPid);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, windowMs));
  const after = snapshot(rootPid);
  const windowSec = (performance.now() - t0) / 1000;
  const byProcess: Record<string, number> = {};
  const byThread: Record<string, number> = {};
  const wakeupsByThread: Record<string, number> = {};
  let ticks = 0;
  for (const [key, b] of after) {
    const a = before.get(key); // absent: started during the window, so all its ticks count
    const d = b.ticks - (a?.ticks ?? 0);
    ticks += d;
    if (d > 0) byProcess[b.label] = d / CLK_TCK;
    for (const [tid, t] of b.threads) {
      const was = a?.threads.get(tid);
      const td = t.ticks - (was?.ticks ?? 0);
      if (td > 0) byThread[`${b.label}/${t.name}`] = td / CLK_TCK;
      const wakeups = t.scheduled - (was?.scheduled ?? 0);
      if (wakeups > 0) wakeupsByThread[`${b.label}/${t.name}`] = wakeups;
    }
  }
  const exited = [...before.keys()].filter((k) => !after.has(k)).length;
  return { percent: (ticks / CLK_TCK / windowSec) * 100, windowSec, byProcess, byThread, wakeupsByThread, exited };
}
