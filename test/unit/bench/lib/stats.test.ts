import { describe, expect, it } from 'vitest';
import { formatRatio, formatTable, ratioOf, roundOrder, summarize } from '../../../../bench/lib/stats.ts';

describe('summarize', () => {
  it('takes the middle value of an odd count and the mean of the middle two of an even count', () => {
    expect(summarize([5, 1, 3])).toEqual({ median: 3, min: 1, max: 5 });
    expect(summarize([4, 1, 3, 10])).toEqual({ median: 3.5, min: 1, max: 10 });
  });

  it('does not reorder the caller\'s samples', () => {
    const samples = [3, 1, 2];
    summarize(samples);
    expect(samples).toEqual([3, 1, 2]);
  });

  it('refuses an empty list', () => {
    expect(() => summarize([])).toThrow(/no samples/);
  });
});

describe('ratioOf', () => {
  it('is subject / baseline', () => {
    expect(ratioOf(1200, 600)).toBe(2);
  });

  it('is null rather than Infinity or NaN when the baseline is 0', () => {
    expect(ratioOf(2.5, 0)).toBeNull();
    expect(ratioOf(0, 0)).toBeNull();
    expect(formatRatio(null)).toBe('n/a');
    expect(formatRatio(1.8549)).toBe('1.85x');
  });
});

describe('roundOrder', () => {
  it('alternates which side goes first', () => {
    expect([0, 1, 2, 3].map(roundOrder)).toEqual([
      ['subject', 'baseline'],
      ['baseline', 'subject'],
      ['subject', 'baseline'],
      ['baseline', 'subject'],
    ]);
  });
});

describe('formatTable', () => {
  it('prints median [min-max] for each side and n/a for a zero baseline', () => {
    const table = formatTable([
      { name: 'idle-cpu', unit: '%', subject: { median: 1.2, min: 0.9, max: 2 }, baseline: { median: 0, min: 0, max: 0 }, ratio: null },
      { name: 'cold-start', unit: 'ms', subject: { median: 1210, min: 1150, max: 1250 }, baseline: { median: 650, min: 610, max: 760 }, ratio: 1210 / 650 },
    ]);
    const [header, idle, cold] = table.split('\n');
    expect(header).toMatch(/^benchmark\s+unit\s+thinshell median \[min-max\]\s+baseline median \[min-max\]\s+ratio$/);
    expect(idle).toMatch(/^idle-cpu\s+%\s+1\.20 \[0\.90-2\.00\]\s+0 \[0-0\]\s+n\/a$/);
    expect(cold).toMatch(/^cold-start\s+ms\s+1210 \[1150-1250\]\s+650 \[610-760\]\s+1\.86x$/);
  });
});
