import { beforeEach, describe, expect, it } from 'vitest';
import { BrowserWindow as FakeWindow, resetElectronFake } from '../../../../fakes/electron.ts';
import { SHELL_BACKGROUND, createKioskWindow } from '../../../../../src-main/hosts/electron/kiosk-window.ts';

describe('createKioskWindow', () => {
  let quitting: boolean;
  let window: FakeWindow;
  beforeEach(() => {
    resetElectronFake();
    quitting = false;
    createKioskWindow({ preload: '/app/dist/main/preload.cjs', devtools: false, isQuitting: () => quitting });
    window = FakeWindow.created[0]!;
  });

  it('is a frameless, full-screen kiosk window without a menu, painted in the shell colour', () => {
    expect(window.options).toMatchObject({
      kiosk: true,
      fullscreen: true,
      frame: false,
      autoHideMenuBar: true,
      show: false,
      backgroundColor: SHELL_BACKGROUND,
    });
    expect(SHELL_BACKGROUND).toMatch(/^#[0-9a-f]{6}$/i);
    expect(window.calls).toContain('setMenu:null');
  });

  it('isolates the renderer: context isolation, sandbox, no Node, no webview, our preload', () => {
    expect(window.options.webPreferences).toMatchObject({
      preload: '/app/dist/main/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      devTools: false,
    });
  });

  it('enables devtools only when asked', () => {
    createKioskWindow({ preload: 'p', devtools: true, isQuitting: () => false });
    expect(FakeWindow.created[1]?.options.webPreferences?.devTools).toBe(true);
  });

  it('shows itself only once ready to show', () => {
    expect(window.visible).toBe(false);
    window.emit('ready-to-show');
    expect(window.visible).toBe(true);
    expect(window.calls).toContain('focus');
  });

  it('refuses to close (window manager Alt+F4) until the app quits', () => {
    expect(window.tryClose()).toBe(true);
    quitting = true;
    expect(window.tryClose()).toBe(false);
  });
});
