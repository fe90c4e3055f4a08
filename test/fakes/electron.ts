/**
 * A hand-written stand-in for the parts of `electron` the host uses (vitest's unit project
 * aliases `electron` here; Electron's binary cannot run in tests). It records calls and lets a
 * test emit the events Electron would. Call `resetElectronFake()` before each test.
 */
import { EventEmitter } from 'node:events';

type Handler = (...args: never[]) => unknown;
type AnyFn = (...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Electron's `Event<Params>`: the params plus preventDefault. */
export function fakeEvent<P extends object>(params = {} as P): P & { defaultPrevented: boolean; preventDefault(): void } {
  return {
    ...params,
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

class FakeSession extends EventEmitter {
  permissionRequest?: AnyFn;
  permissionCheck?: AnyFn;
  devicePermission?: AnyFn;
  displayMedia?: AnyFn;
  beforeRequest?: { filter: { urls: string[] }; listener: AnyFn };
  readonly webRequest = {
    onBeforeRequest: (filter: { urls: string[] }, listener: AnyFn) => {
      this.beforeRequest = { filter, listener };
    },
  };
  setPermissionRequestHandler(h: AnyFn) { this.permissionRequest = h; }
  setPermissionCheckHandler(h: AnyFn) { this.permissionCheck = h; }
  setDevicePermissionHandler(h: AnyFn) { this.devicePermission = h; }
  setDisplayMediaRequestHandler(h: AnyFn) { this.displayMedia = h; }
}

export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  windowOpenHandler?: (details: { url: string }) => { action: 'allow' | 'deny' };
  reloads = 0;
  crashesForced = 0;
  devToolsOpen = false;
  destroyed = false;
  session: FakeSession = session.defaultSession;
  setWindowOpenHandler(h: FakeWebContents['windowOpenHandler']) { this.windowOpenHandler = h; }
  send(channel: string, ...args: unknown[]) { this.sent.push({ channel, args }); }
  reload() { this.reloads += 1; }
  forcefullyCrashRenderer() { this.crashesForced += 1; }
  isDestroyed() { return this.destroyed; }
  toggleDevTools() {
    if (this.devToolsOpen) this.closeDevTools();
    else this.openDevTools();
  }
  openDevTools() { this.devToolsOpen = true; this.emit('devtools-opened'); }
  closeDevTools() { this.devToolsOpen = false; }

  /** Emits a navigation-type event (will-navigate, will-frame-navigate, will-redirect); true if prevented. */
  navigate(kind: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', url: string): boolean {
    const event = fakeEvent({ url, isMainFrame: true });
    this.emit(kind, event, url);
    return event.defaultPrevented;
  }
  /** Emits before-input-event for a key; true if the page would not get it. */
  press(key: string, mods: { control?: boolean; alt?: boolean; shift?: boolean; meta?: boolean } = {}): boolean {
    const event = fakeEvent();
    const input = { type: 'keyDown', key, code: '', isAutoRepeat: false, isComposing: false, location: 0, modifiers: [],
      control: false, alt: false, shift: false, meta: false, ...mods };
    this.emit('before-input-event', event, input);
    return event.defaultPrevented;
  }
  crash(reason = 'crashed') { this.emit('render-process-gone', fakeEvent(), { reason, exitCode: 139 }); }
}

export class BrowserWindow extends EventEmitter {
  static readonly created: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly calls: string[] = [];
  visible = false;
  destroyed = false;
  loadedUrl?: string;
  constructor(readonly options: Record<string, unknown> & { webPreferences?: Record<string, unknown> }) {
    super();
    BrowserWindow.created.push(this);
    app.emit('web-contents-created', fakeEvent(), this.webContents);
  }
  setMenu(menu: null) { this.calls.push(`setMenu:${menu}`); }
  show() { this.visible = true; this.calls.push('show'); }
  hide() { this.visible = false; this.calls.push('hide'); }
  focus() { this.calls.push('focus'); }
  moveTop() { this.calls.push('moveTop'); }
  restore() { this.calls.push('restore'); }
  isMinimized() { return false; }
  isVisible() { return this.visible; }
  isDestroyed() { return this.destroyed; }
  async loadURL(url: string) { this.loadedUrl = url; }
  /** What the window manager's close does; true if the app refused it. */
  tryClose(): boolean {
    const event = fakeEvent();
    this.emit('close', event);
    return event.defaultPrevented;
  }
}

export const session = { defaultSession: new FakeSession() };

export const app = Object.assign(new EventEmitter(), {
  hasLock: true,
  quits: 0,
  relaunches: 0,
  exitCodes: [] as number[],
  requestSingleInstanceLock() { return this.hasLock; },
  quit() { this.quits += 1; },
  exit(code = 0) { this.exitCodes.push(code); },
  relaunch() { this.relaunches += 1; },
  whenReady: () => Promise.resolve(),
  getAppPath: () => process.cwd(),
  getVersion: () => '0.0.0-fake',
});

export const Menu = { appMenu: undefined as unknown, setApplicationMenu(menu: unknown) { this.appMenu = menu; } };

export const protocol = {
  privileged: [] as Array<{ scheme: string; privileges: Record<string, boolean> }>,
  handlers: new Map<string, (request: Request) => Promise<Response> | Response>(),
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges: Record<string, boolean> }>) { this.privileged.push(...schemes); },
  handle(scheme: string, handler: (request: Request) => Promise<Response> | Response) { this.handlers.set(scheme, handler); },
};

