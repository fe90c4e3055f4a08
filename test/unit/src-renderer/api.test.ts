import { describe, expect, it, vi } from 'vitest';
import { callNames, ShellError, type Bridge, type Reply } from '../../../src-main/contract/index.ts';
import { ApiError, connectToShell, createShellApi, createShellClient } from '../../../src-renderer/api.ts';
import { FakeBridge } from './helpers/fake-bridge.ts';
import { setPageUrl } from './helpers/page.ts';
import { viewOf } from './helpers/views.ts';

function recordingBridge(reply: Reply = { ok: true, value: null }) {
  const seen: { method: string; args: unknown }[] = [];
  const bridge: Bridge = {
    invoke: async (method, args) => {
      seen.push({ method, args });
      return reply;
    },
    on: () => () => {},
  };
  return { bridge, seen };
}

describe('createShellApi', () => {
  it('derives every call of the contract, by its plain name', async () => {
    const { bridge, seen } = recordingBridge();
    const api = createShellApi(bridge) as unknown as Record<string, (a: unknown) => Promise<unknown>>;
    for (const name of callNames) await api[name]?.({});
    expect(seen.map((s) => s.method)).toEqual([...callNames]);
  });

  it('passes the argument object through and unwraps the value', async () => {
    const { bridge, seen } = recordingBridge({ ok: true, value: { rev: 7 } });
    const api = createShellApi(bridge);
    await expect(api.getView({})).resolves.toEqual({ rev: 7 });
    await api.signIn({ username: 'ada', password: 'pw' });
    expect(seen[1]).toEqual({ method: 'signIn', args: { username: 'ada', password: 'pw' } });
  });

  it('throws ApiError with code and message for ok:false', async () => {
    const { bridge } = recordingBridge({ ok: false, error: { code: 'auth-failed', message: 'nope' } });
    const err = await createShellApi(bridge).signIn({ username: 'a', password: 'b' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'auth-failed', message: 'nope' });
  });

  it('turns a malformed reply into an internal ApiError instead of a TypeError', async () => {
    const bridge: Bridge = { invoke: async () => 'garbage' as unknown as Reply, on: () => () => {} };
    await expect(createShellApi(bridge).cancel({})).rejects.toMatchObject({ code: 'internal' });
  });

  it('is not a thenable, so it can be returned from async code', async () => {
    const { bridge, seen } = recordingBridge();
    const api = createShellApi(bridge);
    expect(await Promise.resolve(api)).toBe(api);
    expect(seen).toEqual([]);
  });

  it('round-trips through the real dispatcher, including its validation', async () => {
    const bridge = new FakeBridge(viewOf({ kind: 'booting' }));
    bridge.handle('signIn', () => {
      throw new ShellError('auth-locked', 'locked out');
    });
    const api = createShellApi(bridge);
    await expect(api.signIn({ username: 'ada', password: 'x' })).rejects.toMatchObject({ code: 'auth-locked' });
    // An argument the contract rejects comes back as invalid-argument, not as success.
    await expect(api.connect({ desktopId: '' })).rejects.toMatchObject({ code: 'invalid-argument' });
  });
});

describe('createShellClient', () => {
  it('delivers events by name and unsubscribes', () => {
    const bridge = new FakeBridge(viewOf({ kind: 'booting' }));
    const client = createShellClient(bridge);
    const got = vi.fn();
    const off = client.on('view', got);
    bridge.emit('view', { rev: 1 });
    off();
    bridge.emit('view', { rev: 2 });
    expect(got).toHaveBeenCalledTimes(1);
    expect(got).toHaveBeenCalledWith({ rev: 1 });
  });
});

describe('connectToShell', () => {
  it('uses the preload bridge when Electron exposed one', async () => {
    const { bridge, seen } = recordingBridge();
    const fakeWindow = { thinshell: bridge } as unknown as Window;
    await connectToShell(fakeWindow).api.cancel({});
    expect(seen).toEqual([{ method: 'cancel', args: {} }]);
  });

  it('without a bridge or a token it reports lost contact and fails calls plainly', async () => {
    setPageUrl('http://127.0.0.1:4000/');
    const client = connectToShell(window);
    const lost = vi.fn();
    client.onLost(lost);
    await expect(client.api.getView({})).rejects.toBeInstanceOf(ApiError);
    await vi.waitFor(() => expect(lost).toHaveBeenCalled());
  });
});
