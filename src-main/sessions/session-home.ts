import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A private, empty HOME for one session's client, wiped when the session ends: xfreerdp keeps
 * known hosts and licences there, remote-viewer its settings, recent files and caches. The next
 * user must find nothing of the last one.
 */
export interface SessionHome {
  readonly path: string;
  wipe(): Promise<void>;
}

export async function createSessionHome(root: string = tmpdir(), prefix = 'thinshell-session-'): Promise<SessionHome> {
  const path = await mkdtemp(join(root, prefix));
  // mkdtemp creates 0700 already; the sub-folders are what the XDG variables point at.
  // In parallel: each is a trip through libuv's thread pool, and this is on the connect path.
  await Promise.all(['.config', '.cache', '.local/share', '.local/state'].map((sub) => mkdir(join(path, sub), { recursive: true, mode: 0o700 })));
  return {
    path,
    wipe: () => rm(path, { recursive: true, force: true, maxRetries: 2 }),
  };
}

/** PATH for a client when we have none ourselves. */
export const DEFAULT_PATH = '/usr/local/bin:/usr/bin:/bin';

/** Variables passed through from our environment: paths and settings, never credentials. */
const PASS_THROUGH = ['PATH', 'LANG', 'XAUTHORITY', 'XDG_RUNTIME_DIR', 'PULSE_SERVER', 'SSL_CERT_FILE', 'SSL_CERT_DIR'];

/**
 * The whole environment of a session client: a short allow-list, never the parent's env
 * wholesale (it may hold tokens), never a password.
 */
export function childEnv(
  parent: NodeJS.ProcessEnv,
  home: string,
  display: string | undefined,
  extra: Record<string, string> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of PASS_THROUGH) {
    const value = parent[key];
    if (value) env[key] = value;
  }
  env.PATH ??= DEFAULT_PATH;
  env.LANG ??= 'C.UTF-8';
  const dpy = display ?? parent.DISPLAY;
  if (dpy) env.DISPLAY = dpy;
  env.HOME = home;
  env.XDG_CONFIG_HOME = join(home, '.config');
  env.XDG_CACHE_HOME = join(home, '.cache');
  env.XDG_DATA_HOME = join(home, '.local/share');
  env.XDG_STATE_HOME = join(home, '.local/state');
  // We parse the clients' messages: keep them in English whatever the terminal's language.
  env.LC_MESSAGES = 'C';
  return { ...env, ...extra };
}
