import { describe, expect, it } from 'vitest';
import { parseStat, processTree, readStat, type ProcStat } from '../../../../bench/lib/proc.ts';

describe('parseStat', () => {
  it('reads the fields after the last parenthesis, whatever the command name holds', () => {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ... starttime
    const line = '4242 (Web Content) (x)) S 17 4242 17 0 -1 4194560 100 0 0 0 250 40 0 0 20 0 12 0 987654 0 0';
    expect(parseStat(line)).toEqual({
      pid: 4242,
      comm: 'Web Content) (x)',
      state: 'S',
      ppid: 17,
      pgrp: 4242,
      utime: 250,
      stime: 40,
      starttime: 987654,
    });
  });

  it('rejects a line that is not a stat line', () => {
    expect(() => parseStat('garbage')).toThrow(/not a \/proc stat line/);
  });

  it('agrees with the kernel about this very process', () => {
    const self = readStat(process.pid)!;
    expect(self.pid).toBe(process.pid);
    expect(self.ppid).toBe(process.ppid);
  });
});

describe('processTree', () => {
  const s = (pid: number, ppid: number, state = 'S'): ProcStat => ({ pid, ppid, state, comm: String(pid), pgrp: pid, utime: 0, stime: 0, starttime: 0 });

  it('collects the root and every descendant, not siblings, and leaves zombies out', () => {
    const stats = [s(1, 0), s(10, 1), s(11, 10), s(12, 11), s(13, 10, 'Z'), s(20, 1), s(21, 20)];
    expect(processTree(10, stats).map((p) => p.pid).sort()).toEqual([10, 11, 12]);
  });

  it('is empty for a pid that is gone', () => {
    expect(processTree(99, [s(1, 0)])).toEqual([]);
  });
});
