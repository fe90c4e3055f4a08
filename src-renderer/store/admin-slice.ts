import type { StateCreator } from 'zustand';
import type { AdminSlice, ShellState } from './types.ts';

export const createAdminSlice: StateCreator<ShellState, [], [], AdminSlice> = (set, get) => ({
  admin: null,
  async loadAdmin() {
    const outcome = await get().call('adminGetSettings', {});
    // The admin may have locked (or been locked) while the call was out.
    if (outcome.ok && get().view?.admin.unlocked) set({ admin: outcome.value });
  },
  async saveAdmin(settings) {
    const outcome = await get().call('adminSaveSettings', { settings });
    if (outcome.ok && get().view?.admin.unlocked) set({ admin: outcome.value });
    return outcome.ok;
  },
});
