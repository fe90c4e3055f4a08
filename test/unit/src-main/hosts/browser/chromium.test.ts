import { describe, expect, it } from 'vitest';
import type { ChromiumExit, ChromiumProcess, ChromiumProcessOptions } from '../../../../../src-main/hosts/browser/chromium-process.ts';
import { superviseChromium } from '../../../../../src-main/hosts/browser/chromium.ts';

// The supervisor's timing logic, over stand-in processes (real Chromium crashes and relaunches
// are exercised in test/integration/hosts/browser).
interface FakeProc extends ChromiumProcess {
  url: string;
  crash(): void;
  killed: boolean;
}

function fakeSpawner() {
  const procs: FakeProc[] = [];
  const times: number[] = [];
  const control = { failNext: 0 };
  const spawn = async (o: ChromiumProcessOptions): Promise<ChromiumProcess> => {
    times.push(Date.now());
    if (control.failNext > 0) {
      control.failNext -= 1;
      throw new Error('no display');
    }
    let end!: (e: ChromiumExit) => void;
    const exited = new Promise<ChromiumExit>((r) => (end = r));
    const proc: FakeProc = {
      url: o.url,
      pid: 1000 + procs.length,
      spawnedAt: Date.now(),
      exited,
      devtoolsUrl: undefined,
      killed: false,
      crash: () => end({ code: null, signal: 'SIGSEGV', tail: [] }),
      kill: async () => {
        proc.killed = true;
        end({ code: null, signal: 'SIGTERM', tail: [] });
        return exited;
      },
    };
    procs.push(proc);
    return proc;
  };
  return { spawn, procs, times, control };
}

const nextLaunch = (s: { onLaunch(l: (p: ChromiumProcess) => void): () => void }) =>
  new Promise<ChromiumProcess>((resolve) => {
    const off = s.onLaunch((p) => (off(), resolve(p)));
  });

describe('superviseChromium', () => {
  it('relaunches a crashed browser with a fresh URL, backing off while crashes come quickly', async () => {
    const fake = fakeSpawner();
    let n = 0;
    const sup = await superviseChromium({ pageUrl: () => `u${++n}`, spawn: fake.spawn, initialBackoffMs: 20, maxBackoffMs: 60 });
    for (let i = 0; i < 4; i++) {
      const next = nextLaunch(sup);
      fake.procs.at(-1)!.crash();
      await next;
    }
    expect(fake.procs.map((p) => p.url)).toEqual(['u1', 'u2', 'u3', 'u4', 'u5']);
    const gaps = fake.times.slice(1).map((t, i) => t - fake.times[i]!);
    expect(gaps[0]).toBeGreaterThanOrEqual(18);
    expect(gaps[1]).toBeGreaterThanOrEqual(38);
    expect(gaps[2]).toBeGreaterThanOrEqual(58);
    expect(gaps[3]).toBeLessThan(120); // capped at maxBackoffMs
    expect(sup.launches).toBe(5);
    await sup.stop();
  });

  it('restart() ends the current browser and starts exactly one new one', async () => {
    const fake = fakeSpawner();
    const sup = await superviseChromium({ pageUrl: () => 'u', spawn: fake.spawn, initialBackoffMs: 1 });
    const next = nextLaunch(sup);
    sup.restart();
    sup.restart(); // the disconnect and the exit both ask: one relaunch
    await next;
    await new Promise((r) => setTimeout(r, 30));
    expect(fake.procs[0]!.killed).toBe(true);
    expect(fake.procs).toHaveLength(2);
    expect(sup.current).toBe(fake.procs[1]);
    await sup.stop();
  });

  it('keeps trying when a relaunch itself fails', async () => {
    const fake = fakeSpawner();
    const sup = await superviseChromium({ pageUrl: () => 'u', spawn: fake.spawn, initialBackoffMs: 1 });
    fake.control.failNext = 2;
    const next = nextLaunch(sup);
    fake.procs[0]!.crash();
    await next;
    expect(fake.times).toHaveLength(4); // first launch, two failed relaunches, the one that worked
    expect(fake.procs).toHaveLength(2);
    await sup.stop();
  });

  it('fails at start when Chromium cannot be started at all', async () => {
    const fake = fakeSpawner();
    fake.control.failNext = 1;
    await expect(superviseChromium({ pageUrl: () => 'u', spawn: fake.spawn })).rejects.toThrow('no display');
  });

  it('stop() ends the browser and no relaunch follows', async () => {
    const fake = fakeSpawner();
    const sup = await superviseChromium({ pageUrl: () => 'u', spawn: fake.spawn, initialBackoffMs: 1 });
    await sup.stop();
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.procs[0]!.killed).toBe(true);
    expect(fake.procs).toHaveLength(1);
    expect(sup.current).toBeUndefined();
  });
});
