import type { Measurement } from '../harness.ts';
import { bareOnce, engineOnce, setupSpiceBench, type SpiceBench, type SpiceSample } from '../lib/spice-sides.ts';
import { formatNumber, formatRatio, ratioOf, summarize } from '../lib/stats.ts';
import type { BenchmarkFactory } from './types.ts';

const MiB = (kb: number | undefined) => (kb === undefined ? NaN : kb / 1024);

function medianOf(details: Array<Record<string, unknown> | undefined>, key: string): number {
  const values = details.map((d) => Number(d?.[key])).filter(Number.isFinite);
  return values.length > 0 ? summarize(values).median : NaN;
}

/**
 * start -> the guest display shown, against one loopback QEMU (SPICE, password by -object
 * secret) on the bench display, interleaved: thinshell's RemoteViewerEngine (private HOME, env
 * allow-list, the .vv written and piped, supervision) against bare `remote-viewer` spawned with
 * the same argv and the same .vv on stdin. Memory: remote-viewer's RSS/PSS/USS while connected.
 */
export const spiceConnect: BenchmarkFactory = (env, options) => {
  let bench: SpiceBench | undefined;
  const ready = async () => (bench ??= await setupSpiceBench(env));
  const measure = async (side: 'engine' | 'bare'): Promise<Measurement> => {
    const b = await ready();
    const s: SpiceSample = side === 'engine' ? await engineOnce(b, env.display.name) : await bareOnce(b, env.display.name);
    return {
      value: s.shownMs,
      detail: { connectedMs: Math.round(s.connectedMs), rssMiB: MiB(s.memory?.rssKb), pssMiB: MiB(s.memory?.pssKb), ussMiB: MiB(s.memory?.ussKb), pid: s.pid },
    };
  };
  return {
    name: 'spice-connect',
    unit: 'ms',
    runs: options.runs,
    // One round thrown away: the first remote-viewer of the run reads GTK and its libraries from disk.
    warmup: 1,
    subjectLabel: 'thinshell engine',
    baselineLabel: 'bare remote-viewer',
    subject: () => measure('engine'),
    baseline: () => measure('bare'),
    async teardown() {
      await bench?.server.stop();
    },
    notes(result) {
      return ['rssMiB', 'pssMiB', 'ussMiB', 'connectedMs'].map((key) => {
        const a = medianOf(result.subject.details, key);
        const b = medianOf(result.baseline.details, key);
        const unit = key.endsWith('MiB') ? ' MiB' : ' ms';
        return `spice-connect: ${key.replace(/MiB|Ms/, '')} median: engine ${formatNumber(a)}${unit}, bare ${formatNumber(b)}${unit}, ratio ${formatRatio(ratioOf(a, b))}`;
      });
    },
  };
};
