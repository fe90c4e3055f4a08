import type { Measurement } from '../harness.ts';
import { connectOnce, prepareSpare, setupRdpBench, type ConnectSample, type RdpBench } from '../lib/rdp-sides.ts';
import { largestDifferences, medianRss, type SmapsBreakdown } from '../lib/smaps.ts';
import { formatNumber, formatRatio, ratioOf, summarize } from '../lib/stats.ts';
import type { BenchmarkFactory } from './types.ts';

const MiB = (kb: number | undefined) => (kb === undefined ? NaN : kb / 1024);

function medianOf(details: Array<Record<string, unknown> | undefined>, key: string): number {
  const values = details.map((d) => Number(d?.[key])).filter(Number.isFinite);
  return values.length > 0 ? summarize(values).median : NaN;
}

type WorkerStart = 'cold' | 'prewarmed';
/** The native engine's `network` setting: `lan` is the kiosk's default, `auto` FreeRDP's (what bare xfreerdp runs with). */
type Network = 'lan' | 'auto';

/**
 * start -> logged on, on the same loopback freerdp-shadow-cli (NLA, pinned certificate) and the
 * same display, interleaved: thinshell's native engine (a worker process that loads
 * libthinshell_rdp.so) against bare xfreerdp (one process, `stdbuf -oL` so its log lines, which
 * say when it is logged on, arrive at once). Each session runs in its own process; the RSS of
 * that process while connected goes into the notes.
 *
 * `cold`: the worker is forked at start() (what a session costs without a spare). `prewarmed`:
 * the spare worker the kiosk starts when the desktop picker shows (engine.prepare()) is up and
 * has loaded the library before start(), as it is when a user takes a moment to pick; its memory
 * while it waits is in the notes too. `network`: see native/README.md; `auto` loads the same
 * FreeRDP channels bare xfreerdp does (less its clipboard), `lan` two fewer.
 */
function rdpConnectBenchmark(name: string, start: WorkerStart, network: Network): BenchmarkFactory {
  return (env, options) => {
    let rdp: RdpBench | undefined;
    const ready = async () => (rdp ??= await setupRdpBench(env));
    const measure = async (side: 'native' | 'xfreerdp'): Promise<Measurement> => {
      const r = await ready();
      const spare = side === 'native' && start === 'prewarmed' ? await prepareSpare(r, env.display.name) : undefined;
      const s: ConnectSample = await connectOnce(r, side === 'native' ? r.native : r.xfreerdp, env.display.name, undefined, network);
      if (spare && s.pid !== spare.pid) throw new Error(`the session did not run in the prepared worker (${spare.pid} vs ${s.pid})`);
      return {
        value: s.loggedOnMs,
        detail: {
          connectedMs: Math.round(s.connectedMs),
          rssMiB: MiB(s.memory?.rssKb),
          pssMiB: MiB(s.memory?.pssKb),
          ussMiB: MiB(s.memory?.ussKb),
          pid: s.pid,
          smaps: s.smaps,
          ...(spare ? { spareRssMiB: MiB(spare.memory?.rssKb), sparePssMiB: MiB(spare.memory?.pssKb), spareUssMiB: MiB(spare.memory?.ussKb) } : {}),
        },
      };
    };
    return {
      name,
      unit: 'ms',
      runs: options.runs,
      // One round thrown away: the first session of each reads the libraries from disk.
      warmup: 1,
      subjectLabel: 'native engine',
      baselineLabel: 'xfreerdp',
      subject: () => measure('native'),
      baseline: () => measure('xfreerdp'),
      async teardown() {
        await rdp?.native.release();
        await rdp?.server.stop();
      },
      notes(result) {
        const lines = [`${name}: the native engine's worker is ${start === 'cold' ? 'forked at start() (cold)' : 'prepared before start() (prewarmed at the picker)'}; network=${network}`];
        for (const key of ['rssMiB', 'pssMiB', 'ussMiB', 'connectedMs']) {
          const a = medianOf(result.subject.details, key);
          const b = medianOf(result.baseline.details, key);
          const unit = key.endsWith('MiB') ? ' MiB' : ' ms';
          lines.push(`${name}: ${key.replace(/MiB|Ms/, '')} median: native ${formatNumber(a)}${unit}, xfreerdp ${formatNumber(b)}${unit}, ratio ${formatRatio(ratioOf(a, b))}`);
        }
        if (start === 'prewarmed') {
          const m = (k: string) => formatNumber(medianOf(result.subject.details, k));
          lines.push(`${name}: the waiting spare worker (library loaded, no session): RSS ${m('spareRssMiB')} MiB, PSS ${m('sparePssMiB')} MiB, USS ${m('spareUssMiB')} MiB`);
        }
        // Where the RSS difference is, mapping group by mapping group (bench/lib/smaps.ts).
        const smaps = (details: typeof result.subject.details) => medianRss(details.map((d) => d?.smaps as SmapsBreakdown | undefined));
        lines.push(`${name}: rss native - xfreerdp by mapping (MiB): ${largestDifferences(smaps(result.subject.details), smaps(result.baseline.details), 8)}`);
        return lines;
      },
    };
  };
}

export const rdpConnect = rdpConnectBenchmark('rdp-connect', 'cold', 'lan');
export const rdpConnectPrewarmed = rdpConnectBenchmark('rdp-connect-prewarmed', 'prewarmed', 'lan');
export const rdpConnectAutoNetwork = rdpConnectBenchmark('rdp-connect-auto', 'cold', 'auto');
