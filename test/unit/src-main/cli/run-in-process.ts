import { PassThrough } from 'node:stream';
import type { Io } from '../../../../src-main/cli/command.ts';
import { runCli } from '../../../../src-main/cli/run.ts';

/**
 * `thinshell ARGS` run in this process, with its output captured (the process boundary itself is
 * tested in main.test.ts and bin.test.ts through cli-process.ts). Stdin is empty unless given.
 */
export async function runInProcess(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { code: 0, stdout: '', stderr: '' };
  const input = new PassThrough();
  input.end(stdin);
  const io: Io = { stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t), stdin: input, env: {} };
  out.code = await runCli(args, io);
  return out;
}
