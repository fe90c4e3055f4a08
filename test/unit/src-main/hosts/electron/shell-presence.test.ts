import type { BrowserWindow } from 'electron';
import { beforeEach, describe, expect, it } from 'vitest';
import { BrowserWindow as FakeWindow, resetElectronFake } from '../../../../fakes/electron.ts';
import { sampleView } from '../../../../fakes/core.ts';
import { shellPresence, type ShellPresence } from '../../../../../src-main/hosts/electron/shell-presence.ts';

const desktop = { id: 'd1', name: 'Desk', protocol: 'rdp' as const };
const inSession = (menu: boolean) => sampleView({ screen: { kind: 'session', desktop, engine: 'xfreerdp', menu } });
const picking = sampleView({ screen: { kind: 'pick', broker: { id: 'b', name: 'B', kind: 'direct', source: 'policy', domain: 'hidden', insecure: false }, user: 'u', desktops: [], busy: false } });

describe('shellPresence', () => {
  let window: FakeWindow;
  let presence: ShellPresence;
  beforeEach(() => {
    resetElectronFake();
    window = new FakeWindow({});
    window.show();
    window.calls.length = 0;
    presence = shellPresence(window as unknown as BrowserWindow);
  });

  it('steps aside for the remote session and comes forward for its menu (the hotkey)', () => {
    presence.follow(inSession(false));
    expect(window.visible).toBe(false);
    presence.follow(inSession(true));
    expect(window.visible).toBe(true);
    expect(window.calls.slice(-3)).toEqual(['show', 'moveTop', 'focus']);
  });

  it('comes forward when the session ends', () => {
    presence.follow(inSession(false));
    presence.follow(sampleView({ screen: { kind: 'ended', desktop, reason: 'server-disconnect', next: 'signIn' } }));
    expect(window.visible).toBe(true);
  });

  it('acts only on transitions', () => {
    presence.follow(picking);
    presence.follow(picking);
    expect(window.calls).toEqual([]);
  });

  it('refocuses for a second instance only when the shell should be seen', () => {
    presence.refocus();
    expect(window.calls).toContain('focus');
    presence.follow(inSession(false));
    window.calls.length = 0;
    presence.refocus();
    expect(window.calls).toEqual([]);
  });
});
