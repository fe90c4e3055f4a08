import type { BenchmarkResult, Measurement } from '../harness.ts';
import { atReady, sleep } from '../lib/at-ready.ts';
import { allStats, memory, processLabel, processTree } from '../lib/proc.ts';
import { launchBlank, launchKiosk, type Side } from '../lib/sides.ts';
import { formatNumber, summarize } from '../lib/stats.ts';
import type { BenchmarkFactory } from './types.ts';

/** After the ready moment, so that start-up garbage and lazy allocations have settled a little. */
const SETTLE_MS = 2000;

/** PSS of every process of one tree, summed, and per kind of process. */
export function treeMemory(rootPid: number): Measurement {
  const stats = allStats();
  const tree = processTree(rootPid, stats);
  const byLabel: Record<string, number> = {};
  let pssKb = 0;
  let rssKb = 0;
  let ussKb = 0;
  for (const p of tree) {
    const m = memory(p.pid);
    if (!m || !Number.isFinite(m.pssKb)) continue; // exited between the scan and the read
    const label = processLabel(p.pid);
    byLabel[label] = (byLabel[label] ?? 0) + m.pssKb / 1024;
    pssKb += m.pssKb;
    rssKb += m.rssKb;
    ussKb += m.ussKb;
  }
  // PSS splits shared pages among all who map them: other Chromiums on the machine lower ours.
  const mine = new Set(tree.map((p) => p.pid));
  const otherChromiums = stats.filter((s) => s.comm === 'chromium' && s.state !== 'Z' && !mine.has(s.pid)).length;
  return {
    value: pssKb / 1024,
    detail: { byLabelMiB: byLabel, rssMiB: rssKb / 1024, ussMiB: ussKb / 1024, processes: tree.length, otherChromiums },
  };
}

/** Median MiB per kind of process, for each side. */
export function memoryNotes(result: BenchmarkResult): string[] {
  // The difference moves less than the ratio when other Chromiums share (and so lower) our pages.
  const extra = result.subject.summary.median - result.baseline.summary.median;
  const others = [...result.subject.details, ...result.baseline.details].map((d) => Number(d?.otherChromiums ?? 0));
  const lines = [`${result.name}: ${result.subject.label} uses ${formatNumber(extra)} MiB more than ${result.baseline.label} (other Chromium processes on the machine: ${Math.min(...others)}-${Math.max(...others)})`];
  for (const side of [result.subject, result.baseline]) {
    const labels = new Set(side.details.flatMap((d) => Object.keys((d?.byLabelMiB as Record<string, number>) ?? {})));
    const parts = [...labels].sort().map((l) => {
      const values = side.details.map((d) => (d?.byLabelMiB as Record<string, number> | undefined)?.[l] ?? 0);
      return `${l} ${formatNumber(summarize(values).median)}`;
    });
    const median = (key: string) => formatNumber(summarize(side.details.map((d) => Number(d?.[key] ?? NaN))).median);
    lines.push(`${result.name}: ${side.label} USS ${median('ussMiB')} MiB, RSS ${median('rssMiB')} MiB; PSS by process: ${parts.join(', ')}`);
  }
  return lines;
}

export const pssAtSignIn: BenchmarkFactory = (env, options) => {
  const measure = (side: Side) =>
    atReady(side, env, async (launched) => {
      await sleep(SETTLE_MS);
      return treeMemory(launched.rootPid);
    });
  return {
    name: 'pss-at-sign-in',
    unit: 'MiB',
    runs: options.runs,
    baselineLabel: 'blank page',
    subject: () => measure(launchKiosk),
    baseline: () => measure(launchBlank),
    notes: memoryNotes,
  };
};
