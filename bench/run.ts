/**
 * Runs the benchmarks, each side by side with its baseline, and prints ratios.
 * `npm run bench -- [--quick] [--runs N] [name...]`; results go to bench/results/*.json.
 * Needs root (a mount namespace per Chromium), Xvfb, openbox, chromium and a built dist/.
 */
import { join } from 'node:path';
import { benchmarks } from './benchmarks/index.ts';
import { resultTable, runBenchmark, writeResult, type BenchmarkResult } from './harness.ts';
import { parseBenchArgs, USAGE } from './lib/args.ts';
import { installGuards, ourProcesses, setFingerprint, sweep } from './lib/lifecycle.ts';
import { setupBench, type BenchEnv } from './lib/setup.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  const known = Object.keys(benchmarks);
  let args;
  try {
    args = parseBenchArgs(process.argv.slice(2), known);
  } catch (err) {
    log(`${(err as Error).message}\n${USAGE.replace('NAMES', known.join(', '))}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE.replace('NAMES', known.join(', '))}\n`);
    return 0;
  }
  let env: BenchEnv | undefined;
  const guards = installGuards(async () => env?.teardown(), log);
  const results: BenchmarkResult[] = [];
  const notes: string[] = [];
  let failed = 0;
  try {
    env = await setupBench();
    log(`bench: ${args.names.join(', ')}; ${args.runs} run(s) per side; display ${env.display.name}; scratch ${env.scratch}`);
    for (const name of args.names) {
      const bench = benchmarks[name]!(env, { runs: args.runs, quick: args.quick });
      try {
        const result = await runBenchmark(bench, { progress: log, meta: env.meta });
        results.push(result);
        notes.push(...(bench.notes?.(result) ?? []));
        log(`wrote ${await writeResult(result, join(env.root, 'bench', 'results'))}`);
      } catch (err) {
        failed += 1;
        log(`${name} FAILED: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      }
    }
  } finally {
    await env?.teardown();
    const leaked = ourProcesses();
    if (leaked.length > 0) {
      log(`leftover processes (killed now): ${leaked.map((p) => `${p.pid} ${p.comm}`).join(', ')}`);
      sweep();
      failed += 1;
    }
    setFingerprint(undefined);
    guards.dispose();
  }
  if (results.length > 0) {
    process.stdout.write(`\n${resultTable(results)}\n${notes.map((n) => `${n}\n`).join('')}`);
  }
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`bench failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    sweep({ includeHelpers: true });
    process.exit(1);
  },
);
