import { describe, expect, it } from 'vitest';
import { createShellClient } from '../../../../src-renderer/api.ts';
import { bindClient, createShellStore } from '../../../../src-renderer/store/index.ts';
import { FakeBridge } from '../helpers/fake-bridge.ts';
import { viewOf } from '../helpers/views.ts';

describe('bindClient', () => {
  it('an event newer than the getView reply wins, whichever lands first', async () => {
    const initial = viewOf({ kind: 'booting' }, { rev: 10 });
    const bridge = new FakeBridge(initial);
    const client = createShellClient(bridge);
    const store = createShellStore(client);
    bindClient(store, client);
    // The push arrives before getView's (older) reply resolves.
    bridge.emit('view', viewOf({ kind: 'discovering' }, { rev: 11 }));
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().view).toMatchObject({ rev: 11, screen: { kind: 'discovering' } });
    expect(bridge.callsOf('getView')).toHaveLength(1);
  });

  it('stops listening when unbound', async () => {
    const bridge = new FakeBridge(viewOf({ kind: 'booting' }, { rev: 1 }));
    const client = createShellClient(bridge);
    const store = createShellStore(client);
    const unbind = bindClient(store, client);
    await new Promise((r) => setTimeout(r, 0));
    unbind();
    bridge.emit('view', viewOf({ kind: 'poweringOff' }, { rev: 2 }));
    expect(store.getState().view?.rev).toBe(1);
  });
});
