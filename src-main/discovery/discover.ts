import type { Policy } from '../policy/schema.ts';
import type { BrokerCandidate, DiscoverySource, SourceReport } from './types.ts';

export interface DiscoveryResult {
  candidates: BrokerCandidate[];
  reports: SourceReport[];
}

/**
 * Asks every source at once and takes what has answered by the deadline. A source that fails
 * or is late costs only its own candidates. Candidates are ranked, and a broker id found twice
 * keeps its best-ranked entry.
 */
export async function discover(
  sources: readonly DiscoverySource[],
  policy: Policy,
  options: { deadlineMs: number; signal: AbortSignal; now?: () => number },
): Promise<DiscoveryResult> {
  const now = options.now ?? (() => performance.now());
  const deadline = AbortSignal.any([options.signal, AbortSignal.timeout(options.deadlineMs)]);
  const runs = sources.map(async (source): Promise<{ report: SourceReport; found: BrokerCandidate[] }> => {
    const started = now();
    try {
      const found = await raceAbort(source.find(policy, deadline), deadline);
      return { report: { source: source.name, found: found.length, ms: Math.round(now() - started) }, found };
    } catch (err) {
      const error = deadline.aborted && !options.signal.aborted ? 'no answer before the deadline' : (err as Error).message;
      return { report: { source: source.name, found: 0, ms: Math.round(now() - started), error }, found: [] };
    }
  });
  const results = await Promise.all(runs);
  options.signal.throwIfAborted();
  const best = new Map<string, BrokerCandidate>();
  for (const c of results.flatMap((r) => r.found).sort((a, b) => a.rank - b.rank)) {
    if (!best.has(c.config.id)) best.set(c.config.id, c);
  }
  return { candidates: [...best.values()], reports: results.map((r) => r.report) };
}

function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
