import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../../src-main/common/log.ts';
import { Secret } from '../../../../src-main/common/secret.ts';
import { startDisplay, type Display } from '../../../../src-main/demo/display.ts';
import { startRdpServer, startSpiceServer, type LoopbackServer, type RdpServer } from '../../../../src-main/demo/servers.ts';
import { spiceToVv } from '../../../../src-main/formats/vv.ts';
import { spawnChromium } from '../../../../src-main/hosts/browser/chromium-process.ts';
import { startSessionHotkey, type SessionHotkey } from '../../../../src-main/hosts/browser/hotkey.ts';
import { SESSION_WINDOW_CLASSES, xdotoolControl } from '../../../../src-main/hosts/browser/stacking.ts';
import { defaultPolicy } from '../../../../src-main/policy/schema.ts';
import { xfreerdpArgs } from '../../../../src-main/sessions/rdp/xfreerdp-args.ts';
import { XfreerdpEngine } from '../../../../src-main/sessions/rdp/xfreerdp-engine.ts';
import { RemoteViewerEngine } from '../../../../src-main/sessions/spice/remote-viewer-engine.ts';
import type { RdpConnection, SessionHandle } from '../../../../src-main/sessions/types.ts';
import { createFakeCore, type FakeCore } from '../../../fakes/core.ts';
import { sessionRoot } from '../../../support/session-env.ts';
import { activeClass, x } from './x-tools.ts';

// The real grab (xbindkeys) on a real Xvfb + kiosk openbox, pressed with xdotool (XTEST goes
// through the server's grab logic like a keyboard does) while each kind of window has the focus.
const USER = 'demo';
const PASSWORD = 'hotkey-pw-1';
let display: Display;
let rdp: RdpServer;
let spice: LoopbackServer;
let root: Awaited<ReturnType<typeof sessionRoot>>;
let core: FakeCore;
let hotkey: SessionHotkey;

beforeAll(async () => {
  [display, rdp, spice, root] = await Promise.all([
    startDisplay({ windowManager: true, width: 1024, height: 768 }),
    startRdpServer({ user: USER, password: PASSWORD, mode: 'nla', lifetimeSec: 180 }),
    startSpiceServer({ lifetimeSec: 180 }),
    sessionRoot(),
  ]);
  core = createFakeCore();
  hotkey = await startSessionHotkey({ core, display: display.name, log: silentLogger });
  expect(await hotkey.ready()).toBe(true);
});
afterAll(async () => {
  await hotkey?.stop();
  await Promise.all([display?.stop(), rdp?.stop(), spice?.stop()]);
  await root?.remove();
});

const press = (keys: string) => x(display.name, 'xdotool', ['key', keys]);
/** The window manager gives a new window the focus a moment after it maps. */
const focusedOn = (cls: string) => vi.waitFor(async () => expect(await activeClass(display.name)).toBe(cls), { timeout: 10_000, interval: 100 });
/** Presses the hotkey and tells whether it reached the core (the repeat window is 0.8 s). */
async function pressReaches(keys = 'ctrl+alt+Home'): Promise<boolean> {
  await new Promise((r) => setTimeout(r, 900));
  const before = core.hotkeys;
  await press(keys);
  try {
    await vi.waitFor(() => expect(core.hotkeys).toBe(before + 1), { timeout: 1500, interval: 50 });
    return true;
  } catch {
    return false;
  }
}

const rdpSpec = (): RdpConnection => ({
  protocol: 'rdp', host: '127.0.0.1', port: rdp.port, username: USER, password: new Secret(PASSWORD),
  security: 'nla', certificate: { mode: 'ignore', fingerprints: [] }, multimon: false, title: 'hotkey test',
});

