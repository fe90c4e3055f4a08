import type { Benchmark } from '../harness.ts';
import type { BenchEnv } from '../lib/setup.ts';

export interface BenchOptions {
  runs: number;
  quick: boolean;
}

export type BenchmarkFactory = (env: BenchEnv, options: BenchOptions) => Benchmark;
