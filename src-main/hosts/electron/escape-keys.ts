import type { Input, WebContents } from 'electron';

/**
 * Key combinations that would let a user out of the kiosk page (close, reload, navigate,
 * zoom, browser dialogs) or into developer tools. Data, not code: add a line to block a key.
 * A combo matches when its modifiers are all down, extra modifiers included (Ctrl+Shift+W is as
 * bad as Ctrl+W). Keys are compared on KeyboardEvent.key, case-insensitively, so they follow the
 * keyboard layout the way Chromium's own shortcuts do. Never list editing keys (Ctrl+C/V/X/Z/A):
 * the sign-in form needs them.
 */
export const ESCAPE_COMBOS: readonly string[] = [
  // close and quit
  'Alt+F4', 'Ctrl+F4', 'Ctrl+W', 'Ctrl+Q',
  // reload
  'Ctrl+R', 'F5', 'BrowserRefresh',
  // full screen and zoom
  'F11', 'Ctrl+Plus', 'Ctrl+Equal', 'Ctrl+Minus', 'Ctrl+0',
  // history
  'Alt+Left', 'Alt+Right', 'Alt+Home', 'BrowserBack', 'BrowserForward', 'BrowserHome',
  // new windows and tabs
  'Ctrl+N', 'Ctrl+T', 'Ctrl+Tab', 'Ctrl+PageUp', 'Ctrl+PageDown',
  // browser dialogs and views: print, save, open, find, history, downloads, source, address bar
  'Ctrl+P', 'Ctrl+S', 'Ctrl+O', 'Ctrl+F', 'F3', 'Ctrl+G', 'Ctrl+H', 'Ctrl+J', 'Ctrl+U',
  'Ctrl+L', 'F6', 'Ctrl+D', 'F7', 'Ctrl+Shift+Delete',
];

/** Developer tools: blocked unless policy `kiosk.devtools`, then they toggle the tools. */
export const DEVTOOLS_COMBOS: readonly string[] = ['F12', 'Ctrl+Shift+I', 'Ctrl+Shift+J', 'Ctrl+Shift+C'];

export interface Combo {
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
  /** Lower-case KeyboardEvent.key. */
  key: string;
}

const MODIFIERS = new Set(['Ctrl', 'Alt', 'Shift', 'Meta']);
/** Names for keys that cannot be written inside a "+"-joined combo, or read better as words. */
const KEY_NAMES: Readonly<Record<string, string>> = {
  Plus: '+',
  Minus: '-',
  Equal: '=',
  Left: 'ArrowLeft',
  Right: 'ArrowRight',
};

export function parseCombo(spec: string): Combo {
  const parts = spec.split('+');
  const key = parts.pop();
  if (!key) throw new Error(`key combo "${spec}" names no key`);
  for (const modifier of parts) {
    if (!MODIFIERS.has(modifier)) throw new Error(`key combo "${spec}": unknown modifier "${modifier}"`);
  }
  return {
    ctrl: parts.includes('Ctrl'),
    alt: parts.includes('Alt'),
    shift: parts.includes('Shift'),
    meta: parts.includes('Meta'),
    key: (KEY_NAMES[key] ?? key).toLowerCase(),
  };
}

export function matchesCombo(combo: Combo, input: Pick<Input, 'key' | 'control' | 'alt' | 'shift' | 'meta'>): boolean {
  return (
    (!combo.ctrl || input.control) &&
    (!combo.alt || input.alt) &&
    (!combo.shift || input.shift) &&
    (!combo.meta || input.meta) &&
    input.key.toLowerCase() === combo.key
  );
}

const escapeCombos = ESCAPE_COMBOS.map(parseCombo);
const devtoolsCombos = DEVTOOLS_COMBOS.map(parseCombo);

export type KeyVerdict = 'pass' | 'block' | 'devtools';

/** Devtools combos are checked first: Ctrl+Shift+J would otherwise be caught by Ctrl+J. */
export function classifyKey(input: Pick<Input, 'key' | 'control' | 'alt' | 'shift' | 'meta'>, devtoolsAllowed: boolean): KeyVerdict {
  if (devtoolsCombos.some((combo) => matchesCombo(combo, input))) return devtoolsAllowed ? 'devtools' : 'block';
  return escapeCombos.some((combo) => matchesCombo(combo, input)) ? 'block' : 'pass';
}

/**
 * Swallows escape combos before the page or Chromium sees them. With no application menu
 * there are no menu accelerators to toggle devtools, so when policy allows them we do it here.
 */
export function captureEscapeKeys(contents: WebContents, devtoolsAllowed: () => boolean): void {
  contents.on('before-input-event', (event, input) => {
    const verdict = classifyKey(input, devtoolsAllowed());
    if (verdict === 'pass') return;
    event.preventDefault();
    if (verdict === 'devtools' && input.type === 'keyDown' && !input.isAutoRepeat) contents.toggleDevTools();
  });
}
