import { mkdir } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../src-main/common/secret.ts';
import { startDisplay, type Display } from '../../../src-main/demo/display.ts';
import { startHttpProxy, type HttpProxy } from '../../../src-main/demo/http-proxy.ts';
import { freeLoopbackPort, startSpiceServer, type SpiceServer } from '../../../src-main/demo/servers.ts';
import { RemoteViewerEngine } from '../../../src-main/sessions/spice/remote-viewer-engine.ts';
import type { SessionState, SpiceConnection } from '../../../src-main/sessions/types.ts';
import { guestScreenMatch, saveScreen } from '../../support/screen.ts';
import { clientsUnder, sessionRoot } from '../../support/session-env.ts';
import { recordStates } from '../../support/session-states.ts';
import { makeTestPki, type TestPki } from '../../support/tls-cert.ts';

// SPICE through a real HTTP CONNECT proxy (Debian's tinyproxy, set up as Proxmox's spiceproxy
// on 3128 is: CONNECT only to the SPICE ports), and every way the proxy step can fail.
const PASSWORD = 'proxy-canary-Pw 1';
const shots = new URL('../../../test-results/screenshots/', import.meta.url).pathname;
let pki: TestPki;
let open: SpiceServer;
let locked: SpiceServer;
let proxy: HttpProxy;
let authProxy: HttpProxy;
let display: Display;
let root: Awaited<ReturnType<typeof sessionRoot>>;
let engine: RemoteViewerEngine;
let liar: Server;
const liarSockets = new Set<Socket>();
const lines: string[] = [];

beforeAll(async () => {
  pki = await makeTestPki();
  [open, locked, display, root] = await Promise.all([
    startSpiceServer({ lifetimeSec: 240 }),
    startSpiceServer({ password: PASSWORD, tls: { ca: pki.ca, ...pki.server }, lifetimeSec: 240 }),
    startDisplay({ windowManager: true }),
    sessionRoot(),
  ]);
  // The plain port of the TLS server is left out: only its TLS port may be reached.
  [proxy, authProxy] = await Promise.all([
    startHttpProxy({ connectPorts: [open.port, locked.tlsPort!], lifetimeSec: 240 }),
    startHttpProxy({ connectPorts: [open.port], basicAuth: { user: 'proxyuser', password: 'proxypass' }, lifetimeSec: 240 }),
  ]);
  // A "proxy" that answers, but not in HTTP.
  liar = createServer((s) => {
    liarSockets.add(s.on('close', () => liarSockets.delete(s)));
    s.end('SSH-2.0-OpenSSH_9.2\r\n\r\n');
  });
  await new Promise<void>((r) => liar.listen(0, '127.0.0.1', r));
  await mkdir(shots, { recursive: true });
  engine = new RemoteViewerEngine({ tmpRoot: root.path, log: (l) => lines.push(l), killGraceMs: 1000 });
});

afterAll(async () => {
  for (const s of liarSockets) s.destroy();
  await new Promise((r) => liar?.close(r));
  await Promise.all([open?.stop(), locked?.stop(), proxy?.stop(), authProxy?.stop(), display?.stop()]);
  await Promise.all([root?.remove(), pki?.remove()]);
});

const spec = (over: Partial<SpiceConnection>): SpiceConnection => ({ protocol: 'spice', host: '127.0.0.1', title: 'thinshell proxy test', ...over });

/** One attempt: up to loggedOn (then `whileUp` runs, then disconnect), or to its failure. */
async function attempt(connection: SpiceConnection, whileUp?: () => Promise<void>): Promise<SessionState> {
  const handle = engine.start(connection, { connectTimeoutSec: 20, display: display.name });
  const rec = recordStates(handle);
  const up = await Promise.race([rec.waitFor('loggedOn').then(() => true), handle.done.then(() => false)]);
  try {
    if (up) await whileUp?.();
  } finally {
    await handle.disconnect();
  }
  const final = await handle.done;
  expect(await clientsUnder(root.path)).toEqual([]);
  return up ? { kind: 'loggedOn' } : final;
}

