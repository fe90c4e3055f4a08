import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../../../../bench/lib/args.ts';

const known = ['cold-start', 'pss-at-sign-in', 'idle-cpu'];

describe('parseBenchArgs', () => {
  it('runs everything 5 times by default, 2 with --quick', () => {
    expect(parseBenchArgs([], known)).toEqual({ help: false, quick: false, runs: 5, names: known });
    expect(parseBenchArgs(['--quick'], known)).toEqual({ help: false, quick: true, runs: 2, names: known });
  });

  it('takes names (once each, in the order given) and --runs over --quick', () => {
    expect(parseBenchArgs(['idle-cpu', '--quick', '--runs', '3', 'cold-start', 'idle-cpu'], known)).toEqual({
      help: false,
      quick: true,
      runs: 3,
      names: ['idle-cpu', 'cold-start'],
    });
  });

  it('rejects unknown names and options and bad run counts with a plain message', () => {
    expect(() => parseBenchArgs(['cold'], known)).toThrow(/unknown benchmark "cold"; known: cold-start, pss-at-sign-in, idle-cpu/);
    expect(() => parseBenchArgs(['--fast'], known)).toThrow(/unknown option "--fast"/);
    expect(() => parseBenchArgs(['--runs'], known)).toThrow(/--runs needs a whole number/);
    expect(() => parseBenchArgs(['--runs', '0'], known)).toThrow(/--runs needs/);
    expect(() => parseBenchArgs(['--runs', '2.5'], known)).toThrow(/--runs needs/);
  });

  it('--help wins', () => {
    expect(parseBenchArgs(['--runs', '3', '--help'], known).help).toBe(true);
  });
});
