import path from 'node:path';
import { app, globalShortcut, Menu, session, type BrowserWindow } from 'electron';
import type { Core } from '../../app/core-types.ts';
import { createLogger, type Logger } from '../../common/log.ts';
import { APP_URL } from './app-origin.ts';
import { registerAppScheme, serveRenderer } from './app-protocol.ts';
import { lockDownContents } from './contents-lockdown.ts';
import { captureEscapeKeys } from './escape-keys.ts';
import { forwardViews, serveIpc } from './ipc-server.ts';
import { createKioskWindow } from './kiosk-window.ts';
import { superviseRenderer } from './renderer-watchdog.ts';
import { bindSessionHotkey } from './session-hotkey.ts';
import { lockDownSession } from './session-lockdown.ts';
import { shellPresence } from './shell-presence.ts';
import { claimSingleInstance } from './single-instance.ts';
import { followSleepPolicy } from './sleep-blocker.ts';

/** What the host knows that the core needs. */
export interface ElectronHostEnv {
  /** The packaged app's version (package.json). */
  version: string;
}

export interface ElectronHostOptions {
  log?: Logger;
  /** The renderer build; default dist/renderer inside the app. */
  rendererDir?: string;
  /** The bundled preload; default dist/main/preload.cjs inside the app. */
  preloadPath?: string;
  /** Renderer crash handling (tests shorten it). */
  watchdog?: { backoffMs?: readonly number[]; windowMs?: number; unresponsiveMs?: number };
}

export interface ElectronHost {
  readonly core: Core;
  readonly window: BrowserWindow;
}

/**
 * Runs the shell under Electron: a flat list of setup steps around one core. Resolves to
 * undefined in a second instance (which quits) or when the core could not be built (the app
 * exits 1, and the kiosk session's supervisor starts it again).
 */
export async function runElectronHost(
  createCore: (env: ElectronHostEnv) => Promise<Core>,
  options: ElectronHostOptions = {},
): Promise<ElectronHost | undefined> {
  const log = (options.log ?? createLogger()).child('kiosk');
  // Until the window exists there is nothing to bring forward.
  let refocus = () => {};
  let quitting = false;

  if (!claimSingleInstance(() => refocus())) return undefined;
  registerAppScheme();
  Menu.setApplicationMenu(null);
  app.on('before-quit', () => {
    quitting = true;
  });
  await app.whenReady();

  let core: Core;
  try {
    core = await createCore({ version: app.getVersion() });
  } catch (err) {
    log.error('the core could not be built', { error: errorText(err) });
    app.exit(1);
    return undefined;
  }
  const devtoolsAllowed = () => core.policy().kiosk.devtools;
  const isQuitting = () => quitting;

  lockDownSession(session.defaultSession);
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, devtoolsAllowed, log));
  serveRenderer(options.rendererDir ?? path.join(app.getAppPath(), 'dist', 'renderer'));
  const preload = options.preloadPath ?? path.join(app.getAppPath(), 'dist', 'main', 'preload.cjs');
  const window = createKioskWindow({ preload, devtools: devtoolsAllowed(), isQuitting });
  const kiosk = () => (window.isDestroyed() ? undefined : window.webContents);
  const presence = shellPresence(window);
  refocus = presence.refocus;
  captureEscapeKeys(window.webContents, devtoolsAllowed);
  serveIpc(core, kiosk);
  forwardViews(core, kiosk, presence.follow);
  bindSessionHotkey(core, log);
  followSleepPolicy(core);
  superviseRenderer(window, { ...options.watchdog, relaunch: () => relaunch(log), isQuitting, log });
  stopCoreOnQuit(core, log);

  window.loadURL(APP_URL).catch((err: unknown) => log.error('the page did not load', { error: errorText(err) }));
  await core.start();
  return { core, window };
}

function relaunch(log: Logger): void {
  log.error('relaunching');
  app.relaunch();
  app.quit();
}

/** A core that does not stop within this is abandoned: a kiosk that cannot quit is worse. */
const STOP_DEADLINE_MS = 5_000;

/** Ends any session and signs out before the process goes: nothing of the last user is left. */
function stopCoreOnQuit(core: Core, log: Logger): void {
  let stopping = false;
  app.on('will-quit', (event) => {
    event.preventDefault();
    if (stopping) return;
    stopping = true;
    globalShortcut.unregisterAll();
    let deadline: ReturnType<typeof setTimeout> | undefined;
    const overdue = new Promise<void>((resolve) => {
      deadline = setTimeout(() => {
        log.error('the core did not stop in time; exiting anyway', { deadlineMs: STOP_DEADLINE_MS });
        resolve();
      }, STOP_DEADLINE_MS);
    });
    const stopped = core.stop().catch((err: unknown) => log.error('the core did not stop cleanly', { error: errorText(err) }));
    void Promise.race([stopped, overdue]).then(() => {
      clearTimeout(deadline);
      app.exit(0);
    });
  });
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
