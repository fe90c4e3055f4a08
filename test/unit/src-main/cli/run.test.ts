import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Command, Io } from '../../../../src-main/cli/command.ts';
import { ExitCode } from '../../../../src-main/cli/exit-codes.ts';
import { runCli } from '../../../../src-main/cli/run.ts';

function io(env: Record<string, string> = {}) {
  const out = { stdout: '', stderr: '' };
  const value: Io = { stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t), stdin: new PassThrough(), env };
  return { io: value, out };
}

const seen: unknown[] = [];
const table: Command[] = [
  {
    name: ['demo', 'echo'],
    summary: 'echo',
    usage: 'WORD [--loud]',
    options: { loud: { type: 'boolean' } },
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      seen.push({ values: ctx.values, positionals: ctx.positionals, json: ctx.json });
      return ExitCode.ok;
    },
  },
  { name: ['demo', 'crash'], summary: 'crash', usage: '', async run() { throw new Error('kaputt'); } },
];

describe('runCli with a command table', () => {
  it('dispatches by the leading words and parses the rest strictly', async () => {
    const { io: i } = io();
    expect(await runCli(['demo', 'echo', 'hi', '--loud', '--json'], i, table)).toBe(0);
    expect(seen.at(-1)).toEqual({ values: { loud: true, json: true }, positionals: ['hi'], json: true });
  });

  it('derives the help of a new command from its entry', async () => {
    const { io: i, out } = io();
    expect(await runCli(['demo', 'echo', '--help'], i, table)).toBe(0);
    expect(out.stdout).toContain('Usage: thinshell demo echo WORD [--loud] [--json]');
    expect(out.stdout).toContain('  --loud');
    const group = io();
    expect(await runCli(['demo', '--help'], group.io, table)).toBe(0);
    expect(group.out.stdout).toContain('thinshell demo crash');
  });

  it('turns an unexpected error into exit 70 without a stack, unless THINSHELL_DEBUG=1', async () => {
    const quiet = io();
    expect(await runCli(['demo', 'crash'], quiet.io, table)).toBe(ExitCode.internal);
    expect(quiet.out.stderr).toBe('thinshell: internal error: kaputt\n');
    const loud = io({ THINSHELL_DEBUG: '1' });
    expect(await runCli(['demo', 'crash'], loud.io, table)).toBe(ExitCode.internal);
    expect(loud.out.stderr).toMatch(/internal error: kaputt\nError: kaputt\n\s+at /);
  });

  it('prints one JSON document for a usage error under --json', async () => {
    const { io: i, out } = io();
    expect(await runCli(['demo', 'echo', '--json'], i, table)).toBe(ExitCode.usage);
    expect(JSON.parse(out.stdout)).toMatchObject({ ok: false, exitCode: 2 });
  });
});
