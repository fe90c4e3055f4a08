import { chmod, copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_CHROMIUM_PATH } from '../../src-main/hosts/browser/chromium-args.ts';

export interface NamespacedChromium {
  /** Use as chromiumPath: the system Chromium, seeing `etcDir` as its /etc/chromium. */
  chromiumPath: string;
  /** Inside the namespace this is /etc/chromium/policies/managed/thinshell.json. */
  policyPath: string;
}

/**
 * Both sides run the same Chromium under the same managed policy mechanism, and neither touches
 * the machine's /etc: a private mount namespace binds a scratch directory over /etc/chromium.
 * unshare, sh and Chromium exec one another, so the pid we spawn is Chromium's own.
 */
export async function namespacedChromium(dir: string): Promise<NamespacedChromium> {
  const etc = join(dir, 'etc-chromium');
  await mkdir(join(etc, 'policies', 'managed'), { recursive: true });
  // Debian's first-run preferences, as the real /etc/chromium has them.
  await copyFile('/etc/chromium/master_preferences', join(etc, 'master_preferences')).catch(() => {});
  const chromiumPath = join(dir, 'chromium-in-namespace');
  await writeFile(
    chromiumPath,
    `#!/bin/sh\nexec unshare --mount --propagation private sh -c 'mount --bind "$0" /etc/chromium && exec ${DEFAULT_CHROMIUM_PATH} "$@"' '${etc}' "$@"\n`,
  );
  await chmod(chromiumPath, 0o755);
  return { chromiumPath, policyPath: join(etc, 'policies', 'managed', 'thinshell.json') };
}
