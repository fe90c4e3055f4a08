import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A folder for one test's session HOMEs, so the test can look inside while the session runs
 * and check that nothing is left afterwards.
 */
export async function sessionRoot(): Promise<{ path: string; homes(): Promise<string[]>; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'thinshell-test-sessions-'));
  return {
    path,
    homes: async () => (await readdir(path)).map((name) => join(path, name)),
    remove: () => rm(path, { recursive: true, force: true }),
  };
}

/** Processes whose HOME lies under root: the clients of our sessions (they get a private HOME there). */
export async function clientsUnder(root: string): Promise<number[]> {
  const pids: number[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const env = await readFile(`/proc/${pid}/environ`, 'latin1');
      if (env.split('\0').some((kv) => kv.startsWith(`HOME=${root}/`))) pids.push(Number(pid));
    } catch {
      /* gone or not ours */
    }
  }
  return pids;
}
