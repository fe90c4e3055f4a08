import { beforeEach, describe, expect, it } from 'vitest';
import { FakeWebContents, resetElectronFake } from '../../../../fakes/electron.ts';
import { captureEscapeKeys, classifyKey, parseCombo } from '../../../../../src-main/hosts/electron/escape-keys.ts';
import type { WebContents } from 'electron';

type Mods = { control?: boolean; alt?: boolean; shift?: boolean; meta?: boolean };
const ctrl = { control: true };
const ctrlShift = { control: true, shift: true };
const alt = { alt: true };

/** The escapes the kiosk must swallow, as the keyboard reports them (US layout). */
const escapes: Array<[string, string, Mods]> = [
  ['Alt+F4', 'F4', alt],
  ['Ctrl+W', 'w', ctrl],
  ['Ctrl+W with caps lock', 'W', ctrl],
  ['Ctrl+Q', 'q', ctrl],
  ['Ctrl+R', 'r', ctrl],
  ['Ctrl+Shift+R', 'R', ctrlShift],
  ['F5', 'F5', {}],
  ['Ctrl+F5', 'F5', ctrl],
  ['F11', 'F11', {}],
  ['Ctrl+P', 'p', ctrl],
  ['Ctrl+S', 's', ctrl],
  ['Ctrl+O', 'o', ctrl],
  ['Alt+Left', 'ArrowLeft', alt],
  ['Alt+Right', 'ArrowRight', alt],
  ['Ctrl+Plus', '+', ctrlShift],
  ['Ctrl+=', '=', ctrl],
  ['Ctrl+-', '-', ctrl],
  ['Ctrl+0', '0', ctrl],
  ['Ctrl+Tab', 'Tab', ctrl],
  ['Ctrl+Shift+Tab', 'Tab', ctrlShift],
  ['Ctrl+N', 'n', ctrl],
  ['Ctrl+Shift+N', 'N', ctrlShift],
  ['Ctrl+T', 't', ctrl],
  ['Ctrl+H', 'h', ctrl],
  ['Ctrl+U', 'u', ctrl],
  ['browser back key', 'BrowserBack', {}],
];
const devtools: Array<[string, string, Mods]> = [
  ['F12', 'F12', {}],
  ['Ctrl+Shift+I', 'I', ctrlShift],
  ['Ctrl+Shift+J', 'J', ctrlShift],
  ['Ctrl+Shift+C', 'C', ctrlShift],
];
/** What the sign-in form needs. */
const typing: Array<[string, string, Mods]> = [
  ['a letter', 'w', {}],
  ['a capital', 'R', { shift: true }],
  ['a digit', '0', {}],
  ['Ctrl+C', 'c', ctrl],
  ['Ctrl+V', 'v', ctrl],
  ['Ctrl+X', 'x', ctrl],
  ['Ctrl+A', 'a', ctrl],
  ['Ctrl+Z', 'z', ctrl],
  ['Tab', 'Tab', {}],
  ['Shift+Tab', 'Tab', { shift: true }],
  ['Enter', 'Enter', {}],
  ['Escape', 'Escape', {}],
  ['Backspace', 'Backspace', {}],
  ['ArrowLeft', 'ArrowLeft', {}],
  ['AltGr+Q (@ on German keyboards)', '@', { control: true, alt: true }],
];

describe('escape keys', () => {
  let contents: FakeWebContents;
  let allowDevtools: boolean;
  beforeEach(() => {
    resetElectronFake();
    contents = new FakeWebContents();
    allowDevtools = false;
    captureEscapeKeys(contents as unknown as WebContents, () => allowDevtools);
  });

  it.each(escapes)('swallows %s', (_name, key, mods) => {
    expect(contents.press(key, mods)).toBe(true);
  });

  it.each(typing)('lets %s through', (_name, key, mods) => {
    expect(contents.press(key, mods)).toBe(false);
  });

  it.each(devtools)('swallows %s and opens no devtools when policy forbids them', (_name, key, mods) => {
    expect(contents.press(key, mods)).toBe(true);
    expect(contents.devToolsOpen).toBe(false);
  });

  it.each(devtools)('toggles devtools on %s when policy allows them', (_name, key, mods) => {
    allowDevtools = true;
    expect(contents.press(key, mods)).toBe(true);
    expect(contents.devToolsOpen).toBe(true);
    contents.press(key, mods);
    expect(contents.devToolsOpen).toBe(false);
  });

  it('still swallows the other escapes when devtools are allowed', () => {
    expect(classifyKey({ key: 'w', control: true, alt: false, shift: false, meta: false }, true)).toBe('block');
  });

  it('refuses a malformed combo in the list at load time', () => {
    expect(() => parseCombo('Hyper+W')).toThrow(/unknown modifier "Hyper"/);
    expect(() => parseCombo('Ctrl+')).toThrow(/names no key/);
  });
});
