import type { Core } from '../../app/core-types.ts';
import type { Logger } from '../../common/log.ts';
import type { ChromiumSupervisor } from './chromium.ts';
import { startSessionHotkey, type SessionHotkey } from './hotkey.ts';
import type { BrowserServer } from './server.ts';
import { followStacking, xdotoolControl, type Stacking } from './stacking.ts';

export interface SessionWindows {
  readonly hotkey: SessionHotkey;
  readonly stacking: Stacking;
  stop(): Promise<void>;
}

/**
 * The way back from a session to the shell on an X display: the session hotkey's grab, and the
 * stacking of Chromium and the session window that follows the shell's view.
 */
export async function startSessionWindows(options: {
  core: Core;
  display: string;
  chromium: ChromiumSupervisor;
  server: BrowserServer;
  log: Logger;
}): Promise<SessionWindows> {
  const { core, display, chromium, server, log } = options;
  const hotkey = await startSessionHotkey({ core, display, log: log.child('hotkey') });
  const stacking = followStacking({
    core,
    windows: xdotoolControl(display),
    chromiumPid: () => chromium.current?.pid,
    log: log.child('stacking'),
  });
  // A relaunched browser maps on top of everything; once its page is back, restore the order.
  const offConnect = server.onConnect(() => stacking.refresh());
  return {
    hotkey,
    stacking,
    async stop() {
      offConnect();
      stacking.stop();
      await hotkey.stop();
    },
  };
}
