import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../src-main/common/secret.ts';
import { startDisplay, type Display } from '../../../src-main/demo/display.ts';
import { freeLoopbackPort, startSpiceServer, type LoopbackServer } from '../../../src-main/demo/servers.ts';
import { RemoteViewerEngine } from '../../../src-main/sessions/spice/remote-viewer-engine.ts';
import type { SpiceConnection } from '../../../src-main/sessions/types.ts';
import { clientsUnder, sessionRoot } from '../../support/session-env.ts';
import { recordStates } from '../../support/session-states.ts';

// Characters GLib key files must escape, and a ';' that only lists escape: end to end through
// our .vv writer, remote-viewer's GLib parser and QEMU's password check.
const PASSWORD = ' Sp1ce;pw\\#=ü ';
let open: LoopbackServer;
let locked: LoopbackServer;
let client: Display;
let root: Awaited<ReturnType<typeof sessionRoot>>;
let engine: RemoteViewerEngine;
const lines: string[] = [];

beforeAll(async () => {
  [open, locked, client, root] = await Promise.all([
    startSpiceServer({ lifetimeSec: 240, usbRedir: 2 }),
    startSpiceServer({ password: PASSWORD, lifetimeSec: 240 }),
    startDisplay({ windowManager: true }),
    sessionRoot(),
  ]);
  engine = new RemoteViewerEngine({ tmpRoot: root.path, log: (l) => lines.push(l), killGraceMs: 1000 });
});

afterAll(async () => {
  await Promise.all([open?.stop(), locked?.stop(), client?.stop()]);
  await root?.remove();
});

const spec = (over: Partial<SpiceConnection>): SpiceConnection => ({ protocol: 'spice', host: '127.0.0.1', title: 'thinshell spice test', ...over });

async function connectThenDisconnect(connection: SpiceConnection) {
  const t0 = Date.now();
  const handle = engine.start(connection, { connectTimeoutSec: 20, display: client.name });
  const rec = recordStates(handle, t0);
  try {
    await rec.waitFor('loggedOn');
  } finally {
    await handle.disconnect();
  }
  return { rec, final: await handle.done };
}

describe('remote-viewer against QEMU SPICE on loopback', () => {
  it('no password: connected, loggedOn, the USB redirection channels opened; disconnect() ends cleanly', async () => {
    const before = lines.length;
    const { rec, final } = await connectThenDisconnect(spec({ port: open.port }));
    console.info(`remote-viewer start->connected ${rec.at.connected} ms, ->loggedOn ${rec.at.loggedOn} ms`);
    expect(rec.kinds()).toEqual(['connecting', 'connected', 'loggedOn', 'ended']);
    expect(final).toEqual({ kind: 'ended', reason: 'user-disconnect' });
    expect(lines.slice(before).filter((l) => /New spice channel .* SpiceUsbredirChannel/.test(l)).length).toBe(2);
    expect(await clientsUnder(root.path)).toEqual([]);
    expect(await root.homes()).toEqual([]);
  });

  it('GStreamer\'s plugin registry is kept in the account\'s private cache, not rebuilt in every wiped HOME', async () => {
    const cache = await mkdtemp(join(root.path, 'cache-'));
    const own = new RemoteViewerEngine({ tmpRoot: root.path, env: { ...process.env, XDG_CACHE_HOME: cache }, killGraceMs: 1000 });
    const handle = own.start(spec({ port: open.port }), { connectTimeoutSec: 20, display: client.name });
    try {
      await recordStates(handle).waitFor('loggedOn');
      const homes = (await root.homes()).filter((h) => !h.startsWith(cache));
      expect(homes).toHaveLength(1);
      expect(existsSync(join(homes[0]!, '.cache/gstreamer-1.0'))).toBe(false);
    } finally {
      await handle.disconnect();
    }
    expect(existsSync(join(cache, 'thinshell/gstreamer-registry.bin'))).toBe(true);
    await rm(cache, { recursive: true, force: true });
  });

  it('the secret password (with characters .vv must escape): loggedOn', async () => {
    const { final } = await connectThenDisconnect(spec({ port: locked.port, password: new Secret(PASSWORD) }));
    expect(final).toEqual({ kind: 'ended', reason: 'user-disconnect' });
  });

  it('a wrong password: failed auth-failed, and the process behind its dialog is gone', async () => {
    const final = await engine.start(spec({ port: locked.port, password: new Secret(PASSWORD.trim()) }), { connectTimeoutSec: 20, display: client.name }).done;
    expect(final).toMatchObject({ kind: 'failed', failure: 'auth-failed' });
    expect(await clientsUnder(root.path)).toEqual([]);
  });

  it('nothing listening: failed unreachable; a name that does not resolve: failed dns', async () => {
    const refused = await engine.start(spec({ port: await freeLoopbackPort() }), { connectTimeoutSec: 20, display: client.name }).done;
    expect(refused).toMatchObject({ kind: 'failed', failure: 'unreachable' });
    const dns = await engine.start(spec({ host: 'no-such-host.invalid', port: 5900 }), { connectTimeoutSec: 20, display: client.name }).done;
    expect(dns).toMatchObject({ kind: 'failed', failure: 'dns' });
    expect(await clientsUnder(root.path)).toEqual([]);
  });

  it('a desktop (or proxy) that accepts and never answers: failed timeout at the deadline, the process ended', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((sock) => void sockets.add(sock));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    try {
      const direct = await engine.start(spec({ port }), { connectTimeoutSec: 2, display: client.name }).done;
      expect(direct).toMatchObject({ kind: 'failed', failure: 'timeout' });
      const proxied = await engine.start(spec({ port: open.port, proxy: `http://127.0.0.1:${port}` }), { connectTimeoutSec: 2, display: client.name }).done;
      expect(proxied).toMatchObject({ kind: 'failed', failure: 'timeout' });
      expect(await clientsUnder(root.path)).toEqual([]);
    } finally {
      for (const sock of sockets) sock.destroy();
      await new Promise((r) => silent.close(r));
    }
  });

  it('QEMU killed mid-session: ended server-disconnect', async () => {
    const own = await startSpiceServer({ lifetimeSec: 60 });
    try {
      const handle = engine.start(spec({ port: own.port }), { connectTimeoutSec: 20, display: client.name });
      await recordStates(handle).waitFor('loggedOn');
      await own.crash();
      expect(await handle.done).toMatchObject({ kind: 'ended', reason: 'server-disconnect' });
      expect(await clientsUnder(root.path)).toEqual([]);
    } finally {
      await own.stop();
    }
  });
});
