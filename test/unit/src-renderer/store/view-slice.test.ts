import { describe, expect, it } from 'vitest';
import { createShellClient } from '../../../../src-renderer/api.ts';
import { createShellStore } from '../../../../src-renderer/store/index.ts';
import { FakeBridge } from '../helpers/fake-bridge.ts';
import { signInScreen, viewOf } from '../helpers/views.ts';

function freshStore() {
  return createShellStore(createShellClient(new FakeBridge(viewOf({ kind: 'booting' }))));
}

describe('view slice', () => {
  it('keeps the newest view and drops any with a lower rev', () => {
    const store = freshStore();
    store.getState().setView(viewOf({ kind: 'booting' }, { rev: 5 }));
    store.getState().setView(viewOf({ kind: 'discovering' }, { rev: 3 }));
    expect(store.getState().view).toMatchObject({ rev: 5, screen: { kind: 'booting' } });
    store.getState().setView(viewOf({ kind: 'poweringOff' }, { rev: 6 }));
    expect(store.getState().view).toMatchObject({ rev: 6, screen: { kind: 'poweringOff' } });
  });

  it('ignores a payload that is not a view instead of blanking the screen', () => {
    const store = freshStore();
    store.getState().setView(viewOf({ kind: 'booting' }, { rev: 1 }));
    store.getState().setView({ rev: 9 } as never);
    store.getState().setView(null as never);
    expect(store.getState().view?.rev).toBe(1);
  });

  it('clears a call error when the screen changes, not when the same screen updates', async () => {
    const bridge = new FakeBridge(viewOf({ kind: 'booting' }));
    const store = createShellStore(createShellClient(bridge));
    store.getState().setView(viewOf(signInScreen()));
    await store.getState().call('connect', { desktopId: '' }); // refused by the contract
    expect(store.getState().callError?.error.code).toBe('invalid-argument');
    store.getState().setView(viewOf(signInScreen({ busy: true })));
    expect(store.getState().callError).not.toBeNull();
    store.getState().setView(viewOf({ kind: 'booting' }));
    expect(store.getState().callError).toBeNull();
  });

  it('drops the admin data when main says the admin is locked', () => {
    const store = freshStore();
    store.getState().setView(viewOf({ kind: 'booting' }, { admin: { unlocked: true, pinSet: true } }));
    store.setState({ admin: { effective: {}, local: {}, locked: [], layers: [] } as never, adminUnlockOpen: true });
    store.getState().setView(viewOf({ kind: 'booting' }, { admin: { unlocked: true, pinSet: true } }));
    expect(store.getState().adminUnlockOpen).toBe(false);
    expect(store.getState().admin).not.toBeNull();
    store.getState().setView(viewOf({ kind: 'booting' }, { admin: { unlocked: false, pinSet: true } }));
    expect(store.getState().admin).toBeNull();
  });
});
