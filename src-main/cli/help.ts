import type { Command } from './command.ts';
import { exitCodeWords } from './exit-codes.ts';

const commonOptions = '  --json     one JSON document on stdout\n  --help     this help';

export function globalHelp(commands: readonly Command[], version: string): string {
  const width = Math.max(...commands.map((c) => c.name.join(' ').length));
  const rows = commands.map((c) => `  thinshell ${c.name.join(' ').padEnd(width)}  ${c.summary}`);
  return [
    `thinshell ${version}: admin command of the thinshell kiosk shell`,
    '',
    'Usage: thinshell COMMAND [options]',
    '',
    'Commands:',
    ...rows,
    '',
    'Options of every command:',
    commonOptions,
    '  --version  print the version (alone)',
    '',
    exitCodesHelp(),
    '',
    "Run 'thinshell COMMAND --help' for a command's options.",
    '',
  ].join('\n');
}

export function commandHelp(c: Command): string {
  const options = Object.entries(c.options ?? {}).map(([name, o]) => `  --${name}${o.type === 'string' ? ' VALUE' : ''}`);
  return [
    `Usage: thinshell ${c.name.join(' ')}${c.usage ? ` ${c.usage}` : ''} [--json]`,
    '',
    c.summary,
    ...(c.details ? ['', c.details] : []),
    '',
    'Options:',
    ...options,
    commonOptions,
    '',
    exitCodesHelp(),
    '',
  ].join('\n');
}

/** Commands under a group word, for `thinshell policy` alone. */
export function groupHelp(group: string, commands: readonly Command[]): string {
  const rows = commands.filter((c) => c.name[0] === group).map((c) => `  thinshell ${c.name.join(' ')}  ${c.summary}`);
  return [`Commands of "${group}":`, ...rows, ''].join('\n');
}

function exitCodesHelp(): string {
  return ['Exit codes:', ...exitCodeWords.map(([code, words]) => `  ${String(code).padStart(3)}  ${words}`)].join('\n');
}
