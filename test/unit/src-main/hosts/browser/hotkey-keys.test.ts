import { describe, expect, it } from 'vitest';
import { DEFAULT_HOTKEY, HOTKEY_EVENT_LINE, parseHotkey, xbindkeysRc } from '../../../../../src-main/hosts/browser/hotkey-keys.ts';

describe('parseHotkey', () => {
  it.each([
    ['Ctrl+Alt+Home', 'Ctrl+Alt+Home', ['Control', 'Mod1'], 'Home'],
    ['ctrl + alt + home', 'Ctrl+Alt+Home', ['Control', 'Mod1'], 'Home'],
    ['Control+Shift+PageUp', 'Ctrl+Shift+PageUp', ['Control', 'Shift'], 'Prior'],
    ['Alt+PgDn', 'Alt+PageDown', ['Mod1'], 'Next'],
    ['Super+F12', 'Super+F12', ['Mod4'], 'F12'],
    ['Win+Esc', 'Super+Escape', ['Mod4'], 'Escape'],
    ['Ctrl+AltGr+Return', 'Ctrl+AltGr+Enter', ['Control', 'Mod5'], 'Return'],
    ['Ctrl+Alt+s', 'Ctrl+Alt+S', ['Control', 'Mod1'], 's'],
    ['Ctrl+Alt+7', 'Ctrl+Alt+7', ['Control', 'Mod1'], '7'],
    ['Ctrl+Alt+Backspace', 'Ctrl+Alt+Backspace', ['Control', 'Mod1'], 'BackSpace'],
    ['Ctrl+Alt+ScrollLock', 'Ctrl+Alt+ScrollLock', ['Control', 'Mod1'], 'Scroll_Lock'],
    ['Ctrl+Alt+Space', 'Ctrl+Alt+Space', ['Control', 'Mod1'], 'space'],
    ['F24', 'F24', [], 'F24'],
    ['Shift+F1', 'Shift+F1', ['Shift'], 'F1'],
  ])('%s -> %s (X: %j + %s)', (input, text, modifiers, keysym) => {
    expect(parseHotkey(input)).toEqual({ text, modifiers, keysym });
  });

  it.each([
    ['', 'names no key'],
    ['Ctrl+Alt+', 'names no key'],
    ['Ctrl+Alt+Hom', 'unknown key "Hom"'],
    ['Ctrl+Alt+F25', 'unknown key "F25"'],
    ['Ctrl+Hyper+Home', 'unknown modifier "Hyper"'],
    ['Ctrl+Home+End', 'unknown modifier "Home"'],
    ['Ctrl+Control+Home', 'a modifier is repeated'],
    ['Home', 'needs Ctrl, Alt or Super'],
    ['Shift+A', 'needs Ctrl, Alt or Super'],
    ['Ctrl+Alt+"; rm -rf /', 'unknown key'],
  ])('refuses %j: %s', (input, reason) => {
    expect(() => parseHotkey(input)).toThrow(reason);
  });

  it('accepts the default', () => {
    expect(parseHotkey(DEFAULT_HOTKEY).text).toBe(DEFAULT_HOTKEY);
  });
});

describe('xbindkeysRc', () => {
  it('binds the keys to a command that only prints the event line', () => {
    const lines = xbindkeysRc(parseHotkey('Ctrl+Alt+Home')).split('\n');
    expect(lines[0]).toMatch(/^#/);
    expect(lines.slice(1)).toEqual([`"echo ${HOTKEY_EVENT_LINE}"`, '  Control+Mod1 + Home', '']);
  });

  it('a modifier-less F-key is just the keysym', () => {
    expect(xbindkeysRc(parseHotkey('F9')).split('\n')[2]).toBe('  F9');
  });
});