export const globalShortcut = {
  registered: new Map<string, () => void>(),
  /** Accelerators another program holds: register() returns false for them. */
  taken: new Set<string>(),
  register(accelerator: string, callback: () => void) {
    if (this.taken.has(accelerator) || this.registered.has(accelerator)) return false;
    this.registered.set(accelerator, callback);
    return true;
  },
  unregister(accelerator: string) { this.registered.delete(accelerator); },
  unregisterAll() { this.registered.clear(); },
  /** The user pressed it (anywhere on the display). */
  press(accelerator: string) { this.registered.get(accelerator)?.(); },
};

export const powerSaveBlocker = {
  active: new Map<number, string>(),
  nextId: 1,
  start(type: string) { const id = this.nextId++; this.active.set(id, type); return id; },
  stop(id: number) { this.active.delete(id); },
};

export const ipcMain = {
  handlers: new Map<string, Handler>(),
  handle(channel: string, h: Handler) {
    if (this.handlers.has(channel)) throw new Error(`a handler for ${channel} is already registered`);
    this.handlers.set(channel, h);
  },
  removeHandler(channel: string) { this.handlers.delete(channel); },
  /** What ipcRenderer.invoke from `sender`'s frame at `frameUrl` would get. */
  async invoke(channel: string, sender: FakeWebContents, frameUrl: string | null, args: unknown) {
    const handler = this.handlers.get(channel) as AnyFn | undefined;
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    const event = { sender, senderFrame: frameUrl === null ? null : { url: frameUrl }, frameId: 1, processId: 1, type: 'frame' };
    return handler(event, args);
  },
};

class FakeIpcRenderer extends EventEmitter {
  invoked: Array<{ channel: string; args: unknown[] }> = [];
  reply: (channel: string, ...args: unknown[]) => unknown = () => ({ ok: true, value: null });
  async invoke(channel: string, ...args: unknown[]) {
    this.invoked.push({ channel, args });
    return this.reply(channel, ...args);
  }
  /** Main sends on `channel`; listeners get an event object first, as in Electron. */
  deliver(channel: string, payload: unknown) { this.emit(channel, { sender: this, ports: [] }, payload); }
}
export const ipcRenderer = new FakeIpcRenderer();

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown) {
    if (this.exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property: ${key}`);
    this.exposed.set(key, api);
  },
};

export function resetElectronFake(): void {
  app.removeAllListeners();
  Object.assign(app, { hasLock: true, quits: 0, relaunches: 0, exitCodes: [] });
  BrowserWindow.created.length = 0;
  session.defaultSession = new FakeSession();
  Menu.appMenu = undefined;
  protocol.privileged = [];
  protocol.handlers.clear();
  globalShortcut.registered.clear();
  globalShortcut.taken.clear();
  powerSaveBlocker.active.clear();
  ipcMain.handlers.clear();
  ipcRenderer.removeAllListeners();
  ipcRenderer.invoked = [];
  ipcRenderer.reply = () => ({ ok: true, value: null });
  contextBridge.exposed.clear();
}
