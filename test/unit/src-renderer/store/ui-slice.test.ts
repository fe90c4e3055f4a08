import { describe, expect, it } from 'vitest';
import { ShellError } from '../../../../src-main/contract/index.ts';
import { createShellClient } from '../../../../src-renderer/api.ts';
import { createShellStore } from '../../../../src-renderer/store/index.ts';
import { FakeBridge } from '../helpers/fake-bridge.ts';
import { viewOf } from '../helpers/views.ts';

describe('ui slice: call', () => {
  it('marks the call pending while it is out and clears it after', async () => {
    let release: () => void = () => {};
    const bridge = new FakeBridge(viewOf({ kind: 'booting' })).handle(
      'refreshDesktops',
      () => new Promise<null>((r) => (release = () => r(null))),
    );
    const store = createShellStore(createShellClient(bridge));
    const out = store.getState().call('refreshDesktops', {});
    await Promise.resolve();
    expect(store.getState().pending).toBe('refreshDesktops');
    await new Promise((r) => setTimeout(r, 0));
    release();
    await expect(out).resolves.toEqual({ ok: true, value: null });
    expect(store.getState().pending).toBeNull();
  });

  it('records a failed call by name and code, and never throws', async () => {
    const bridge = new FakeBridge(viewOf({ kind: 'booting' })).handle('adminUnlock', () => {
      throw new ShellError('admin-pin-wrong', 'wrong');
    });
    const store = createShellStore(createShellClient(bridge));
    const out = await store.getState().call('adminUnlock', { pin: '1234' });
    expect(out.ok).toBe(false);
    expect(store.getState().callError).toMatchObject({ call: 'adminUnlock', error: { code: 'admin-pin-wrong' } });
    expect(store.getState().pending).toBeNull();
  });

  it('each test gets a fresh store: state does not leak between stores', () => {
    const a = createShellStore(createShellClient(new FakeBridge(viewOf({ kind: 'booting' }))));
    const b = createShellStore(createShellClient(new FakeBridge(viewOf({ kind: 'booting' }))));
    a.getState().openAdminUnlock();
    expect(b.getState().adminUnlockOpen).toBe(false);
  });
});