async function session(handle: SessionHandle, cls: string, check: () => Promise<void>) {
  try {
    await new Promise<void>((resolve, reject) => {
      handle.onState((s) => (s.kind === 'loggedOn' ? resolve() : s.kind === 'failed' || s.kind === 'ended' ? reject(new Error(JSON.stringify(s))) : undefined));
    });
    await focusedOn(cls);
    // What stacking.ts looks for to bring the session forward finds this window.
    expect(await xdotoolControl(display.name).windowsOfClass(SESSION_WINDOW_CLASSES)).toHaveLength(1);
    await check();
  } finally {
    await handle.disconnect();
  }
}

/** A client started by hand, with its own default keyboard grab, to show what the engines avoid. */
async function withClient(command: string, args: string[], stdin: string, env: Record<string, string>, cls: string, check: () => Promise<void>) {
  const child: ChildProcess = spawn(command, args, { env: { PATH: process.env.PATH!, DISPLAY: display.name, HOME: root.path, ...env }, stdio: ['pipe', 'ignore', 'ignore'] });
  child.stdin!.end(stdin);
  try {
    await focusedOn(cls);
    await new Promise((r) => setTimeout(r, 1500)); // connected and drawing, grab taken
    await check();
  } finally {
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
}

describe('the session hotkey (xbindkeys) on a kiosk display', () => {
  it('(a) reaches the core while Chromium\'s kiosk window has the focus', async () => {
    const chromium = await spawnChromium({ url: 'data:text/html,<title>shell</title><p>shell', display: display.name });
    try {
      await focusedOn('Chromium');
      expect(await xdotoolControl(display.name).windowsOfPid(chromium.pid)).toHaveLength(1);
      expect(await pressReaches()).toBe(true);
    } finally {
      await chromium.kill();
    }
  });

  it('(b) reaches the core while a full-screen xfreerdp session has the focus', async () => {
    const engine = new XfreerdpEngine({ tmpRoot: root.path });
    await session(engine.start(rdpSpec(), { connectTimeoutSec: 20, display: display.name }), 'thinshell-rdp', async () => {
      expect(await pressReaches()).toBe(true);
    });
  });

  it('(b) why -grab-keyboard: xfreerdp\'s own keyboard grab swallows it', async () => {
    const args = xfreerdpArgs(rdpSpec()).filter((a) => a !== '-grab-keyboard');
    await withClient('xfreerdp', args, `${PASSWORD}\n`, {}, 'thinshell-rdp', async () => {
      expect(await pressReaches()).toBe(false);
    });
  });

  it('(c) reaches the core while a full-screen remote-viewer session has the focus', async () => {
    const engine = new RemoteViewerEngine({ tmpRoot: root.path });
    const spec = { protocol: 'spice' as const, host: '127.0.0.1', port: spice.port, title: 'hotkey test' };
    await session(engine.start(spec, { connectTimeoutSec: 20, display: display.name }), 'Remote-viewer', async () => {
      expect(await pressReaches()).toBe(true);
    });
  });

  it('(c) why SPICE_NOGRAB: remote-viewer\'s own keyboard grab swallows it', async () => {
    const vv = spiceToVv({ protocol: 'spice', host: '127.0.0.1', port: spice.port, title: 'grabbing viewer' });
    await withClient('remote-viewer', ['--kiosk', '-'], vv, { GSETTINGS_BACKEND: 'memory', NO_AT_BRIDGE: '1' }, 'Remote-viewer', async () => {
      expect(await pressReaches()).toBe(false);
    });
  });

  it('follows policy: the new hotkey is grabbed and the old one let go', async () => {
    core.setPolicy({ ...defaultPolicy, session: { ...defaultPolicy.session, hotkey: 'Ctrl+Alt+End' } });
    await vi.waitFor(() => expect(hotkey.active).toBe('Ctrl+Alt+End'));
    expect(await hotkey.ready()).toBe(true);
    expect(await pressReaches('ctrl+alt+End')).toBe(true);
    expect(await pressReaches('ctrl+alt+Home')).toBe(false);
  });
});
