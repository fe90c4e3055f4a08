import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Command, Io } from './command.ts';
import { printJson } from './command.ts';
import { commands as allCommands } from './commands.ts';
import { CliError, ExitCode } from './exit-codes.ts';
import { commandHelp, globalHelp, groupHelp } from './help.ts';

/** package.json is two levels up from both src-main/cli/ and the bundle's dist/node/. */
export function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

const common = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

/** Runs one `thinshell` invocation and returns its exit code; never throws. */
export async function runCli(argv: readonly string[], io: Io, commands: readonly Command[] = allCommands): Promise<number> {
  const json = argv.includes('--json');
  try {
    return await dispatch(argv, io, commands, json);
  } catch (err) {
    const known = err instanceof CliError;
    const code = known ? err.exitCode : ExitCode.internal;
    const message = known ? err.message : `internal error: ${err instanceof Error ? err.message : String(err)}`;
    io.stderr(`thinshell: ${message}\n`);
    if (code === ExitCode.usage) io.stderr("Run 'thinshell --help' for usage.\n");
    if (!known && io.env.THINSHELL_DEBUG === '1' && err instanceof Error) io.stderr(`${err.stack ?? ''}\n`);
    if (json) printJson(io, { ok: false, exitCode: code, error: message });
    return code;
  }
}

async function dispatch(argv: readonly string[], io: Io, commands: readonly Command[], json: boolean): Promise<number> {
  const words: string[] = [];
  for (const arg of argv) {
    if (arg.startsWith('-')) break;
    words.push(arg);
  }
  const command = [...commands]
    .sort((a, b) => b.name.length - a.name.length)
    .find((c) => c.name.every((w, i) => words[i] === w));

  if (!command) {
    const flags = argv.slice(words.length);
    const group = words[0] !== undefined && commands.some((c) => c.name[0] === words[0]) ? words[0] : undefined;
    const only = (...allowed: string[]) => flags.every((f) => allowed.includes(f));
    if (words.length === 0 && flags.includes('--version') && only('--version', '--json')) return print(io, json, { version: version() }, `${version()}\n`);
    if (words.length === 0 && only('--help', '-h', '--json')) {
      return print(io, json, tableJson(commands), globalHelp(commands, version()));
    }
    if (group && words.length === 1 && flags.some((f) => f === '--help' || f === '-h')) {
      return print(io, json, tableJson(commands.filter((c) => c.name[0] === group)), groupHelp(group, commands));
    }
    if (group && words.length === 1) {
      const subs = commands.filter((c) => c.name[0] === group).map((c) => c.name.slice(1).join(' '));
      throw new CliError(ExitCode.usage, `${group}: missing command, one of: ${subs.join(', ')}`);
    }
    if (words.length === 0) throw new CliError(ExitCode.usage, `unknown option ${flags[0] ?? ''}`.trim());
    throw new CliError(ExitCode.usage, `unknown command "${words.join(' ')}"`);
  }

  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv.slice(command.name.length), options: { ...common, ...command.options }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliError(ExitCode.usage, `${command.name.join(' ')}: ${(err as Error).message}`);
  }
  if (parsed.values.help) return print(io, json, tableJson([command]), commandHelp(command));
  const { min, max } = command.positionals ?? { min: 0, max: 0 };
  const count = parsed.positionals.length;
  if (count < min || count > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    throw new CliError(ExitCode.usage, command.positionalsError ?? `${command.name.join(' ')}: expected ${expected} argument(s), got ${count}`);
  }
  return command.run({ values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals, json, io });
}

function print(io: Io, json: boolean, value: unknown, text: string): number {
  if (json) printJson(io, value);
  else io.stdout(text);
  return ExitCode.ok;
}

function tableJson(commands: readonly Command[]) {
  return {
    version: version(),
    commands: commands.map((c) => ({ name: c.name.join(' '), usage: c.usage, summary: c.summary, options: Object.keys(c.options ?? {}) })),
  };
}
