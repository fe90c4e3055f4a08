/** Pure helpers: summaries of samples, the subject/baseline ratio, and the printed table. */

export interface Summary {
  median: number;
  min: number;
  max: number;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('no samples to summarize');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/** subject / baseline; null when the baseline is 0 (idle CPU can be), rather than Infinity or NaN. */
export function ratioOf(subject: number, baseline: number): number | null {
  if (baseline === 0 || !Number.isFinite(subject) || !Number.isFinite(baseline)) return null;
  return subject / baseline;
}

/**
 * The order of the two sides in each round: S,B then B,S, alternating, so that a drift over the
 * run (a warming cache, a neighbour's load) lands on both sides equally.
 */
export function roundOrder(round: number): Array<'subject' | 'baseline'> {
  return round % 2 === 0 ? ['subject', 'baseline'] : ['baseline', 'subject'];
}

/** Enough digits to compare, not more than the measurement carries. */
export function formatNumber(value: number): string {
  const abs = Math.abs(value);
  if (abs === 0) return '0';
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 0.1) return value.toFixed(2);
  return value.toFixed(3);
}

export function formatRatio(ratio: number | null): string {
  return ratio === null ? 'n/a' : `${ratio.toFixed(2)}x`;
}

export interface TableRow {
  name: string;
  unit: string;
  subject: Summary;
  baseline: Summary;
  ratio: number | null;
}

const cell = (s: Summary) => `${formatNumber(s.median)} [${formatNumber(s.min)}-${formatNumber(s.max)}]`;

/** A plain-text table: median [min-max] for each side, then the ratio of medians. */
export function formatTable(rows: readonly TableRow[], labels = { subject: 'thinshell', baseline: 'baseline' }): string {
  const header = ['benchmark', 'unit', `${labels.subject} median [min-max]`, `${labels.baseline} median [min-max]`, 'ratio'];
  const lines = [header, ...rows.map((r) => [r.name, r.unit, cell(r.subject), cell(r.baseline), formatRatio(r.ratio)])];
  const widths = header.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  return lines.map((l) => l.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}
