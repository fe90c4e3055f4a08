import { act, cleanup, render, waitFor } from '@testing-library/react';
import { afterEach } from 'vitest';
import type { ShellView } from '../../../../src-main/contract/index.ts';
import { createShellClient } from '../../../../src-renderer/api.ts';
import { App } from '../../../../src-renderer/App.tsx';
import { bindClient, createShellStore, StoreProvider } from '../../../../src-renderer/store/index.ts';
import { FakeBridge } from './fake-bridge.ts';

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(() => cleanup());

/**
 * The whole renderer (App, store, api Proxy) over a FakeBridge, started the way main.tsx
 * starts it: the first view comes from getView.
 */
export async function renderShell(view: ShellView, setup?: (bridge: FakeBridge) => void) {
  const bridge = new FakeBridge(view);
  setup?.(bridge);
  const client = createShellClient(bridge);
  const store = createShellStore(client);
  bindClient(store, client);
  const utils = render(
    <StoreProvider store={store}>
      <App />
    </StoreProvider>,
  );
  await waitFor(() => {
    if (store.getState().view?.rev !== view.rev) throw new Error('first view not drawn yet');
  });
  /** A view pushed by main as an event. */
  const push = (next: ShellView) => act(() => bridge.emit('view', next));
  return { ...utils, bridge, store, push };
}
