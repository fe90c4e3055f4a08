import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BrowserWindow,
  Menu,
  app,
  fakeEvent,
  globalShortcut,
  ipcMain,
  powerSaveBlocker,
  protocol,
  resetElectronFake,
  session,
} from '../../../../fakes/electron.ts';
import { createFakeCore, type FakeCore } from '../../../../fakes/core.ts';
import { defaultPolicy } from '../../../../../src-main/policy/schema.ts';
import { runElectronHost } from '../../../../../src-main/hosts/electron/host.ts';
import { memoryLog } from './log.ts';

const options = { log: memoryLog(), rendererDir: '/opt/thinshell/renderer', preloadPath: '/opt/thinshell/preload.cjs' };
const desktop = { id: 'd1', name: 'Desk', protocol: 'rdp' as const };

describe('runElectronHost', () => {
  let core: FakeCore;
  beforeEach(() => {
    resetElectronFake();
    core = createFakeCore();
  });
  afterEach(() => vi.useRealTimers());

  const run = () => runElectronHost(async () => core, options);
  const kioskWindow = () => BrowserWindow.created[0]!;

  it('quits a second instance before building a core', async () => {
    app.hasLock = false;
    const createCore = vi.fn(async () => core);
    expect(await runElectronHost(createCore, options)).toBeUndefined();
    expect(app.quits).toBe(1);
    expect(createCore).not.toHaveBeenCalled();
    expect(BrowserWindow.created).toHaveLength(0);
  });

  it('exits 1 and opens no window when the core cannot be built', async () => {
    const host = await runElectronHost(() => Promise.reject(new Error('no policy')), options);
    expect(host).toBeUndefined();
    expect(app.exitCodes).toEqual([1]);
    expect(BrowserWindow.created).toHaveLength(0);
  });

  it('builds a locked-down kiosk around the core and starts it', async () => {
    const host = await run();
    expect(host?.core).toBe(core);
    expect(core.started).toBe(true);
    expect(Menu.appMenu).toBeNull();
    expect(protocol.privileged.map((s) => s.scheme)).toEqual(['app']);
    expect(protocol.handlers.has('app')).toBe(true);
    expect(kioskWindow().options.webPreferences?.preload).toBe('/opt/thinshell/preload.cjs');
    expect(kioskWindow().loadedUrl).toBe('app://shell/index.html');
    expect(session.defaultSession.permissionCheck?.(null, 'media', 'app://shell', {})).toBe(false);
    expect(powerSaveBlocker.active.size).toBe(1);
  });

  it('hardens the kiosk page: no window.open, no foreign navigation, no escape keys', async () => {
    await run();
    const contents = kioskWindow().webContents;
    expect(contents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(contents.navigate('will-navigate', 'https://example.com/')).toBe(true);
    expect(contents.press('F4', { alt: true })).toBe(true);
    expect(contents.press('a')).toBe(false);
  });

  it('serves the contract over IPC to the kiosk page and pushes views to it', async () => {
    await run();
    const contents = kioskWindow().webContents;
    expect(await ipcMain.invoke('thinshell:getView', contents, 'app://shell/index.html', {})).toEqual({ ok: true, value: core.view });
    const view = core.pushView({ screen: { kind: 'discovering' } });
    expect(contents.sent.at(-1)).toEqual({ channel: 'thinshell:view', args: [view] });
  });

  it('routes the session hotkey to the core and shows the shell over the session for its menu', async () => {
    await run();
    const window = kioskWindow();
    window.emit('ready-to-show');
    core.pushView({ screen: { kind: 'session', desktop, engine: 'xfreerdp', menu: false } });
    expect(window.visible).toBe(false);
    globalShortcut.press('Ctrl+Alt+Home');
    expect(core.hotkeys).toBe(1);
    core.pushView({ screen: { kind: 'session', desktop, engine: 'xfreerdp', menu: true } });
    expect(window.visible).toBe(true);
  });

  it('brings the shell forward when a second instance starts', async () => {
    await run();
    kioskWindow().calls.length = 0;
    app.emit('second-instance', fakeEvent(), ['thinshell'], '/');
    expect(kioskWindow().calls).toContain('focus');
  });

  it('reloads a crashed page and relaunches the app when it keeps crashing', async () => {
    vi.useFakeTimers();
    await runElectronHost(async () => core, { ...options, watchdog: { backoffMs: [0], windowMs: 60_000 } });
    const contents = kioskWindow().webContents;
    contents.crash();
    vi.advanceTimersByTime(0);
    expect(contents.reloads).toBe(1);
    contents.crash();
    expect(app.relaunches).toBe(1);
    expect(app.quits).toBe(1);
  });

  it('stops the core before the process exits, once', async () => {
    await run();
    app.emit('before-quit', fakeEvent());
    expect(kioskWindow().tryClose()).toBe(false);
    const willQuit = fakeEvent();
    app.emit('will-quit', willQuit);
    app.emit('will-quit', fakeEvent());
    expect(willQuit.defaultPrevented).toBe(true);
    expect(globalShortcut.registered.size).toBe(0);
    await vi.waitFor(() => expect(app.exitCodes).toEqual([0]));
    expect(core.stopped).toBe(true);
  });

  it('exits after a deadline when the core does not stop', async () => {
    vi.useFakeTimers();
    core.stop = () => new Promise<void>(() => undefined);
    await run();
    app.emit('will-quit', fakeEvent());
    await vi.advanceTimersByTimeAsync(4_999);
    expect(app.exitCodes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(app.exitCodes).toEqual([0]);
  });

  it('lets devtools open only when policy allows them', async () => {
    core.setPolicy({ ...defaultPolicy, kiosk: { ...defaultPolicy.kiosk, devtools: true } });
    await run();
    expect(kioskWindow().options.webPreferences?.devTools).toBe(true);
    const contents = kioskWindow().webContents;
    contents.press('F12');
    expect(contents.devToolsOpen).toBe(true);
    core.setPolicy(defaultPolicy);
    contents.openDevTools();
    expect(contents.devToolsOpen).toBe(false);
  });
});
