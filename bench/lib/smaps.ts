import { readFileSync, readlinkSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * Where a process's memory goes, from /proc/PID/smaps (proc(5)): every mapping's Rss, Pss and
 * private pages, summed per group (a library, the executable, the heap, anonymous memory...).
 * rdp-connect records it for both sides so the difference can be read mapping by mapping.
 */
export interface MappingUse {
  rssKb: number;
  pssKb: number;
  /** Private_Clean + Private_Dirty: the USS part. */
  privateKb: number;
  /** Anonymous pages (heap, stacks, V8, malloc arenas; also written copies of file pages). */
  anonKb: number;
}

export type SmapsBreakdown = Record<string, MappingUse>;

/** A mapping header: `start-end perms offset dev inode [path]`. */
const HEADER = /^([0-9a-f]+)-([0-9a-f]+) (\S{4}) [0-9a-f]+ \S+ \d+\s*(.*)$/;

/**
 * The group a mapping counts in: shared objects by their library name without the version
 * (libfreerdp2.so.2.11.7 -> libfreerdp2), the executable by its name, special mappings by theirs
 * ([heap], [stack]...), and anonymous mappings as `[anon]`.
 */
export function mappingGroup(path: string, executable?: string): string {
  if (path === '') return '[anon]';
  if (path.startsWith('[')) return path.startsWith('[stack') ? '[stack]' : path.replace(/:.*\]$/, ']');
  const name = basename(path.replace(/ \(deleted\)$/, ''));
  if (executable && path === executable) return `${name} (executable)`;
  const lib = /^(.+?)\.so(\.|$)/.exec(name);
  if (lib) return lib[1]!;
  if (path.startsWith('/memfd:') || path.startsWith('/dev/shm/') || path.startsWith('/SYSV')) return '[shared memory]';
  return name;
}

/** Parses the text of /proc/PID/smaps into per-group sums. */
export function parseSmaps(text: string, executable?: string): SmapsBreakdown {
  const out: SmapsBreakdown = {};
  let current: MappingUse | undefined;
  for (const line of text.split('\n')) {
    const header = HEADER.exec(line);
    if (header) {
      const group = mappingGroup(header[4]!.trim(), executable);
      current = out[group] ??= { rssKb: 0, pssKb: 0, privateKb: 0, anonKb: 0 };
      continue;
    }
    if (!current) continue;
    const field = /^(\w+):\s+(\d+) kB$/.exec(line);
    if (!field) continue;
    const kb = Number(field[2]);
    if (field[1] === 'Rss') current.rssKb += kb;
    else if (field[1] === 'Pss') current.pssKb += kb;
    else if (field[1] === 'Private_Clean' || field[1] === 'Private_Dirty') current.privateKb += kb;
    else if (field[1] === 'Anonymous') current.anonKb += kb;
  }
  for (const [group, use] of Object.entries(out)) if (use.rssKb === 0) delete out[group];
  return out;
}

/** The breakdown of a live process; undefined when it is gone. */
export function smapsOf(pid: number): SmapsBreakdown | undefined {
  try {
    let exe: string | undefined;
    try {
      exe = readlinkSync(`/proc/${pid}/exe`);
    } catch {
      exe = undefined;
    }
    return parseSmaps(readFileSync(`/proc/${pid}/smaps`, 'utf8'), exe);
  } catch {
    return undefined;
  }
}

/** The largest groups by RSS, as `name rss/anon` in MiB, for a one-line note. */
export function topGroups(b: SmapsBreakdown, n: number): string {
  return Object.entries(b)
    .sort(([, x], [, y]) => y.rssKb - x.rssKb)
    .slice(0, n)
    .map(([name, u]) => `${name} ${(u.rssKb / 1024).toFixed(1)}`)
    .join(', ');
}

/** Per group, the median RSS over several breakdowns (a group missing from one counts as 0 there). */
export function medianRss(list: ReadonlyArray<SmapsBreakdown | undefined>): Record<string, number> {
  const present = list.filter((b): b is SmapsBreakdown => b !== undefined);
  const groups = new Set(present.flatMap((b) => Object.keys(b)));
  const out: Record<string, number> = {};
  for (const g of groups) {
    const values = present.map((b) => b[g]?.rssKb ?? 0).sort((x, y) => x - y);
    const mid = values.length >> 1;
    out[g] = values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
  }
  return out;
}

/** The groups where `a` holds the most more than `b` (RSS kB), as `name +x.y` in MiB. */
export function largestDifferences(a: Record<string, number>, b: Record<string, number>, n: number): string {
  const groups = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...groups]
    .map((g) => [g, (a[g] ?? 0) - (b[g] ?? 0)] as const)
    .sort(([, x], [, y]) => Math.abs(y) - Math.abs(x))
    .slice(0, n)
    .map(([g, d]) => `${g} ${d >= 0 ? '+' : ''}${(d / 1024).toFixed(1)}`)
    .join(', ');
}
