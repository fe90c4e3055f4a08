import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBenchmark, writeResult, type Benchmark } from '../../../bench/harness.ts';

/** A benchmark whose sides record when they ran and return the next value of their list. */
function recording(subjectValues: number[], baselineValues: number[], extra: Partial<Benchmark> = {}) {
  const calls: string[] = [];
  const bench: Benchmark = {
    name: 'probe',
    unit: 'ms',
    runs: subjectValues.length - (extra.warmup ?? 0),
    subject: async () => (calls.push('S'), subjectValues.shift()!),
    baseline: async () => (calls.push('B'), { value: baselineValues.shift()!, detail: { n: calls.length } }),
    ...extra,
  };
  return { bench, calls };
}

const quiet = { progress: () => {} };

describe('runBenchmark', () => {
  it('interleaves the sides, alternating which goes first, and summarizes each', async () => {
    const { bench, calls } = recording([10, 30, 20, 40], [5, 5, 6, 100]);
    const result = await runBenchmark(bench, quiet);
    expect(calls.join('')).toBe('SBBSSBBS');
    expect(result.order).toEqual(['subject', 'baseline', 'baseline', 'subject', 'subject', 'baseline', 'baseline', 'subject']);
    expect(result.subject.samples).toEqual([10, 30, 20, 40]);
    expect(result.subject.summary).toEqual({ median: 25, min: 10, max: 40 });
    expect(result.baseline.summary).toEqual({ median: 5.5, min: 5, max: 100 });
    expect(result.ratio).toBeCloseTo(25 / 5.5);
    expect(result.baseline.details).toEqual([{ n: 2 }, { n: 3 }, { n: 6 }, { n: 7 }]);
  });

  it('throws away warm-up rounds', async () => {
    const { bench, calls } = recording([999, 10, 12], [999, 5, 6], { warmup: 1 });
    const result = await runBenchmark(bench, quiet);
    expect(calls).toHaveLength(6);
    expect(result.subject.samples).toEqual([10, 12]);
    expect(result.baseline.samples).toEqual([5, 6]);
  });

  it('gives no ratio when the baseline median is 0', async () => {
    const { bench } = recording([1.5, 2], [0, 0]);
    const result = await runBenchmark(bench, quiet);
    expect(result.ratio).toBeNull();
    expect(result.subject.summary.median).toBe(1.75);
  });

  it('fails on a side that fails or returns no number', async () => {
    const failing = recording([1], [1]).bench;
    failing.baseline = async () => {
      throw new Error('browser did not start');
    };
    await expect(runBenchmark(failing, quiet)).rejects.toThrow(/browser did not start/);
    await expect(runBenchmark(recording([NaN], [1]).bench, quiet)).rejects.toThrow(/probe subject: not a number/);
    await expect(runBenchmark({ ...recording([1], [1]).bench, runs: 0 }, quiet)).rejects.toThrow(/runs must be a positive integer/);
  });

  it('calls teardown once after the last run, and also when a run failed', async () => {
    const done: string[] = [];
    const ok = recording([1, 2], [3, 4], { teardown: async () => void done.push('ok') });
    ok.bench.subject = async () => (ok.calls.push('S'), done.push('run'), 1);
    await runBenchmark(ok.bench, quiet);
    expect(done).toEqual(['run', 'run', 'ok']);
    const failing = recording([1], [1], { teardown: async () => void done.push('failed') });
    failing.bench.baseline = async () => {
      throw new Error('server gone');
    };
    await expect(runBenchmark(failing.bench, quiet)).rejects.toThrow(/server gone/);
    expect(done.at(-1)).toBe('failed');
  });
});

describe('writeResult', () => {
  it('writes <name>-<timestamp>.json with everything in it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-results-'));
    try {
      const result = await runBenchmark(recording([3, 4], [1, 2]).bench, { ...quiet, meta: { cpus: 2 } });
      const path = await writeResult(result, join(dir, 'results'));
      expect(path).toMatch(/results\/probe-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z\.json$/);
      const saved = JSON.parse(await readFile(path, 'utf8'));
      expect(saved.subject.samples).toEqual([3, 4]);
      expect(saved.ratio).toBeCloseTo(3.5 / 1.5);
      expect(saved.meta).toEqual({ cpus: 2 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
