export const USAGE = `usage: npm run bench -- [--quick] [--runs N] [name...]
  --quick    2 runs of each side, 10 s idle window (default: 5 runs, 60 s)
  --runs N   runs of each side (overrides --quick's 2)
  name       benchmarks to run (default: all): NAMES`;

export interface BenchArgs {
  help: boolean;
  quick: boolean;
  runs: number;
  names: string[];
}

/** Command line -> what to run. Bad input is an Error with a plain message. */
export function parseBenchArgs(argv: readonly string[], known: readonly string[]): BenchArgs {
  let quick = false;
  let runs: number | undefined;
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { help: true, quick, runs: 0, names };
    if (arg === '--quick') quick = true;
    else if (arg === '--runs') {
      const v = argv[++i];
      if (v === undefined || !/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 1000) throw new Error(`--runs needs a whole number from 1 to 1000, got ${JSON.stringify(v)}`);
      runs = Number(v);
    } else if (arg.startsWith('-')) throw new Error(`unknown option ${JSON.stringify(arg)}`);
    else if (!known.includes(arg)) throw new Error(`unknown benchmark ${JSON.stringify(arg)}; known: ${known.join(', ')}`);
    else if (!names.includes(arg)) names.push(arg);
  }
  return { help: false, quick, runs: runs ?? (quick ? 2 : 5), names: names.length > 0 ? names : [...known] };
}
