import { Resolver } from 'node:dns/promises';
import { readFile } from 'node:fs/promises';
import type { Policy } from '../policy/schema.ts';
import { parseResolvConf } from './parsers/resolv-conf.ts';
import { emptyFindings, type Findings } from './types.ts';

export interface DnsOptions {
  /** Default /etc/resolv.conf (inside `ip netns exec`, the namespace's own). */
  resolvConf?: string;
  /** DNS servers to ask instead of resolv.conf's (`127.0.0.1:5353` style), for tests. */
  servers?: string[];
}

export interface DnsContext {
  resolver: Resolver;
  /** The resolver's search list (lower case, no trailing dot). */
  search: string[];
  /** Why there is no search list, when there is none from resolv.conf. */
  note?: string;
}

/**
 * A resolver for one discovery run: one try per query, each allowed the whole deadline, all
 * cancelled when the signal aborts (so nothing lingers after the deadline).
 */
export async function dnsContext(options: DnsOptions, deadlineMs: number, signal: AbortSignal): Promise<DnsContext> {
  const resolver = new Resolver({ timeout: Math.max(100, deadlineMs), tries: 1 });
  signal.addEventListener('abort', () => resolver.cancel(), { once: true });
  if (signal.aborted) resolver.cancel();
  const path = options.resolvConf ?? '/etc/resolv.conf';
  let search: string[] = [];
  let note: string | undefined;
  try {
    const conf = parseResolvConf(await readFile(path, 'utf8'));
    search = conf.search;
    if (conf.nameservers.length === 0 && !options.servers) note = `${path} names no DNS server`;
  } catch (err) {
    note = `cannot read ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`;
  }
  if (options.servers) resolver.setServers(options.servers);
  return { resolver, search, ...(note ? { note } : {}) };
}

/** The domains to search: policy's first, then the resolver's; each once, at most 8. */
export function searchDomains(policyDomains: readonly string[], resolverSearch: readonly string[]): string[] {
  const all = [...policyDomains, ...resolverSearch].map((d) => d.replace(/\.$/, '').toLowerCase()).filter(Boolean);
  return [...new Set(all)].slice(0, 8);
}

/** "There is no such record": the usual answer, not worth a word. */
const noRecord = new Set(['ENODATA', 'ENOTFOUND']);
/** "There is no DNS here" (a kiosk without network) or our own deadline: a quiet note. */
const noDns = new Set(['ECONNREFUSED', 'ECANCELLED', 'ECONNRESET']);

export type Lookup<T> = { ok: true; value: T } | { ok: false; severity: 'none' | 'note' | 'problem'; message: string };

/** Runs one query and words its failure (the code, and whether it is merely "no record"). */
export async function lookup<T>(what: string, run: () => Promise<T>): Promise<Lookup<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    const severity = noRecord.has(code) ? 'none' : noDns.has(code) ? 'note' : 'problem';
    return { ok: false, severity, message: `${what}: ${dnsWords(code, (err as Error).message)}` };
  }
}

function dnsWords(code: string, message: string): string {
  switch (code) {
    case 'ENODATA':
      return 'no such record';
    case 'ENOTFOUND':
      return 'no such name';
    case 'ECONNREFUSED':
      return 'no DNS server answers (connection refused)';
    case 'ETIMEOUT':
      return 'the DNS server did not answer in time';
    case 'ECANCELLED':
      return 'cancelled at the deadline';
    case 'EBADRESP':
      return 'the DNS server sent a malformed reply';
    case 'ESERVFAIL':
      return 'the DNS server failed (SERVFAIL)';
    case 'EREFUSED':
      return 'the DNS server refused the query';
    default:
      return code ? `${code} (${message})` : message;
  }
}

/** Files a failed lookup under notes or problems (a missing record under neither). */
export function fileFailure(found: { notes: string[]; problems: string[] }, failure: Extract<Lookup<unknown>, { ok: false }>): void {
  if (failure.severity === 'none') return;
  const list = failure.severity === 'note' ? found.notes : found.problems;
  if (!list.includes(failure.message)) list.push(failure.message);
}

export type DnsResolver = DnsContext['resolver'];

/**
 * The one way a DNS source runs: the resolver and search list, then `perDomain` for each
 * domain at once (its index gives the domain's rank base), collecting into one Findings.
 */
export async function findInSearchDomains(
  options: DnsOptions,
  policy: Policy,
  signal: AbortSignal,
  perDomain: (resolver: DnsResolver, domain: string, index: number, found: Findings) => Promise<void>,
): Promise<Findings> {
  const found = emptyFindings();
  const ctx = await dnsContext(options, policy.discovery.deadlineMs, signal);
  if (signal.aborted) return found;
  const domains = searchDomains(policy.discovery.domains, ctx.search);
  if (ctx.note) found.notes.push(ctx.note);
  if (domains.length === 0) {
    found.notes.push('no DNS domain to search (the resolver has no search list and policy discovery.domains is empty)');
    return found;
  }
  await Promise.all(domains.map((domain, i) => perDomain(ctx.resolver, domain, i, found)));
  return found;
}
