import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
export const mainTs = fileURLToPath(new URL('../../../../src-main/cli/main.ts', import.meta.url));

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  pid: number | undefined;
}

/** Runs `thinshell` as a real process (node --import tsx src-main/cli/main.ts), bounded in time. */
export function thinshell(
  args: string[],
  options: { stdin?: string; env?: Record<string, string>; command?: string[] } = {},
): Promise<Ran> {
  const [exe, ...pre] = options.command ?? [process.execPath, '--import', 'tsx', mainTs];
  const proc = spawn(exe as string, [...pre, ...args], {
    cwd: repoRoot,
    env: { ...process.env, THINSHELL_DEBUG: '', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  proc.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  proc.stdin.end(options.stdin ?? '');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (proc.kill(), reject(new Error(`thinshell ${args.join(' ')}: timed out`))), 15_000);
    proc.on('close', (code) => (clearTimeout(timer), resolve({ code, stdout, stderr, pid: proc.pid })));
  });
}
