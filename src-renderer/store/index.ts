import { createContext, createElement, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ShellClient } from '../api.ts';
import { createAdminSlice } from './admin-slice.ts';
import type { ShellState } from './types.ts';
import { createUiSlice } from './ui-slice.ts';
import { createViewSlice } from './view-slice.ts';

export type { ShellState, CallOutcome } from './types.ts';
export type ShellStore = StoreApi<ShellState>;

/** One bound store of all slices. Vanilla, so each test (and each page) makes a fresh one. */
export function createShellStore(client: Pick<ShellClient, 'api'>): ShellStore {
  return createStore<ShellState>()((...a) => ({
    ...createViewSlice(...a),
    ...createUiSlice(client.api)(...a),
    ...createAdminSlice(...a),
  }));
}

/**
 * Wires a client to a store: views from events and from getView (rev decides which wins),
 * and the lost-contact flag. Returns the unsubscribe.
 */
export function bindClient(store: ShellStore, client: ShellClient): () => void {
  const offView = client.on('view', (view) => store.getState().setView(view));
  const offLost = client.onLost(() => store.getState().setContactLost());
  void store
    .getState()
    .call('getView', {})
    .then((outcome) => {
      if (outcome.ok) store.getState().setView(outcome.value);
    });
  return () => {
    offView();
    offLost();
  };
}

const StoreContext = createContext<ShellStore | null>(null);

export function StoreProvider({ store, children }: { store: ShellStore; children: ReactNode }) {
  return createElement(StoreContext.Provider, { value: store }, children);
}

export function useShellStore(): ShellStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useShell outside StoreProvider');
  return store;
}

export function useShell<T>(selector: (state: ShellState) => T): T {
  return useStore(useShellStore(), selector);
}
