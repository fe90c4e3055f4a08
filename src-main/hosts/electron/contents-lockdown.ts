import type { WebContents } from 'electron';
import { isAppUrl } from './app-origin.ts';
import type { Logger } from '../../common/log.ts';

/**
 * Hardening applied to every webContents the app ever creates (the kiosk page, devtools, and
 * anything we did not foresee): no new windows, no navigation or redirect off our origin, no
 * <webview>, and devtools closed again unless policy allows them.
 */
export function lockDownContents(contents: WebContents, devtoolsAllowed: () => boolean, log: Logger): void {
  contents.setWindowOpenHandler(({ url }) => {
    log.warn('window.open refused', { url });
    return { action: 'deny' };
  });
  const stayOnOrigin = (kind: string) => (event: { url: string; preventDefault(): void }) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    log.warn(`${kind} refused`, { url: event.url });
  };
  contents.on('will-navigate', stayOnOrigin('navigation'));
  // Covers sub-frames too, which will-navigate does not see.
  contents.on('will-frame-navigate', stayOnOrigin('frame navigation'));
  contents.on('will-redirect', stayOnOrigin('redirect'));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('devtools-opened', () => {
    if (!devtoolsAllowed()) contents.closeDevTools();
  });
}
