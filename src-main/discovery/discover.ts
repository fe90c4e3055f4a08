import type { BrokerPolicy, Policy } from '../policy/schema.ts';
import type { BrokerCandidate, DiscoverySource, Findings, FoundBroker, SourceReport } from './types.ts';

export interface DiscoveryResult {
  candidates: BrokerCandidate[];
  reports: SourceReport[];
}

export interface DiscoverOptions {
  deadlineMs: number;
  signal: AbortSignal;
  now?: () => number;
  /**
   * `all` waits for every source (up to the deadline): the CLI shows everything.
   * `first` stops as soon as the best answer cannot change: every source before the first one
   * that found a usable broker has finished. A terminal whose policy or DHCP names its broker
   * then starts at once instead of waiting for a silent DNS server.
   */
  settle?: 'all' | 'first';
}

const sourceRankStep = 1_000_000;

/**
 * Asks every source at once and takes what has answered by the deadline. Sources come in
 * priority order: a candidate of an earlier source ranks before any of a later one. A source
 * that fails or is late costs only its own candidates. The same broker found twice (same id,
 * or same type and address) keeps its best-ranked entry.
 */
export async function discover(sources: readonly DiscoverySource[], policy: Policy, options: DiscoverOptions): Promise<DiscoveryResult> {
  const now = options.now ?? (() => performance.now());
  const settled = new AbortController();
  const deadline = AbortSignal.timeout(options.deadlineMs);
  const work = AbortSignal.any([options.signal, deadline, settled.signal]);
  const done: (Findings | undefined)[] = sources.map(() => undefined);
  const checkSettled = () => {
    if (options.settle !== 'first') return;
    for (const found of done) {
      if (!found) return;
      if (found.candidates.some((c) => !c.confirm)) {
        settled.abort(new Error('settled'));
        return;
      }
    }
  };
  const runs = sources.map(async (source, index): Promise<SourceReport> => {
    const started = now();
    const ms = () => Math.round(now() - started);
    try {
      const found = normalise(await raceAbort(source.find(policy, work), work));
      const candidates = found.candidates.map((c) => ({ ...c, rank: index * sourceRankStep + c.rank }));
      done[index] = { ...found, candidates };
      checkSettled();
      return report(source.name, ms(), done[index]);
    } catch (err) {
      done[index] = { candidates: [], problems: [], notes: [] };
      checkSettled();
      if (options.signal.aborted) return { source: source.name, found: 0, ms: ms(), error: 'cancelled' };
      if (settled.signal.aborted && !deadline.aborted) {
        return { source: source.name, found: 0, ms: ms(), notes: ['not waited for: a source before it found a broker'] };
      }
      const error = deadline.aborted ? 'no answer before the deadline' : (err as Error).message;
      return { source: source.name, found: 0, ms: ms(), error };
    }
  });
  const reports = await Promise.all(runs);
  options.signal.throwIfAborted();
  const best: BrokerCandidate[] = [];
  const seen = new Set<string>();
  for (const c of done.flatMap((f) => f?.candidates ?? []).sort((a, b) => a.rank - b.rank)) {
    const keys = [`id:${c.config.id}`, `at:${brokerKey(c.config)}`];
    if (keys.some((k) => seen.has(k))) continue;
    for (const k of keys) seen.add(k);
    best.push(c);
  }
  return { candidates: best, reports };
}

function normalise(found: BrokerCandidate[] | Findings): Findings {
  return Array.isArray(found) ? { candidates: found, problems: [], notes: [] } : found;
}

function report(source: string, ms: number, found: Findings): SourceReport {
  return {
    source,
    found: found.candidates.length,
    ms,
    ...(found.candidates.length ? { brokers: found.candidates.map(describeCandidate) } : {}),
    ...(found.problems.length ? { problems: found.problems } : {}),
    ...(found.notes.length ? { notes: found.notes } : {}),
  };
}

/** One candidate in a line of the log or the CLI. */
export function describeCandidate(c: BrokerCandidate): FoundBroker {
  return {
    id: c.config.id,
    type: c.config.type,
    name: c.config.name,
    address: brokerAddressOf(c.config),
    ...(c.detail ? { detail: c.detail } : {}),
    ...(c.confirm ? { confirm: true } : {}),
  };
}

function brokerAddressOf(config: BrokerPolicy): string {
  if (config.type !== 'direct') return config.url;
  const h = config.hosts[0];
  return h ? `${h.protocol}://${h.host}${h.port ? `:${h.port}` : ''}` : '';
}

/** What makes two entries the same broker, whoever found them. */
function brokerKey(config: BrokerPolicy): string {
  if (config.type !== 'direct') return `${config.type} ${config.url.toLowerCase()}`;
  return `direct ${config.hosts.map((h) => `${h.protocol}://${h.host.toLowerCase()}:${h.port ?? ''}`).join(' ')}`;
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
