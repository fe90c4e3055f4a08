import { execFile } from 'node:child_process';
import type { Core } from '../../app/core-types.ts';
import type { Logger } from '../../common/log.ts';
import type { ShellView } from '../../contract/index.ts';

/**
 * Which window is in front: during a session the remote desktop's full-screen window; on any
 * other screen, and while the session menu (the hotkey) is open, Chromium's kiosk window. The
 * browser host cannot hide Chromium the way the Electron host hides its window, so it asks the
 * window manager (openbox, through xdotool and _NET_ACTIVE_WINDOW) to raise and focus the right
 * one. It acts on view changes only, so it never fights the window manager or the user.
 */

/** WM_CLASS of the session windows: xfreerdp gets /wm-class:thinshell-rdp, remote-viewer is itself. */
export const SESSION_WINDOW_CLASSES: readonly string[] = ['thinshell-rdp', 'remote-viewer'];

export function shellWanted(view: ShellView): boolean {
  return !(view.screen.kind === 'session' && !view.screen.menu);
}

/** The few X window operations stacking needs. */
export interface WindowControl {
  /** Visible windows of this process (Chromium's kiosk window), bottom to top. */
  windowsOfPid(pid: number): Promise<string[]>;
  /** Visible windows whose WM_CLASS class is one of these, bottom to top. */
  windowsOfClass(classes: readonly string[]): Promise<string[]>;
  /** Raise the window and give it the keyboard. */
  activate(id: string): Promise<void>;
}

/** WindowControl through xdotool on one display. */
export function xdotoolControl(display: string, parent: NodeJS.ProcessEnv = process.env): WindowControl {
  const env: Record<string, string> = { PATH: parent.PATH ?? '/usr/bin:/bin', DISPLAY: display };
  if (parent.XAUTHORITY) env.XAUTHORITY = parent.XAUTHORITY;
  const xdotool = (args: string[]) =>
    new Promise<string>((resolve, reject) => {
      execFile('xdotool', args, { env, timeout: 5000 }, (err, stdout, stderr) => {
        if (err) reject(new Error(`xdotool ${args[0]}: ${String(stderr).trim() || err.message}`));
        else resolve(String(stdout));
      });
    });
  // `search` exits 1 when nothing matches: that is an empty list, not an error.
  const search = (args: string[]) => xdotool(['search', '--onlyvisible', ...args]).then(ids, () => []);
  return {
    windowsOfPid: (pid) => search(['--pid', String(pid)]),
    windowsOfClass: (classes) => search(['--class', `^(${classes.map(escapeRegex).join('|')})$`]),
    async activate(id) {
      try {
        // Through the window manager: it raises, focuses and records the active window.
        await xdotool(['windowactivate', '--sync', id]);
      } catch {
        // No EWMH window manager (a bare X server): raise and focus by hand.
        await xdotool(['windowraise', id, 'windowfocus', id]);
      }
    },
  };
}

const ids = (out: string) => out.split('\n').filter((line) => /^\d+$/.test(line));
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface StackingOptions {
  core: Pick<Core, 'onView'>;
  windows: WindowControl;
  /** The browser's pid now (it changes when Chromium is relaunched). */
  chromiumPid: () => number | undefined;
  sessionClasses?: readonly string[];
  log: Logger;
}

export interface Stacking {
  /** Put in front again whatever should be there (e.g. a relaunched Chromium came up on top). */
  refresh(): void;
  /** Resolves once every change asked for so far has been carried out. */
  settled(): Promise<void>;
  stop(): void;
}

export function followStacking(options: StackingOptions): Stacking {
  const { windows, log } = options;
  const classes = options.sessionClasses ?? SESSION_WINDOW_CLASSES;
  // The shell starts in front: Chromium is the only window until a session opens.
  let shell = true;
  let pending = false;
  let running: Promise<void> | undefined;
  let stopped = false;

  const bringForward = async (wantShell: boolean) => {
    const found = wantShell
      ? await windowsOf(options.chromiumPid())
      : await windows.windowsOfClass(classes);
    const top = found.at(-1);
    if (!top) {
      // A session window not mapped yet needs nothing: the window manager focuses new windows.
      log.info(wantShell ? 'no browser window to bring forward' : 'no session window to bring forward');
      return;
    }
    await windows.activate(top);
  };
  const windowsOf = async (pid: number | undefined) => (pid === undefined ? [] : windows.windowsOfPid(pid));

  // One change at a time; changes that come meanwhile collapse into the latest wish.
  const run = async () => {
    while (pending && !stopped) {
      pending = false;
      await bringForward(shell).catch((err: unknown) => log.warn('stacking failed', { error: String(err) }));
    }
    running = undefined;
  };
  const kick = () => {
    pending = true;
    running ??= run();
  };

  const off = options.core.onView((view) => {
    const next = shellWanted(view);
    if (next === shell) return;
    shell = next;
    kick();
  });
  return {
    refresh: kick,
    settled: async () => {
      while (running) await running;
    },
    stop() {
      stopped = true;
      off();
    },
  };
}
