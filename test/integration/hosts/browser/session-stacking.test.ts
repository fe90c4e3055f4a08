import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../../../src-main/app/core-types.ts';
import { silentLogger } from '../../../../src-main/common/log.ts';
import { composeCore } from '../../../../src-main/compose.ts';
import { dispatchCall, type CallName, type Screen, type ShellView } from '../../../../src-main/contract/index.ts';
import { startDisplay, type Display } from '../../../../src-main/demo/display.ts';
import { startRdpServer, testPatternAt, type RdpServer } from '../../../../src-main/demo/servers.ts';
import { runBrowserHost, type BrowserHost } from '../../../../src-main/hosts/browser/run.ts';
import { colourDistance, screenshot } from '../../../support/screen.ts';
import { makeScratch, type Scratch } from './harness.ts';
import { activeClass, x } from './x-tools.ts';

// The whole way back from a session on the browser host, for real: the built renderer in Chromium
// (kiosk, managed policy), the real core signed in to a real RDP server through a direct broker,
// a full-screen xfreerdp session, the hotkey pressed with xdotool, and screenshots of the display.
const root = new URL('../../../..', import.meta.url).pathname;
const shots = join(root, 'test-results/screenshots');
const W = 1024;
const H = 768;
let display: Display;
let rdp: RdpServer;
let scratch: Scratch;
let host: BrowserHost;

beforeAll(async () => {
  if (!existsSync(join(root, 'dist/renderer/index.html'))) await promisify(execFile)('node', [join(root, 'scripts/build.mjs'), '--renderer-only']);
  [display, rdp, scratch] = await Promise.all([
    startDisplay({ windowManager: true, width: W, height: H }),
    startRdpServer({ user: 'demo', password: 'stack-pw-1', mode: 'nla', width: W, height: H, lifetimeSec: 180 }),
    makeScratch(),
  ]);
  const policy = {
    brokers: [{ type: 'direct', id: 'it', name: 'stacking test', hosts: [
      { id: 'rdp', name: 'RDP', protocol: 'rdp', host: rdp.host, port: rdp.port, rdp: { security: 'nla', certificate: 'pin', fingerprints: [rdp.fingerprint] } },
    ] }],
    session: { onEnd: 'signIn', connectTimeoutSec: 20 },
  };
  await writeFile(join(scratch.dir, 'policy.json'), JSON.stringify(policy));
  const layers = { imagePath: join(scratch.dir, 'policy.json'), managedPath: join(scratch.dir, 'm.json'), localPath: join(scratch.dir, 'l.json') };
  host = await runBrowserHost((env) => composeCore({ policy: layers, log: silentLogger, ...env }), {
    rendererDir: join(root, 'dist/renderer'),
    chromiumPath: scratch.chromium,
    policyPath: scratch.policyPath,
    display: display.name,
    handleSignals: false,
    log: silentLogger,
  });
  await mkdir(shots, { recursive: true });
});
afterAll(async () => {
  await host?.stop();
  await Promise.all([display?.stop(), rdp?.stop()]);
  await scratch?.cleanup();
});

async function call(core: Core, method: CallName, args: unknown = {}) {
  const reply = await dispatchCall(core.handlers, method, args);
  if (!reply.ok) throw new Error(`${method}: ${reply.error.code} ${reply.error.message}`);
}

/** The current view, or the first one after it that matches. */
async function viewWhere(core: Core, test: (s: Screen) => boolean, timeoutMs = 25_000): Promise<ShellView> {
  let off = () => {};
  const next = new Promise<ShellView>((resolve) => (off = core.onView((v) => test(v.screen) && resolve(v))));
  const now = await dispatchCall(core.handlers, 'getView', {});
  const current = now.ok ? (now.value as ShellView) : undefined;
  if (current && test(current.screen)) {
    off();
    return current;
  }
  const timer = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('view did not come')), timeoutMs));
  return Promise.race([next, timer]).finally(off);
}

const QUADRANTS = [[W / 4, H / 4], [(3 * W) / 4, H / 4], [W / 4, (3 * H) / 4], [(3 * W) / 4, (3 * H) / 4]] as const;
/** How many quadrant centres show the RDP server's test pattern. */
async function patternPoints(): Promise<number> {
  const shot = await screenshot(display.name);
  return QUADRANTS.filter(([px, py]) => colourDistance(shot.pixel(px, py), testPatternAt(px, py, W, H)) < 40).length;
}
/** A window brought forward repaints a moment later: look until it shows (bounded). */
const shows = (points: (n: number) => boolean) => vi.waitFor(async () => expect(points(await patternPoints())).toBe(true), { timeout: 5000, interval: 100 });
const save = (name: string) => x(display.name, 'import', ['-window', 'root', join(shots, `${name}.png`)]);

describe('back to the shell during a session (browser host, kiosk openbox)', () => {
  it('signs in and opens a full-screen RDP session in front of the shell', async () => {
    const { core } = host;
    await viewWhere(core, (s) => s.kind === 'signIn');
    await call(core, 'signIn', { username: 'demo', password: 'stack-pw-1' });
    const pick = await viewWhere(core, (s) => s.kind === 'pick');
    if (pick.screen.kind !== 'pick') throw new Error('unreachable');
    // The call's reply comes when the session ends (as for the page): do not wait for it here.
    const connecting = call(core, 'connect', { desktopId: pick.screen.desktops[0]!.id });
    connecting.catch(() => {});
    await viewWhere(core, (s) => s.kind === 'session' && !s.menu);
    await host.sessionWindows!.stacking.settled();
    await shows((n) => n === 4);
    expect(await activeClass(display.name)).toBe('thinshell-rdp');
    await save('hotkey-1-session');
  });

  it('the hotkey opens the session menu: the shell is in front and has the keyboard', async () => {
    await host.sessionWindows!.hotkey.ready();
    await x(display.name, 'xdotool', ['key', 'ctrl+alt+Home']);
    await viewWhere(host.core, (s) => s.kind === 'session' && s.menu, 5000);
    await host.sessionWindows!.stacking.settled();
    await shows((n) => n <= 1);
    expect(await activeClass(display.name)).toBe('Chromium');
    await save('hotkey-2-menu');
  });

  it('"Back to the desktop" (Enter on the focused button) puts the session in front again', async () => {
    // The keyboard is Chromium's now: Enter reaches the page, whose menu focuses that button.
    await x(display.name, 'xdotool', ['key', 'Return']);
    await viewWhere(host.core, (s) => s.kind === 'session' && !s.menu, 5000);
    await host.sessionWindows!.stacking.settled();
    await shows((n) => n === 4);
    expect(await activeClass(display.name)).toBe('thinshell-rdp');
    await save('hotkey-3-back');
  });

  it('the hotkey toggles: open and close again from inside the session', async () => {
    for (const menu of [true, false]) {
      await new Promise((r) => setTimeout(r, 900)); // longer than a key held down
      await x(display.name, 'xdotool', ['key', 'ctrl+alt+Home']);
      await viewWhere(host.core, (s) => s.kind === 'session' && s.menu === menu, 5000);
      await host.sessionWindows!.stacking.settled();
      await shows((n) => (menu ? n <= 1 : n === 4));
    }
    await call(host.core, 'sessionMenu', { action: 'disconnect' });
    await viewWhere(host.core, (s) => s.kind !== 'session');
  });
});
