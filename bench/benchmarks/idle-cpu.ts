import type { BenchmarkResult } from '../harness.ts';
import { atReady, sleep } from '../lib/at-ready.ts';
import { cpuOver } from '../lib/cpu.ts';
import { launchBlank, launchKiosk, type Side } from '../lib/sides.ts';
import { formatNumber } from '../lib/stats.ts';
import type { BenchmarkFactory } from './types.ts';

/**
 * Start-up work is over by then on both sides: the host's V8 keeps collecting garbage for
 * ~10 s after the page is up (measured: ~60 wake-ups of its main thread in those 10 s, then 0-1
 * per 10 s). A kiosk sits at sign-in for hours; the steady state is what counts.
 */
const SETTLE_MS = 10_000;

/** Per-run maps keyed "label pid/thread", summed over runs by "label/thread". */
function sumByThread(details: ReadonlyArray<Record<string, unknown> | undefined>, key: string): Map<string, number> {
  const sums = new Map<string, number>();
  for (const d of details) {
    for (const [name, v] of Object.entries((d?.[key] as Record<string, number>) ?? {})) {
      // "renderer 1234/Compositor" -> "renderer/Compositor": the same thread across runs.
      const thread = name.replace(/ \d+\//, '/');
      sums.set(thread, (sums.get(thread) ?? 0) + v);
    }
  }
  return sums;
}

const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);

/** Where the CPU went, over all runs of a side: CPU and wake-ups per second, by thread. */
export function cpuNotes(result: BenchmarkResult): string[] {
  const lines: string[] = [];
  for (const side of [result.subject, result.baseline]) {
    const windowSec = side.details.reduce((sum, d) => sum + Number(d?.windowSec ?? 0), 0);
    const cpu = top(sumByThread(side.details, 'byThread'), 8).map(([t, sec]) => `${t} ${formatNumber((sec / windowSec) * 100)}%`);
    const wake = top(sumByThread(side.details, 'wakeupsByThread'), 8).map(([t, n]) => `${t} ${formatNumber(n / windowSec)}/s`);
    lines.push(`${result.name}: ${side.label} CPU by thread (over ${formatNumber(windowSec)} s): ${cpu.join(', ') || 'none'}`);
    lines.push(`${result.name}: ${side.label} wake-ups by thread: ${wake.join(', ') || 'none'}`);
  }
  return lines;
}

export const idleCpu: BenchmarkFactory = (env, options) => {
  const windowMs = options.quick ? 10_000 : 60_000;
  const measure = (side: Side) =>
    atReady(side, env, async (launched) => {
      await sleep(SETTLE_MS);
      const use = await cpuOver(launched.rootPid, windowMs);
      return { value: use.percent, detail: { ...use } };
    });
  return {
    name: 'idle-cpu',
    unit: '% of a core',
    runs: options.runs,
    baselineLabel: 'blank page',
    subject: () => measure(launchKiosk),
    baseline: () => measure(launchBlank),
    notes: cpuNotes,
  };
};