describe('remote-viewer through an HTTP CONNECT proxy (tinyproxy)', () => {
  it('connects through the proxy: loggedOn, and the proxy carried the connection', async () => {
    const before = proxy.connects().length;
    expect(await attempt(spec({ port: open.port, proxy: proxy.url }))).toEqual({ kind: 'loggedOn' });
    expect(proxy.connects().slice(before)).toContain(`127.0.0.1:${open.port}`);
  });

  it('TLS + password + proxy together: loggedOn, and the guest screen arrived through the tunnel', async () => {
    const before = proxy.connects().length;
    const connection = spec({ host: 'localhost', tlsPort: locked.tlsPort!, password: new Secret(PASSWORD), ca: pki.ca, hostSubject: 'CN=localhost', proxy: proxy.url });
    const state = await attempt(connection, async () => {
      const match = await guestScreenMatch(display.name, () => locked.screendump());
      await saveScreen(display.name, join(shots, 'spice-tls-proxy-session.png'));
      // QEMU's own picture of its guest (SeaBIOS text) against what remote-viewer shows, cell by cell.
      expect(match.litCells).toBeGreaterThan(0);
      expect(match.distance).toBeLessThanOrEqual(24);
    });
    expect(state).toEqual({ kind: 'loggedOn' });
    expect(proxy.connects().slice(before)).toContain(`localhost:${locked.tlsPort}`);
    expect(lines.join('\n')).not.toContain(PASSWORD);
  });

  it('TLS through the proxy is still verified: a wrong host subject is refused', async () => {
    const connection = spec({ host: 'localhost', tlsPort: locked.tlsPort!, password: new Secret(PASSWORD), ca: pki.ca, hostSubject: 'CN=not-this-one', proxy: proxy.url });
    expect(await attempt(connection)).toMatchObject({ kind: 'failed', failure: 'certificate' });
  });
});

describe('the proxy step failing: each a clear failure', () => {
  it('nothing listens at the proxy address: gateway, "could not be reached"', async () => {
    const state = await attempt(spec({ port: open.port, proxy: `http://127.0.0.1:${await freeLoopbackPort()}` }));
    expect(state).toMatchObject({ kind: 'failed', failure: 'gateway', detail: expect.stringContaining('SPICE proxy could not be reached') });
  });

  it('the proxy refuses CONNECT to a port it does not allow (403): gateway', async () => {
    // The TLS server's plain port is not in the proxy's ConnectPort list.
    const state = await attempt(spec({ port: locked.port, proxy: proxy.url }));
    expect(state).toMatchObject({ kind: 'failed', failure: 'gateway', detail: expect.stringContaining('HTTP 403') });
  });

  it('the proxy wants credentials (407): gateway; with them in the proxy URL: loggedOn', async () => {
    expect(await attempt(spec({ port: open.port, proxy: authProxy.url }))).toMatchObject({ kind: 'failed', failure: 'gateway', detail: expect.stringContaining('HTTP 407') });
    const withCredentials = authProxy.url.replace('http://', 'http://proxyuser:proxypass@');
    expect(await attempt(spec({ port: open.port, proxy: withCredentials }))).toEqual({ kind: 'loggedOn' });
    // The client's output (the admin's log) does not repeat the proxy's password.
    expect(lines.join('\n')).not.toContain('proxypass');
  });

  it("the proxy's name does not resolve: gateway, naming the proxy's host name", async () => {
    const state = await attempt(spec({ port: open.port, proxy: 'http://no-such-proxy.invalid:3128' }));
    expect(state).toMatchObject({ kind: 'failed', failure: 'gateway', detail: expect.stringContaining("proxy's host name") });
  });

  it('the proxy cannot reach the desktop behind it: unreachable', async () => {
    const state = await attempt(spec({ host: 'no-such-desktop.invalid', port: open.port, proxy: proxy.url }));
    expect(state).toMatchObject({ kind: 'failed', failure: 'unreachable', detail: expect.stringContaining('could not reach the desktop') });
  });

  it('something that is not an HTTP proxy answers: gateway', async () => {
    const port = (liar.address() as { port: number }).port;
    const state = await attempt(spec({ port: open.port, proxy: `http://127.0.0.1:${port}` }));
    expect(state).toMatchObject({ kind: 'failed', failure: 'gateway', detail: expect.stringContaining('not as an HTTP proxy') });
  });
});
