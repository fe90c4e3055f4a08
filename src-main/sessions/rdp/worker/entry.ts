import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkerEntry } from './transport.ts';

/** The worker's bundle name: scripts/build.mjs writes it next to the other Node bundles. */
export const WORKER_BUNDLE = 'rdp-worker.mjs';

/**
 * Where the worker script is. From source (tsx, vitest) it is worker/main.ts run through tsx's
 * loader, found by absolute path (a bare "tsx" would be resolved from the working directory,
 * which is the session's private HOME). From a bundle (dist/node/*.mjs) it is the sibling
 * rdp-worker.mjs. `moduleUrl` is this module's URL (null: none known).
 */
export function defaultWorkerEntry(moduleUrl: string | null = import.meta.url): WorkerEntry | undefined {
  if (!moduleUrl) return undefined;
  const here = fileURLToPath(moduleUrl);
  if (here.endsWith('.ts')) {
    const root = join(dirname(here), '../../../..');
    const loader = join(root, 'node_modules/tsx/dist/loader.mjs');
    if (!existsSync(loader)) return undefined;
    return { path: join(dirname(here), 'main.ts'), execArgv: ['--import', loader] };
  }
  for (const candidate of [join(dirname(here), WORKER_BUNDLE), join(dirname(here), '../node', WORKER_BUNDLE)]) {
    if (existsSync(candidate)) return { path: candidate, execArgv: [] };
  }
  return undefined;
}
