import type { StateCreator } from 'zustand';
import type { ShellView } from '../api.ts';
import type { ShellState, ViewSlice } from './types.ts';

/** Main's payloads are trusted (same origin) but a torn frame must not blank the screen. */
function looksLikeView(value: unknown): value is ShellView {
  const v = value as Partial<ShellView> | null;
  return typeof v?.rev === 'number' && typeof v.screen?.kind === 'string' && typeof v.admin === 'object';
}

export const createViewSlice: StateCreator<ShellState, [], [], ViewSlice> = (set, get) => ({
  view: null,
  setView(view) {
    if (!looksLikeView(view)) return;
    const current = get().view;
    // Replies to getView and pushed events race; the higher rev is the newer truth.
    if (current && view.rev < current.rev) return;
    const screenChanged = current?.screen.kind !== view.screen.kind;
    set({
      view,
      // An error from a call belongs to the screen that made it.
      ...(screenChanged ? { callError: null } : {}),
      // Unlocked: the PIN dialog has done its job. Locked: nothing of the admin data stays.
      ...(view.admin.unlocked ? { adminUnlockOpen: false } : { admin: null }),
      ...(!view.admin.pinSet ? { adminUnlockOpen: false } : {}),
    });
  },
});
