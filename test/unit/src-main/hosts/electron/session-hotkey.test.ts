import { beforeEach, describe, expect, it } from 'vitest';
import { globalShortcut, resetElectronFake } from '../../../../fakes/electron.ts';
import { createFakeCore, type FakeCore } from '../../../../fakes/core.ts';
import { defaultPolicy, type Policy } from '../../../../../src-main/policy/schema.ts';
import { bindSessionHotkey, toAccelerator } from '../../../../../src-main/hosts/electron/session-hotkey.ts';
import { memoryLog } from './log.ts';

const withHotkey = (hotkey: string): Policy => ({ ...defaultPolicy, session: { ...defaultPolicy.session, hotkey } });

describe('toAccelerator', () => {
  it.each([
    ['Ctrl+Alt+Home', 'Ctrl+Alt+Home'],
    ['ctrl+alt+home', 'Ctrl+Alt+Home'],
    ['Control + Shift + x', 'Ctrl+Shift+X'],
    ['Win+F12', 'Super+F12'],
    ['Ctrl+Alt+Del', 'Ctrl+Alt+Delete'],
    ['F13', 'F13'],
  ])('reads %s as %s', (hotkey, accelerator) => {
    expect(toAccelerator(hotkey)).toBe(accelerator);
  });

  it.each([
    ['Hyper+X', /unknown modifier "Hyper"/],
    ['Ctrl+Alt+Banana', /unknown key "Banana"/],
    ['Ctrl+', /unknown key ""/],
    ['X', /needs Ctrl, Alt or Super/],
    ['Shift+X', /needs Ctrl, Alt or Super/],
    ['Ctrl+Ctrl+X', /repeated/],
  ])('refuses %s', (hotkey, reason) => {
    expect(() => toAccelerator(hotkey)).toThrow(reason);
  });
});

describe('bindSessionHotkey', () => {
  let core: FakeCore;
  const log = memoryLog();
  beforeEach(() => {
    resetElectronFake();
    core = createFakeCore({ policy: withHotkey('Ctrl+Alt+End') });
  });

  it('registers the policy hotkey globally and calls core.hotkey when pressed', () => {
    bindSessionHotkey(core, log);
    expect([...globalShortcut.registered.keys()]).toEqual(['Ctrl+Alt+End']);
    globalShortcut.press('Ctrl+Alt+End');
    globalShortcut.press('Ctrl+Alt+End');
    expect(core.hotkeys).toBe(2);
  });

  it('re-registers when policy changes the hotkey, and releases the old one', () => {
    bindSessionHotkey(core, log);
    core.setPolicy(withHotkey('Ctrl+Shift+F10'));
    expect([...globalShortcut.registered.keys()]).toEqual(['Ctrl+Shift+F10']);
    globalShortcut.press('Ctrl+Alt+End');
    expect(core.hotkeys).toBe(0);
    globalShortcut.press('Ctrl+Shift+F10');
    expect(core.hotkeys).toBe(1);
  });

  it('leaves the registration alone when another policy key changes', () => {
    bindSessionHotkey(core, log);
    globalShortcut.registered.set('Ctrl+Alt+End', () => core.hotkey());
    const before = globalShortcut.registered.get('Ctrl+Alt+End');
    core.setPolicy({ ...withHotkey('ctrl+alt+end'), kiosk: { ...defaultPolicy.kiosk, preventSleep: false } });
    expect(globalShortcut.registered.get('Ctrl+Alt+End')).toBe(before);
  });

  it('falls back to Ctrl+Alt+Home for an unreadable hotkey, so the user is never locked in', () => {
    core.setPolicy(withHotkey('Hyper+Q'));
    bindSessionHotkey(core, log);
    expect([...globalShortcut.registered.keys()]).toEqual(['Ctrl+Alt+Home']);
    expect(log.lines.join('\n')).toMatch(/session hotkey unusable.*unknown modifier/);
  });

  it('falls back to Ctrl+Alt+Home when another program holds the hotkey', () => {
    globalShortcut.taken.add('Ctrl+Alt+End');
    bindSessionHotkey(core, log);
    expect([...globalShortcut.registered.keys()]).toEqual(['Ctrl+Alt+Home']);
  });

  it('releases the hotkey and stops following policy when disposed', () => {
    const release = bindSessionHotkey(core, log);
    release();
    expect(globalShortcut.registered.size).toBe(0);
    core.setPolicy(withHotkey('Ctrl+Alt+F1'));
    expect(globalShortcut.registered.size).toBe(0);
  });
});
