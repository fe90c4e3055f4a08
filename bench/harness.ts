import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatNumber, formatTable, ratioOf, roundOrder, summarize, type Summary, type TableRow } from './lib/stats.ts';

/** One sample; `detail` is kept in the JSON (e.g. which process used the memory or the CPU). */
export interface Measurement {
  value: number;
  detail?: Record<string, unknown>;
}

/**
 * A benchmark and its baseline: the same metric, measured the same way, on thinshell and on the
 * thing it is compared with. Each call is one complete, independent run (launch, measure, stop).
 */
export interface Benchmark {
  name: string;
  unit: string;
  /** Runs of each side. */
  runs: number;
  /** Rounds run first and thrown away (disk cache, JIT of the bench itself). Default 0. */
  warmup?: number;
  subjectLabel?: string;
  baselineLabel?: string;
  subject(): Promise<number | Measurement>;
  baseline(): Promise<number | Measurement>;
  /** Lines printed under the table, e.g. where the idle CPU went. */
  notes?(result: BenchmarkResult): string[];
  /** Ends what the benchmark keeps for all its runs (e.g. a server); called once, also on failure. */
  teardown?(): Promise<void>;
}

export interface SideResult {
  label: string;
  samples: number[];
  details: Array<Record<string, unknown> | undefined>;
  summary: Summary;
}

export interface BenchmarkResult {
  name: string;
  unit: string;
  runs: number;
  warmup: number;
  startedAt: string;
  finishedAt: string;
  /** The order the sides actually ran in, warm-up excluded. */
  order: Array<'subject' | 'baseline'>;
  subject: SideResult;
  baseline: SideResult;
  /** median(subject) / median(baseline); null when the baseline median is 0. */
  ratio: number | null;
  meta: Record<string, unknown>;
}

export interface HarnessOptions {
  /** Progress lines (default: stderr). */
  progress?: (line: string) => void;
  /** Machine facts stored with the result. */
  meta?: Record<string, unknown>;
}

const asMeasurement = (m: number | Measurement): Measurement => (typeof m === 'number' ? { value: m } : m);

/** Runs subject and baseline interleaved, alternating which goes first in each round. */
export async function runBenchmark(bench: Benchmark, options: HarnessOptions = {}): Promise<BenchmarkResult> {
  if (!Number.isInteger(bench.runs) || bench.runs < 1) throw new Error(`${bench.name}: runs must be a positive integer`);
  const progress = options.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
  const labels = { subject: bench.subjectLabel ?? 'thinshell', baseline: bench.baselineLabel ?? 'baseline' };
  const warmup = bench.warmup ?? 0;
  const sides = {
    subject: { label: labels.subject, samples: [] as number[], details: [] as SideResult['details'] },
    baseline: { label: labels.baseline, samples: [] as number[], details: [] as SideResult['details'] },
  };
  const order: BenchmarkResult['order'] = [];
  const startedAt = new Date().toISOString();
  try {
    for (let round = 0; round < warmup + bench.runs; round++) {
      const counted = round >= warmup;
      for (const side of roundOrder(round)) {
        const m = asMeasurement(await bench[side]());
        if (!Number.isFinite(m.value)) throw new Error(`${bench.name} ${side}: not a number: ${m.value}`);
        const tag = counted ? `#${round - warmup + 1}/${bench.runs}` : 'warm-up';
        progress(`${bench.name} ${tag} ${sides[side].label}: ${formatNumber(m.value)} ${bench.unit}`);
        if (!counted) continue;
        sides[side].samples.push(m.value);
        sides[side].details.push(m.detail);
        order.push(side);
      }
    }
  } finally {
    await bench.teardown?.();
  }
  const subject = { ...sides.subject, summary: summarize(sides.subject.samples) };
  const baseline = { ...sides.baseline, summary: summarize(sides.baseline.samples) };
  return {
    name: bench.name,
    unit: bench.unit,
    runs: bench.runs,
    warmup,
    startedAt,
    finishedAt: new Date().toISOString(),
    order,
    subject,
    baseline,
    ratio: ratioOf(subject.summary.median, baseline.summary.median),
    meta: options.meta ?? {},
  };
}

/** bench/results/<name>-<timestamp>.json; returns the path. */
export async function writeResult(result: BenchmarkResult, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const stamp = result.startedAt.replace(/[:.]/g, '-');
  const path = join(dir, `${result.name}-${stamp}.json`);
  await writeFile(path, `${JSON.stringify(result, null, 2)}\n`);
  return path;
}

export function resultTable(results: readonly BenchmarkResult[]): string {
  const rows: TableRow[] = results.map((r) => ({
    name: r.name,
    unit: r.unit,
    subject: r.subject.summary,
    baseline: r.baseline.summary,
    ratio: r.ratio,
  }));
  const labels = { subject: results[0]?.subject.label ?? 'thinshell', baseline: results[0]?.baseline.label ?? 'baseline' };
  return formatTable(rows, labels);
}
