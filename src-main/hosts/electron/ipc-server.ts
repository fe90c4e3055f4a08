import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { Core } from '../../app/core-types.ts';
import {
  CHANNEL_PREFIX,
  callNames,
  dispatchCall,
  type EventName,
  type Reply,
  type ShellView,
} from '../../contract/index.ts';
import { isAppUrl } from './app-origin.ts';

/** Only the kiosk window's page, and only a frame on our own origin, may call into main. */
export function isTrustedSender(event: IpcMainInvokeEvent, kiosk: WebContents | undefined): boolean {
  if (!kiosk || kiosk.isDestroyed() || event.sender !== kiosk) return false;
  return isAppUrl(event.senderFrame?.url);
}

/**
 * The IPC server, derived from the contract: one handler per call name, each checking the
 * sender and then handing the raw argument to `dispatchCall`, which validates it.
 * Returns the function that removes the handlers.
 */
export function serveIpc(core: Pick<Core, 'handlers'>, kiosk: () => WebContents | undefined): () => void {
  for (const name of callNames) {
    ipcMain.handle(CHANNEL_PREFIX + name, (event, args: unknown): Promise<Reply> | Reply => {
      if (!isTrustedSender(event, kiosk())) {
        return { ok: false, error: { code: 'forbidden-sender', message: `${name}: not from the kiosk page` } };
      }
      return dispatchCall(core.handlers, name, args);
    });
  }
  return () => {
    for (const name of callNames) ipcMain.removeHandler(CHANNEL_PREFIX + name);
  };
}

const VIEW_CHANNEL = CHANNEL_PREFIX + ('view' satisfies EventName);

/** Pushes every view the core produces to the kiosk page. Returns the unsubscribe function. */
export function forwardViews(
  core: Pick<Core, 'onView'>,
  kiosk: () => WebContents | undefined,
  alsoTo?: (view: ShellView) => void,
): () => void {
  return core.onView((view) => {
    const contents = kiosk();
    if (contents && !contents.isDestroyed()) contents.send(VIEW_CHANNEL, view);
    alsoTo?.(view);
  });
}
