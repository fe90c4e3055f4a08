import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Where a string shows up in any process's command line or environment (/proc/PID/cmdline and
 * /proc/PID/environ of every process we may read). Runs as root in CI, so that is all of them.
 */
export async function findInProcesses(needle: string): Promise<string[]> {
  const hits: string[] = [];
  const bytes = Buffer.from(needle);
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    for (const file of ['cmdline', 'environ']) {
      try {
        const data = await readFile(join('/proc', pid, file));
        if (data.includes(bytes)) hits.push(`/proc/${pid}/${file}`);
      } catch {
        /* the process ended meanwhile, or is not ours to read */
      }
    }
  }
  return hits;
}

/** Every regular file under dir (recursively) whose content holds the needle. */
export async function findInFiles(dir: string, needle: string): Promise<string[]> {
  const hits: string[] = [];
  const bytes = Buffer.from(needle);
  let entries: string[];
  try {
    entries = await readdir(dir, { recursive: true });
  } catch {
    return hits;
  }
  for (const entry of entries) {
    const path = join(dir, entry);
    try {
      if (!(await stat(path)).isFile()) continue;
      if ((await readFile(path)).includes(bytes)) hits.push(path);
    } catch {
      /* removed meanwhile */
    }
  }
  return hits;
}
