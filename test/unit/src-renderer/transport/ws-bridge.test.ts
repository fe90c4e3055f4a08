import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectToShell } from '../../../../src-renderer/api.ts';
import { createWsBridge, type WebSocketCtor } from '../../../../src-renderer/transport/ws-bridge.ts';
import { setPageUrl } from '../helpers/page.ts';
import { startWsHost } from '../helpers/ws-host.ts';

// The page's own WebSocket (happy-dom's, a real client) against a real server on loopback.
const Socket = WebSocket as unknown as WebSocketCtor;
const TOKEN = 'a1b2c3d4e5f60718';
let host: Awaited<ReturnType<typeof startWsHost>> | null = null;

afterEach(async () => {
  await host?.close();
  host = null;
});

describe('createWsBridge against a real ws server', () => {
  it('queues calls made before the socket opens, prefixes them on the wire, and correlates replies by seq', async () => {
    host = await startWsHost(TOKEN);
    const bridge = createWsBridge(`ws://127.0.0.1:${host.port}/bridge?token=${TOKEN}`, Socket);
    const first = bridge.invoke('getView', {});
    const second = bridge.invoke('cancel', {});
    await host.frameCount(2);
    expect(host.frames.map((f) => f.method)).toEqual(['thinshell:getView', 'thinshell:cancel']);
    const [a, b] = host.frames;
    // Answer the second call first: each promise must still get its own reply.
    host.send({ type: 'reply', seq: b?.seq, reply: { ok: true, value: 'second' } });
    host.send({ type: 'reply', seq: a?.seq, reply: { ok: false, error: { code: 'internal', message: 'x' } } });
    await expect(second).resolves.toEqual({ ok: true, value: 'second' });
    await expect(first).resolves.toEqual({ ok: false, error: { code: 'internal', message: 'x' } });
  });

  it('fans events out to listeners, with or without the channel prefix on the wire', async () => {
    host = await startWsHost(TOKEN);
    const bridge = createWsBridge(`ws://127.0.0.1:${host.port}/bridge?token=${TOKEN}`, Socket);
    const got: unknown[] = [];
    bridge.on('view', (p) => got.push(p));
    void bridge.invoke('getView', {});
    await host.frameCount(1); // the socket is open once a frame got through
    host.send({ type: 'event', event: 'view', payload: { rev: 1 } });
    host.send('{not json');
    host.send({ type: 'event', event: 'thinshell:view', payload: { rev: 2 } });
    await vi.waitFor(() => expect(got).toEqual([{ rev: 1 }, { rev: 2 }]));
  });

  it('a closed socket fails pending and later calls at once and reports lost contact', async () => {
    host = await startWsHost(TOKEN);
    const bridge = createWsBridge(`ws://127.0.0.1:${host.port}/bridge?token=${TOKEN}`, Socket);
    const lost = vi.fn();
    bridge.onLost(lost);
    const pending = bridge.invoke('getView', {});
    await host.frameCount(1);
    host.dropClient();
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
    await vi.waitFor(() => expect(lost).toHaveBeenCalledTimes(1));
    await expect(bridge.invoke('cancel', {})).resolves.toMatchObject({ ok: false });
  });

  it('a refused token is lost contact, not a hang', async () => {
    host = await startWsHost(TOKEN);
    const bridge = createWsBridge(`ws://127.0.0.1:${host.port}/bridge?token=ffff`, Socket);
    const reply = bridge.invoke('getView', {});
    await expect(reply).resolves.toMatchObject({ ok: false });
  });
});

describe('connectToShell in a browser page', () => {
  it('takes the token from the fragment, strips it from the URL and talks over /bridge', async () => {
    host = await startWsHost(TOKEN);
    setPageUrl(`http://127.0.0.1:${host.port}/index.html#token=${TOKEN}`);
    const client = connectToShell(window);
    expect(location.hash).toBe('');
    expect(location.href).toBe(`http://127.0.0.1:${host.port}/index.html`);
    const view = client.api.getView({});
    await host.frameCount(1);
    expect(host.paths).toEqual([`/bridge?token=${TOKEN}`]);
    host.send({ type: 'reply', seq: host.frames[0]?.seq, reply: { ok: true, value: { rev: 3 } } });
    await expect(view).resolves.toEqual({ rev: 3 });
  });
});
