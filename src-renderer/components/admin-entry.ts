import type { ShellView } from '../api.ts';

/**
 * The admin door (button and Ctrl+Alt+S) exists only where no user's work is on screen and
 * only when a PIN is set: a terminal without a PIN is administered centrally, not here.
 */
export function adminEntryAllowed(view: ShellView | null): boolean {
  if (!view || !view.admin.pinSet || view.admin.unlocked) return false;
  const kind = view.screen.kind;
  return kind === 'setup' || kind === 'signIn' || kind === 'error';
}

export function isAdminHotkey(e: Pick<KeyboardEvent, 'ctrlKey' | 'altKey' | 'metaKey' | 'code' | 'key'>): boolean {
  // By physical key, so it is the same key on QWERTY and QWERTZ keyboards.
  return e.ctrlKey && e.altKey && !e.metaKey && (e.code === 'KeyS' || e.key.toLowerCase() === 's');
}
