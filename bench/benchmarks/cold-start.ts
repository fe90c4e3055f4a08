import type { Measurement } from '../harness.ts';
import { atReady } from '../lib/at-ready.ts';
import { CLK_TCK, processTree } from '../lib/proc.ts';
import { launchBlank, launchKiosk, type Side } from '../lib/sides.ts';
import { formatNumber, summarize } from '../lib/stats.ts';
import type { BenchmarkFactory } from './types.ts';

/** When the tree's Chromium browser process started, after the root did (10 ms resolution). */
function chromiumSpawnMs(rootPid: number): number | undefined {
  const tree = processTree(rootPid);
  const root = tree.find((p) => p.pid === rootPid);
  const browser = tree.find((p) => p.comm === 'chromium' && (p.pid === rootPid || p.ppid === rootPid));
  if (!root || !browser) return undefined;
  return ((browser.starttime - root.starttime) / CLK_TCK) * 1000;
}

const medianOf = (details: Array<Record<string, unknown> | undefined>, key: string) => {
  const values = details.map((d) => Number(d?.[key])).filter(Number.isFinite);
  return values.length > 0 ? formatNumber(summarize(values).median) : '?';
};

/**
 * Spawn -> ready, by the page's own clock: thinshell's sign-in form with the username field
 * enabled and focused, against the same Chromium showing a blank page (its body exists).
 */
export const coldStart: BenchmarkFactory = (env, options) => {
  const measure = (side: Side) =>
    atReady(side, env, async (launched, ready): Promise<Measurement> => ({
      value: ready.at - launched.startedAt,
      detail: {
        // Where the time went: Chromium's spawn (after the host's own start-up), the page's
        // navigation, then the page's own work up to ready.
        chromiumSpawnMs: chromiumSpawnMs(launched.rootPid),
        navigationMs: Math.round(ready.navigationStart - launched.startedAt),
        // The bench's own clock when the report arrived: checks the page's clock against ours.
        observedMs: Math.round(ready.observedAt - launched.startedAt),
        // Ready before the detector was in place: then the value is an upper bound.
        late: ready.late,
      },
    }));
  return {
    name: 'cold-start',
    unit: 'ms',
    runs: options.runs,
    // One round thrown away: the first launch reads Chromium and node from disk.
    warmup: 1,
    baselineLabel: 'blank page',
    subject: () => measure(launchKiosk),
    baseline: () => measure(launchBlank),
    notes(result) {
      const lines = [result.subject, result.baseline].map(
        (side) =>
          `cold-start: ${side.label} medians: Chromium spawned +${medianOf(side.details, 'chromiumSpawnMs')} ms, ` +
          `page navigation +${medianOf(side.details, 'navigationMs')} ms, ready +${formatNumber(side.summary.median)} ms`,
      );
      const late = [...result.subject.details, ...result.baseline.details].filter((d) => d?.late === true).length;
      if (late > 0) lines.push(`cold-start: ${late} run(s) were ready before the detector was installed (values are upper bounds)`);
      return lines;
    },
  };
};
