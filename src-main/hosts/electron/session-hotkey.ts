import { globalShortcut } from 'electron';
import type { Core } from '../../app/core-types.ts';
import type { Policy } from '../../policy/schema.ts';
import type { Logger } from '../../common/log.ts';

/** Used when policy names a hotkey we cannot register: a user must never be locked in a session. */
export const DEFAULT_HOTKEY = 'Ctrl+Alt+Home';

const MODIFIERS: Readonly<Record<string, string>> = {
  ctrl: 'Ctrl',
  control: 'Ctrl',
  alt: 'Alt',
  altgr: 'AltGr',
  shift: 'Shift',
  super: 'Super',
  meta: 'Super',
  win: 'Super',
};

const NAMED_KEYS = [
  'Home', 'End', 'PageUp', 'PageDown', 'Insert', 'Delete', 'Backspace', 'Tab', 'Space', 'Enter',
  'Escape', 'Up', 'Down', 'Left', 'Right', 'Pause', 'ScrollLock', 'PrintScreen', 'Plus',
  ...Array.from({ length: 24 }, (_, i) => `F${i + 1}`),
];
const KEYS = new Map<string, string>([
  ...NAMED_KEYS.map((key) => [key.toLowerCase(), key] as const),
  ['esc', 'Escape'],
  ['return', 'Enter'],
  ['del', 'Delete'],
  ['pgup', 'PageUp'],
  ['pgdn', 'PageDown'],
]);

/**
 * Turns policy's "Ctrl+Alt+Home" (any case) into an Electron accelerator. Throws with a reason
 * for anything else. A key needs Ctrl, Alt or Super (or is an F-key): a plain letter grabbed
 * globally would be stolen from the remote desktop.
 */
export function toAccelerator(hotkey: string): string {
  const parts = hotkey.split('+').map((part) => part.trim());
  const rawKey = parts.pop() ?? '';
  const modifiers = parts.map((part) => {
    const modifier = MODIFIERS[part.toLowerCase()];
    if (!modifier) throw new Error(`hotkey "${hotkey}": unknown modifier "${part}"`);
    return modifier;
  });
  const key = /^[a-z0-9]$/i.test(rawKey) ? rawKey.toUpperCase() : KEYS.get(rawKey.toLowerCase());
  if (!key) throw new Error(`hotkey "${hotkey}": unknown key "${rawKey}"`);
  if (new Set(modifiers).size !== modifiers.length) throw new Error(`hotkey "${hotkey}": a modifier is repeated`);
  const strong = modifiers.some((m) => m === 'Ctrl' || m === 'Alt' || m === 'Super');
  if (!strong && !/^F\d+$/.test(key)) throw new Error(`hotkey "${hotkey}": needs Ctrl, Alt or Super`);
  return [...modifiers, key].join('+');
}

function tryRegister(accelerator: string, onPress: () => void): boolean {
  try {
    return globalShortcut.register(accelerator, onPress);
  } catch {
    return false;
  }
}

/**
 * Registers policy's session hotkey with the OS (an X key grab), so it reaches us while the
 * remote session's window has the focus, and re-registers it whenever policy changes it.
 * Returns the function that releases it.
 */
export function bindSessionHotkey(core: Pick<Core, 'hotkey' | 'policy' | 'onPolicy'>, log: Logger): () => void {
  let registered: string | undefined;
  const press = () => core.hotkey();

  const apply = (policy: Policy) => {
    let wanted: string;
    try {
      wanted = toAccelerator(policy.session.hotkey);
    } catch (err) {
      log.error('session hotkey unusable', { error: (err as Error).message, using: DEFAULT_HOTKEY });
      wanted = DEFAULT_HOTKEY;
    }
    if (wanted === registered) return;
    if (registered) globalShortcut.unregister(registered);
    registered = undefined;
    for (const candidate of wanted === DEFAULT_HOTKEY ? [wanted] : [wanted, DEFAULT_HOTKEY]) {
      if (tryRegister(candidate, press)) {
        registered = candidate;
        log.info('session hotkey registered', { hotkey: candidate });
        return;
      }
      log.error('session hotkey not registered (taken by another program?)', { hotkey: candidate });
    }
  };

  apply(core.policy());
  const stopListening = core.onPolicy(apply);
  return () => {
    stopListening();
    if (registered) globalShortcut.unregister(registered);
    registered = undefined;
  };
}
