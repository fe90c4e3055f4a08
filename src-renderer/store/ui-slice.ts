import type { StateCreator } from 'zustand';
import { ApiError, type ShellApi } from '../api.ts';
import type { CallOutcome, ShellState, UiSlice } from './types.ts';

export const createUiSlice =
  (api: ShellApi): StateCreator<ShellState, [], [], UiSlice> =>
  (set) => ({
    contact: 'ok',
    adminUnlockOpen: false,
    usbPanelOpen: false,
    pending: null,
    callError: null,
    setContactLost: () => set({ contact: 'lost', pending: null }),
    openAdminUnlock: () => set({ adminUnlockOpen: true, callError: null }),
    closeAdminUnlock: () => set({ adminUnlockOpen: false, callError: null }),
    openUsbPanel: () => set({ usbPanelOpen: true, callError: null }),
    closeUsbPanel: () => set({ usbPanelOpen: false }),
    async call(name, args) {
      set({ pending: name, callError: null });
      try {
        const value = await (api[name] as (a: unknown) => Promise<unknown>)(args);
        set((s) => (s.pending === name ? { pending: null } : {}));
        return { ok: true, value } as CallOutcome<typeof name>;
      } catch (err) {
        const error = err instanceof ApiError ? err : new ApiError('internal', String(err));
        set((s) => ({ callError: { call: name, error }, ...(s.pending === name ? { pending: null } : {}) }));
        return { ok: false, error };
      }
    },
  });
