import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';

/** What the bench needs from /proc/PID/stat (see proc(5)). */
export interface ProcStat {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
  pgrp: number;
  /** Clock ticks in user and kernel mode, all threads of the process. */
  utime: number;
  stime: number;
  /** Clock ticks after boot: with pid, it names a process even if the pid is reused later. */
  starttime: number;
}

/** Clock ticks per second (utime, stime); 100 on every Linux we run on, asked anyway. */
export const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Parses one /proc/PID/stat line. comm may hold spaces and parentheses: split after the last ')'. */
export function parseStat(line: string): ProcStat {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`not a /proc stat line: ${line.slice(0, 80)}`);
  const rest = line.slice(close + 2).trim().split(/\s+/);
  const num = (i: number) => {
    const v = Number(rest[i]);
    if (!Number.isFinite(v)) throw new Error(`bad /proc stat field ${i + 3}: ${line.slice(0, 80)}`);
    return v;
  };
  return {
    pid: Number(line.slice(0, open).trim()),
    comm: line.slice(open + 1, close),
    state: rest[0] ?? '?',
    ppid: num(1),
    pgrp: num(2),
    utime: num(11),
    stime: num(12),
    starttime: num(19),
  };
}

/** Synchronous on purpose: the exit handler that sweeps up leftovers cannot await. */
export function readStat(pid: number): ProcStat | undefined {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined; // gone, or never ours
  }
}

export function allStats(): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(Number(name));
    if (s) stats.push(s);
  }
  return stats;
}

/** The root and all its descendants, by parent pid; zombies (already dead) left out. */
export function processTree(root: number, stats: readonly ProcStat[] = allStats()): ProcStat[] {
  const children = new Map<number, ProcStat[]>();
  for (const s of stats) {
    const list = children.get(s.ppid) ?? [];
    list.push(s);
    children.set(s.ppid, list);
  }
  const self = stats.find((s) => s.pid === root);
  const tree: ProcStat[] = [];
  const queue = self ? [self] : [];
  while (queue.length > 0) {
    const s = queue.shift()!;
    if (s.state !== 'Z') tree.push(s);
    queue.push(...(children.get(s.pid) ?? []));
  }
  return tree;
}

export function cmdline(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

/** A short name for a process of the tree: "node host", "browser", "renderer", "utility:network"... */
export function processLabel(pid: number): string {
  let argv = cmdline(pid);
  // Chromium's child processes rewrite their title: one string, arguments joined by spaces.
  if (argv.length === 1 && argv[0]!.includes(' --')) argv = argv[0]!.split(' ');
  const exe = basename(argv[0] ?? readStat(pid)?.comm ?? '?');
  if (exe === 'node' || exe.startsWith('node-')) return 'node host';
  if (!/chrom/.test(exe)) return exe;
  const flag = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const type = flag('type');
  if (!type) return 'browser';
  if (type === 'utility') {
    // e.g. network.mojom.NetworkService -> network
    const sub = flag('utility-sub-type') ?? '?';
    return `utility:${sub.split('.')[0]}`;
  }
  if (type === 'gpu-process') return 'gpu';
  return type;
}

export interface Memory {
  /** Proportional set size: shared pages divided among the processes that map them. */
  pssKb: number;
  rssKb: number;
  /** Unique set size (private pages): unlike PSS, it does not depend on who else maps a library. */
  ussKb: number;
}

export function memory(pid: number): Memory | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  } catch {
    return undefined;
  }
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
  return { pssKb: field('Pss'), rssKb: field('Rss'), ussKb: field('Private_Clean') + field('Private_Dirty') };
}

/** The threads of a process (/proc/PID/task/TID/stat): comm is the thread's name. */
export function threads(pid: number): ProcStat[] {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const stats: ProcStat[] = [];
  for (const tid of tids) {
    try {
      stats.push(parseStat(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')));
    } catch {
      // the thread ended meanwhile
    }
  }
  return stats;
}

/**
 * How many times a thread has been put on a CPU (/proc/PID/task/TID/schedstat, third field): over
 * a window, its wake-ups. A thread that sleeps until an event wakes 0 times while nothing happens.
 */
export function timesScheduled(pid: number, tid: number): number | undefined {
  try {
    const v = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').trim().split(/\s+/)[2]);
    return Number.isFinite(v) ? v : undefined;
  } catch {
    return undefined;
  }
}
