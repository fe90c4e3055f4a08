import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Core } from '../../app/core-types.ts';
import type { Logger } from '../../common/log.ts';
import { startChild, type ChildExit, type SupervisedChild } from '../../sessions/child.ts';
import { DEFAULT_HOTKEY, HOTKEY_EVENT_LINE, parseHotkey, xbindkeysRc, type XHotkey } from './hotkey-keys.ts';

/**
 * The session hotkey of the browser host: a passive X key grab held by `xbindkeys`, whose one
 * binding echoes a line into a pipe to us. Each press is one line, so nothing polls and no signal
 * is involved. The grab reaches us whatever window has the focus, as long as no client holds an
 * active keyboard grab: the session engines run xfreerdp with -grab-keyboard and remote-viewer with
 * SPICE_NOGRAB for that reason (see resources/linux/README.md).
 */
export interface SessionHotkeyOptions {
  core: Pick<Core, 'hotkey' | 'policy' | 'onPolicy'>;
  display: string;
  log: Logger;
  /** The grabber's argv before `-f FILE`. Line-buffered (stdbuf) so its "ready" line arrives at once. */
  command?: readonly string[];
  /** Presses closer together than this are one key held down (X autorepeat repeats the binding). */
  repeatWindowMs?: number;
  /** Delay before restarting a grabber that died; it doubles while it keeps dying. */
  restartDelayMs?: number;
  maxRestartDelayMs?: number;
  env?: NodeJS.ProcessEnv;
}

export interface SessionHotkey {
  /** The hotkey grabbed (or being grabbed) now, e.g. "Ctrl+Alt+Home". */
  readonly active: string | undefined;
  /** True once the current grabber has its grab in place; false if it died first. */
  ready(): Promise<boolean>;
  stop(): Promise<void>;
}

export const XBINDKEYS_COMMAND = ['stdbuf', '-oL', 'xbindkeys', '--nodaemon', '--verbose'] as const;
/** xbindkeys -v prints this once its grabs are made and it waits for events. */
const READY_LINE = 'starting loop...';
/** xbindkeys' warning when another client already grabs the key (it keeps running without it). */
const CONFLICT = /there is a conflict/i;
/** A shell's "command not found": the grabber is not installed, restarting will not help. */
const NOT_FOUND_CODE = 127;
/** A grabber that ran this long was healthy: the next failure starts the backoff afresh. */
const HEALTHY_MS = 60_000;

export async function startSessionHotkey(options: SessionHotkeyOptions): Promise<SessionHotkey> {
  const { core, log } = options;
  const command = options.command ?? XBINDKEYS_COMMAND;
  const repeatWindow = options.repeatWindowMs ?? 800;
  const initialDelay = options.restartDelayMs ?? 500;
  const maxDelay = options.maxRestartDelayMs ?? 30_000;
  const parent = options.env ?? process.env;
  // A private HOME: xbindkeys also looks for ~/.xbindkeysrc.scm, and must find only our file.
  const dir = await mkdtemp(join(tmpdir(), 'thinshell-hotkey-'));
  await mkdir(join(dir, 'home'), { mode: 0o700 });
  const rcPath = join(dir, 'xbindkeysrc');
  const env: Record<string, string> = { PATH: parent.PATH ?? '/usr/bin:/bin', HOME: join(dir, 'home'), LANG: 'C', DISPLAY: options.display };
  if (parent.XAUTHORITY) env.XAUTHORITY = parent.XAUTHORITY;

  let stopped = false;
  let child: SupervisedChild | undefined;
  let active: XHotkey | undefined;
  let fellBack = false;
  let delay = initialDelay;
  let restartTimer: NodeJS.Timeout | undefined;
  let lastPress = -Infinity;
  let readiness: { promise: Promise<boolean>; settle: (ok: boolean) => void } = deferred();
  let queue: Promise<void> = Promise.resolve();

  const wanted = (): XHotkey => {
    const text = core.policy().session.hotkey;
    try {
      return fellBack ? parseHotkey(DEFAULT_HOTKEY) : parseHotkey(text);
    } catch (err) {
      log.error('session hotkey unusable', { error: (err as Error).message, using: DEFAULT_HOTKEY });
      return parseHotkey(DEFAULT_HOTKEY);
    }
  };

  const onLine = (line: string, stream: 'stdout' | 'stderr', hotkey: XHotkey) => {
    if (stream === 'stdout' && line === HOTKEY_EVENT_LINE) {
      const now = performance.now();
      const held = now - lastPress < repeatWindow;
      lastPress = now;
      if (!held) core.hotkey();
    } else if (stream === 'stdout' && line === READY_LINE) {
      log.info('session hotkey grabbed', { hotkey: hotkey.text });
      readiness.settle(true);
    } else if (stream === 'stderr' && CONFLICT.test(line)) {
      log.error('session hotkey taken by another program', { hotkey: hotkey.text });
      if (hotkey.text !== DEFAULT_HOTKEY && !fellBack) {
        fellBack = true;
        schedule(true);
      }
    }
  };

  const onExit = (proc: SupervisedChild, exit: ChildExit, startedAt: number) => {
    if (stopped || child !== proc) return;
    child = undefined;
    readiness.settle(false);
    if (exit.spawnError || exit.code === NOT_FOUND_CODE) {
      log.error('session hotkey unavailable: xbindkeys cannot run', { error: exit.spawnError?.message ?? `exit ${exit.code}` });
      return;
    }
    if (performance.now() - startedAt >= HEALTHY_MS) delay = initialDelay;
    log.warn('session hotkey grabber exited; restarting', { code: exit.code, signal: exit.signal, inMs: delay });
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      schedule(true);
    }, delay);
    delay = Math.min(maxDelay, delay * 2);
  };

  /** (Re)starts the grabber when the wanted hotkey differs from the active one (or when forced). */
  const apply = async (force: boolean) => {
    if (restartTimer) clearTimeout(restartTimer);
    restartTimer = undefined;
    const next = wanted();
    if (stopped || (!force && child && active?.text === next.text)) return;
    await child?.kill();
    child = undefined;
    if (stopped) return;
    active = next;
    readiness.settle(false);
    readiness = deferred();
    await writeFile(rcPath, xbindkeysRc(next), { mode: 0o600 });
    const startedAt = performance.now();
    const proc = startChild({
      command: command[0]!,
      args: [...command.slice(1), '-f', rcPath],
      env,
      cwd: dir,
      killGraceMs: 1000,
      onLine: (line, stream) => onLine(line, stream, next),
    });
    child = proc;
    void proc.done.then((exit) => onExit(proc, exit, startedAt));
  };

  const schedule = (force: boolean) => {
    queue = queue.then(() => apply(force)).catch((err: unknown) => log.error('session hotkey: restart failed', { error: String(err) }));
  };

  const offPolicy = core.onPolicy(() => {
    fellBack = false;
    schedule(false);
  });
  schedule(true);
  await queue;

  return {
    get active() {
      return active?.text;
    },
    ready: () => readiness.promise,
    async stop() {
      stopped = true;
      offPolicy();
      if (restartTimer) clearTimeout(restartTimer);
      await queue;
      await child?.kill();
      readiness.settle(false);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function deferred(): { promise: Promise<boolean>; settle: (ok: boolean) => void } {
  let settle!: (ok: boolean) => void;
  const promise = new Promise<boolean>((resolve) => (settle = resolve));
  return { promise, settle };
}
