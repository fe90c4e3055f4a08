import { access, constants } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The library's file name (native/build.sh, CMake target thinshell_rdp). */
export const LIBRARY_NAME = 'libthinshell_rdp.so';

/**
 * Where libthinshell_rdp.so may be, first match wins: $THINSHELL_RDP_LIBRARY (a path, never a
 * secret), the build tree next to the sources or the bundle (src-main/sessions/rdp/native/ and
 * dist/node/ both lead to the repo root), then the installed location.
 */
export function libraryCandidates(env: NodeJS.ProcessEnv = process.env, moduleUrl: string | null = import.meta.url): string[] {
  const out: string[] = [];
  if (env.THINSHELL_RDP_LIBRARY) out.push(env.THINSHELL_RDP_LIBRARY);
  if (moduleUrl) {
    const here = fileURLToPath(moduleUrl);
    const up = here.endsWith('.ts') ? '../../../../' : '../../';
    out.push(fileURLToPath(new URL(`${up}native/build/${LIBRARY_NAME}`, moduleUrl)));
  }
  out.push(`/usr/lib/thinshell/${LIBRARY_NAME}`);
  return out;
}

/** The first candidate that exists and is readable, or undefined. */
export async function findLibrary(candidates: readonly string[]): Promise<string | undefined> {
  for (const path of candidates) {
    try {
      await access(path, constants.R_OK);
      return path;
    } catch {
      /* not here */
    }
  }
  return undefined;
}
