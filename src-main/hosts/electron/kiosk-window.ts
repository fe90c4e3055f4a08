import { BrowserWindow } from 'electron';

/**
 * The renderer's page background. The window paints it before the first frame, so a boot or a
 * crash reload never flashes white. Keep in step with the renderer's stylesheet.
 */
export const SHELL_BACKGROUND = '#101418';

export interface KioskWindowOptions {
  /** The bundled preload script (a sandboxed preload cannot require other files). */
  preload: string;
  /** Policy `kiosk.devtools` at start-up. Devtools cannot be enabled later without a restart. */
  devtools: boolean;
  /** True once the app is quitting: until then nothing, not even the window manager, closes the window. */
  isQuitting: () => boolean;
}

export function createKioskWindow(options: KioskWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    show: false,
    kiosk: true,
    fullscreen: true,
    frame: false,
    autoHideMenuBar: true,
    backgroundColor: SHELL_BACKGROUND,
    resizable: false,
    movable: false,
    minimizable: false,
    maximizable: false,
    skipTaskbar: true,
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: options.devtools,
    },
  });
  window.setMenu(null);
  window.once('ready-to-show', () => {
    window.show();
    window.focus();
  });
  // Alt+F4 handled by the window manager never reaches before-input-event: refuse it here.
  window.on('close', (event) => {
    if (!options.isQuitting()) event.preventDefault();
  });
  return window;
}
