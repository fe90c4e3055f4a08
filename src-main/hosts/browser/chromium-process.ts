import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromiumArgs, chromiumEnv, DEFAULT_CHROMIUM_PATH, redactToken } from './chromium-args.ts';

export interface ChromiumProcessOptions {
  url: string;
  chromiumPath?: string;
  display?: string;
  headless?: boolean;
  remoteDebuggingPort?: number;
  lang?: string;
  xauthority?: string;
  /** Defaults to "are we root": Chromium's sandbox refuses to run as root. */
  isRoot?: boolean;
}

export interface ChromiumExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines Chromium printed (token redacted), for the log of a crash. */
  tail: string[];
}

export interface ChromiumProcess {
  readonly pid: number;
  /** When spawn() returned, in epoch ms (to measure spawn -> first paint). */
  readonly spawnedAt: number;
  /** Resolves once the browser is gone and its private profile deleted. */
  readonly exited: Promise<ChromiumExit>;
  /** The CDP browser endpoint, when remote debugging was asked for. */
  readonly devtoolsUrl: Promise<string> | undefined;
  /** SIGTERM to the whole process group, SIGKILL after a grace period. */
  kill(graceMs?: number): Promise<ChromiumExit>;
}

const TAIL_LINES = 20;

/** Starts one Chromium in a fresh private profile; the profile is deleted when it exits. */
export async function spawnChromium(options: ChromiumProcessOptions): Promise<ChromiumProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'thinshell-chromium-'));
  const home = join(dir, 'home');
  await mkdir(home, { mode: 0o700 });
  await writeGtkSettings(home);
  const isRoot = options.isRoot ?? process.getuid?.() === 0;
  const args = chromiumArgs({ ...options, userDataDir: join(dir, 'profile'), isRoot });
  const env = chromiumEnv({ ...options, home });
  // Its own process group, so that stop() reaches the zygote and renderers too.
  const child = spawn(options.chromiumPath ?? DEFAULT_CHROMIUM_PATH, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    await once(child, 'spawn');
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`cannot start Chromium (${options.chromiumPath ?? DEFAULT_CHROMIUM_PATH}): ${(err as Error).message}`);
  }
  const spawnedAt = Date.now();
  const pid = child.pid!;

  const tail: string[] = [];
  let onDevtools: ((url: string) => void) | undefined;
  const devtoolsUrl =
    options.remoteDebuggingPort === undefined ? undefined : new Promise<string>((resolve) => (onDevtools = resolve));
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (raw) => {
      const line = redactToken(raw);
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(line);
      if (m && onDevtools) onDevtools(m[1]!);
    });
  }

  const exited = (async (): Promise<ChromiumExit> => {
    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    // Renderers may outlive the browser process for a moment: end the group before cleaning up.
    signalGroup(pid, 'SIGKILL');
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    return { code, signal, tail: [...tail] };
  })();

  return {
    pid,
    spawnedAt,
    exited,
    devtoolsUrl,
    async kill(graceMs = 3000) {
      if (child.exitCode === null && child.signalCode === null) signalGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/**
 * Chromium on Linux draws the text caret through GTK 3, whose caret blinks forever: on the
 * sign-in screen (the username field has focus) that alone woke the renderer and GPU compositors
 * 14 times a second, 1.2 % of a core at idle (bench/idle-cpu). A steady caret costs nothing.
 */
export async function writeGtkSettings(home: string): Promise<void> {
  const dir = join(home, '.config', 'gtk-3.0');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(join(dir, 'settings.ini'), '[Settings]\ngtk-cursor-blink = false\n');
}
