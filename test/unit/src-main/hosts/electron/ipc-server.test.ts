import type { WebContents } from 'electron';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeWebContents, ipcMain, resetElectronFake } from '../../../../fakes/electron.ts';
import { createFakeCore, type FakeCore } from '../../../../fakes/core.ts';
import { CHANNEL_PREFIX, callNames } from '../../../../../src-main/contract/index.ts';
import { forwardViews, serveIpc } from '../../../../../src-main/hosts/electron/ipc-server.ts';

const PAGE = 'app://shell/index.html';

describe('serveIpc', () => {
  let core: FakeCore;
  let kiosk: FakeWebContents;
  const call = (method: string, args: unknown, sender: FakeWebContents = kiosk, frameUrl: string | null = PAGE) =>
    ipcMain.invoke(`thinshell:${method}`, sender, frameUrl, args);

  beforeEach(() => {
    resetElectronFake();
    core = createFakeCore();
    kiosk = new FakeWebContents();
    serveIpc(core, () => kiosk as unknown as WebContents);
  });

  it('registers one prefixed channel per call in the contract, and nothing else', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(callNames.map((n) => CHANNEL_PREFIX + n).sort());
    expect(ipcMain.handlers.has('thinshell:signIn')).toBe(true);
  });

  it('runs a call from the kiosk page through the contract', async () => {
    const reply = await call('connect', { desktopId: 'd1' });
    expect(reply).toEqual({ ok: true, value: null });
    expect(core.calls).toEqual([{ method: 'connect', args: { desktopId: 'd1' } }]);
    const view = await call('getView', {});
    expect(view).toEqual({ ok: true, value: core.view });
  });

  it('answers invalid-argument for a bad argument without reaching the core', async () => {
    const reply = await call('signIn', { username: 42, password: 'x' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect((await call('connect', { desktopId: 'd1', extra: true })).ok).toBe(false);
    expect(core.calls).toEqual([]);
  });

  it.each([
    ['another webContents', () => new FakeWebContents(), PAGE],
    ['a frame on another origin', () => kiosk, 'https://evil.example/'],
    ['a file:// frame', () => kiosk, 'file:///tmp/x.html'],
    ['a frame that is gone', () => kiosk, null],
  ])('refuses %s with forbidden-sender', async (_name, sender, frameUrl) => {
    const reply = await call('signOut', {}, sender(), frameUrl);
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(core.calls).toEqual([]);
  });

  it('refuses everything once the kiosk page is destroyed', async () => {
    kiosk.destroyed = true;
    expect(await call('getView', {})).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
  });

  it('removes its handlers when disposed', () => {
    resetElectronFake();
    const dispose = serveIpc(core, () => kiosk as unknown as WebContents);
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
  });
});

describe('forwardViews', () => {
  beforeEach(() => resetElectronFake());

  it('sends every view to the kiosk page on the prefixed view channel', () => {
    const core = createFakeCore();
    const kiosk = new FakeWebContents();
    const seen: number[] = [];
    forwardViews(core, () => kiosk as unknown as WebContents, (v) => seen.push(v.rev));
    const first = core.pushView({ screen: { kind: 'discovering' } });
    const second = core.pushView({ screen: { kind: 'poweringOff' } });
    expect(kiosk.sent).toEqual([
      { channel: 'thinshell:view', args: [first] },
      { channel: 'thinshell:view', args: [second] },
    ]);
    expect(seen).toEqual([first.rev, second.rev]);
  });

  it('sends nothing to a destroyed page and stops when unsubscribed', () => {
    const core = createFakeCore();
    const kiosk = new FakeWebContents();
    const stop = forwardViews(core, () => kiosk as unknown as WebContents);
    kiosk.destroyed = true;
    core.pushView();
    kiosk.destroyed = false;
    stop();
    core.pushView();
    expect(kiosk.sent).toEqual([]);
    expect(core.viewListeners).toBe(0);
  });
});
