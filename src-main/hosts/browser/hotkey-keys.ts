/**
 * Policy's session hotkey ("Ctrl+Alt+Home", any case) as an X key grab: modifier names and a
 * keysym, written as an xbindkeys configuration. Pure functions, so every rule is unit-tested.
 */

/** Used when policy names a hotkey we cannot grab: a user must never be locked in a session. */
export const DEFAULT_HOTKEY = 'Ctrl+Alt+Home';

/** What xbindkeys prints (through `echo`) for one press: the only line we act on. */
export const HOTKEY_EVENT_LINE = 'thinshell-hotkey';

/** X modifier masks by the names xbindkeys reads (Alt is Mod1, Super Mod4, AltGr Mod5 on XKB). */
export type XModifier = 'Control' | 'Shift' | 'Mod1' | 'Mod4' | 'Mod5';

export interface XHotkey {
  /** Canonical policy spelling, e.g. "Ctrl+Alt+Home" (for logs and comparisons). */
  readonly text: string;
  readonly modifiers: readonly XModifier[];
  /** An X keysym name, e.g. "Home", "Prior", "F12", "a". */
  readonly keysym: string;
}

const MODIFIERS: Readonly<Record<string, { name: string; x: XModifier }>> = {
  ctrl: { name: 'Ctrl', x: 'Control' },
  control: { name: 'Ctrl', x: 'Control' },
  alt: { name: 'Alt', x: 'Mod1' },
  altgr: { name: 'AltGr', x: 'Mod5' },
  shift: { name: 'Shift', x: 'Shift' },
  super: { name: 'Super', x: 'Mod4' },
  meta: { name: 'Super', x: 'Mod4' },
  win: { name: 'Super', x: 'Mod4' },
};

/** Policy key name (lower case) -> [canonical name, X keysym]. */
const NAMED_KEYS = new Map<string, readonly [string, string]>([
  ['home', ['Home', 'Home']],
  ['end', ['End', 'End']],
  ['pageup', ['PageUp', 'Prior']],
  ['pgup', ['PageUp', 'Prior']],
  ['pagedown', ['PageDown', 'Next']],
  ['pgdn', ['PageDown', 'Next']],
  ['insert', ['Insert', 'Insert']],
  ['delete', ['Delete', 'Delete']],
  ['del', ['Delete', 'Delete']],
  ['backspace', ['Backspace', 'BackSpace']],
  ['tab', ['Tab', 'Tab']],
  ['space', ['Space', 'space']],
  ['enter', ['Enter', 'Return']],
  ['return', ['Enter', 'Return']],
  ['escape', ['Escape', 'Escape']],
  ['esc', ['Escape', 'Escape']],
  ['up', ['Up', 'Up']],
  ['down', ['Down', 'Down']],
  ['left', ['Left', 'Left']],
  ['right', ['Right', 'Right']],
  ['pause', ['Pause', 'Pause']],
  ['scrolllock', ['ScrollLock', 'Scroll_Lock']],
  ['printscreen', ['PrintScreen', 'Print']],
  ['plus', ['Plus', 'plus']],
  ...Array.from({ length: 24 }, (_, i) => [`f${i + 1}`, [`F${i + 1}`, `F${i + 1}`]] as const),
]);

/**
 * Parses policy's hotkey. Throws an Error saying what is wrong for anything else. Like the
 * Electron host's accelerator rules: the key needs Ctrl, Alt or Super (or is an F-key), because a
 * plain letter grabbed for the whole screen would be stolen from the remote desktop.
 */
export function parseHotkey(hotkey: string): XHotkey {
  const parts = hotkey.split('+').map((part) => part.trim());
  const rawKey = parts.pop() ?? '';
  if (rawKey === '') throw new Error(`hotkey "${hotkey}": names no key`);
  const modifiers = parts.map((part) => {
    const modifier = MODIFIERS[part.toLowerCase()];
    if (!modifier) throw new Error(`hotkey "${hotkey}": unknown modifier "${part}"`);
    return modifier;
  });
  let key: readonly [string, string] | undefined;
  if (/^[a-z]$/i.test(rawKey)) key = [rawKey.toUpperCase(), rawKey.toLowerCase()];
  else if (/^[0-9]$/.test(rawKey)) key = [rawKey, rawKey];
  else key = NAMED_KEYS.get(rawKey.toLowerCase());
  if (!key) throw new Error(`hotkey "${hotkey}": unknown key "${rawKey}"`);
  const names = modifiers.map((m) => m.name);
  if (new Set(names).size !== names.length) throw new Error(`hotkey "${hotkey}": a modifier is repeated`);
  const strong = names.some((m) => m === 'Ctrl' || m === 'Alt' || m === 'Super');
  if (!strong && !/^F\d+$/.test(key[0])) throw new Error(`hotkey "${hotkey}": needs Ctrl, Alt or Super`);
  return { text: [...names, key[0]].join('+'), modifiers: modifiers.map((m) => m.x), keysym: key[1] };
}

/**
 * The whole xbindkeys configuration: one binding whose command prints HOTKEY_EVENT_LINE to the
 * stdout xbindkeys hands its children, which is a pipe to us. Nothing from policy reaches the
 * command; the key line is built only from the tables above.
 */
export function xbindkeysRc(hotkey: XHotkey): string {
  const keys = hotkey.modifiers.length > 0 ? `${hotkey.modifiers.join('+')} + ${hotkey.keysym}` : hotkey.keysym;
  return `# thinshell session hotkey: ${hotkey.text} (generated; rewritten when policy changes)\n"echo ${HOTKEY_EVENT_LINE}"\n  ${keys}\n`;
}
