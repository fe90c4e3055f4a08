import { describe, expect, it } from 'vitest';
import type { Screen } from '../../../../../src-main/contract/index.ts';
import { followStacking, SESSION_WINDOW_CLASSES, shellWanted, type WindowControl } from '../../../../../src-main/hosts/browser/stacking.ts';
import { createFakeCore, sampleView } from '../../../../fakes/core.ts';
import { memoryLog } from '../electron/log.ts';

// The real xdotool control is exercised on a real display in test/integration/hosts/browser/;
// here a recording stand-in checks which window is asked to the front, and when.
const desktop = { id: 'd1', name: 'Desk', protocol: 'rdp' as const };
const session = (menu: boolean): Screen => ({ kind: 'session', desktop, engine: 'xfreerdp', menu });

function recorder(windows: { chromium?: string[]; session?: string[]; failActivate?: boolean } = {}) {
  const calls: string[] = [];
  const control: WindowControl = {
    async windowsOfPid(pid) {
      calls.push(`pid ${pid}`);
      return windows.chromium ?? ['100'];
    },
    async windowsOfClass(classes) {
      calls.push(`class ${classes.join(',')}`);
      return windows.session ?? ['200', '201'];
    },
    async activate(id) {
      calls.push(`activate ${id}`);
      if (windows.failActivate) throw new Error('BadWindow');
    },
  };
  return { control, calls, activated: () => calls.filter((c) => c.startsWith('activate')) };
}

describe('shellWanted', () => {
  it('wants the shell in front everywhere but in a session without its menu', () => {
    expect(shellWanted(sampleView({ screen: session(false) }))).toBe(false);
    expect(shellWanted(sampleView({ screen: session(true) }))).toBe(true);
    for (const kind of ['booting', 'poweringOff'] as const) expect(shellWanted(sampleView({ screen: { kind } }))).toBe(true);
  });
});

describe('followStacking', () => {
  it('session -> its window in front; menu -> Chromium; menu closed -> the session again', async () => {
    const core = createFakeCore();
    const rec = recorder();
    const stacking = followStacking({ core, windows: rec.control, chromiumPid: () => 4242, log: memoryLog() });
    core.pushView({ screen: session(false) });
    await stacking.settled();
    expect(rec.calls).toEqual([`class ${SESSION_WINDOW_CLASSES.join(',')}`, 'activate 201']);
    core.pushView({ screen: session(true) });
    await stacking.settled();
    expect(rec.calls.slice(2)).toEqual(['pid 4242', 'activate 100']);
    core.pushView({ screen: session(false) });
    await stacking.settled();
    expect(rec.activated()).toEqual(['activate 201', 'activate 100', 'activate 201']);
  });

  it('acts on changes only: the shell starts in front, repeated views do nothing', async () => {
    const core = createFakeCore();
    const rec = recorder();
    const stacking = followStacking({ core, windows: rec.control, chromiumPid: () => 1, log: memoryLog() });
    core.pushView({ screen: { kind: 'booting' } });
    core.pushView({ screen: session(true) });
    await stacking.settled();
    expect(rec.calls).toEqual([]);
    core.pushView({ screen: session(false) });
    core.pushView({ screen: session(false) });
    await stacking.settled();
    expect(rec.activated()).toEqual(['activate 201']);
  });

  it('changes that come while one is carried out collapse into the latest wish', async () => {
    const core = createFakeCore();
    const rec = recorder();
    const stacking = followStacking({ core, windows: rec.control, chromiumPid: () => 7, log: memoryLog() });
    core.pushView({ screen: session(false) });
    core.pushView({ screen: session(true) });
    core.pushView({ screen: session(false) });
    core.pushView({ screen: { kind: 'ended', desktop, reason: 'logged-off', next: 'signIn' } });
    await stacking.settled();
    expect(rec.activated().at(-1)).toBe('activate 100');
    expect(rec.activated().length).toBeLessThanOrEqual(2);
  });

  it('no window found, no browser pid, a failing activation: logged, never thrown', async () => {
    const core = createFakeCore();
    const log = memoryLog();
    const rec = recorder({ session: [], failActivate: true });
    const browser: { pid?: number } = {};
    const stacking = followStacking({ core, windows: rec.control, chromiumPid: () => browser.pid, log });
    core.pushView({ screen: session(false) });
    await stacking.settled();
    core.pushView({ screen: session(true) });
    await stacking.settled();
    expect(rec.activated()).toEqual([]);
    browser.pid = 9;
    stacking.refresh();
    await stacking.settled();
    expect(rec.activated()).toEqual(['activate 100']);
    expect(log.lines.join('\n')).toMatch(/no session window[\s\S]*no browser window[\s\S]*stacking failed.*BadWindow/);
  });

  it('refresh() puts back what should be in front; stop() ends following', async () => {
    const core = createFakeCore();
    const rec = recorder();
    const stacking = followStacking({ core, windows: rec.control, chromiumPid: () => 3, log: memoryLog() });
    core.pushView({ screen: session(false) });
    await stacking.settled();
    stacking.refresh();
    await stacking.settled();
    expect(rec.activated()).toEqual(['activate 201', 'activate 201']);
    stacking.stop();
    expect(core.viewListeners).toBe(0);
    core.pushView({ screen: session(true) });
    await stacking.settled();
    expect(rec.activated()).toHaveLength(2);
  });
});
