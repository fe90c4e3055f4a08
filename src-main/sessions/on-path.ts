import { access, constants } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';

/** The full path of an executable found on PATH (or given absolute), or undefined. */
export async function onPath(command: string, path: string | undefined): Promise<string | undefined> {
  const candidates = isAbsolute(command) ? [command] : (path ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, command));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* not here */
    }
  }
  return undefined;
}
