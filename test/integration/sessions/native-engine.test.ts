import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../src-main/common/secret.ts';
import { startDisplay, type Display } from '../../../src-main/demo/display.ts';
import { startRdpServer, testPatternAt, type RdpServer } from '../../../src-main/demo/servers.ts';
import { NativeRdpEngine } from '../../../src-main/sessions/rdp/native/engine.ts';
import type { RdpConnection } from '../../../src-main/sessions/types.ts';
import { patternDistance } from '../../support/screen.ts';
import { clientsUnder, sessionRoot } from '../../support/session-env.ts';
import { recordStates } from '../../support/session-states.ts';
import { rdpNetworkFailureTests } from './rdp-network-failures.ts';
import { LIBRARY, LIBRARY_BUILT } from './native-support.ts';

const USER = 'alice';
const PASSWORD = 'S3cret-Native!';
let server: RdpServer;
let client: Display;
let root: Awaited<ReturnType<typeof sessionRoot>>;
let engine: NativeRdpEngine;
const lines: string[] = [];

function spec(over: Partial<RdpConnection> = {}): RdpConnection {
  return {
    protocol: 'rdp',
    host: '127.0.0.1',
    port: server.port,
    username: USER,
    password: new Secret(PASSWORD),
    security: 'nla',
    certificate: { mode: 'pin', fingerprints: [server.fingerprint] },
    multimon: false,
    title: 'thinshell native test',
    ...over,
  };
}

describe.skipIf(!LIBRARY_BUILT)('native engine (libthinshell_rdp.so in a worker process) against freerdp-shadow-cli (NLA)', () => {
  beforeAll(async () => {
    [server, client, root] = await Promise.all([startRdpServer({ user: USER, password: PASSWORD, mode: 'nla', lifetimeSec: 240 }), startDisplay({ width: 1024, height: 768 }), sessionRoot()]);
    engine = new NativeRdpEngine({ tmpRoot: root.path, libraryPath: LIBRARY, log: (l) => lines.push(l), killGraceMs: 3000 });
    expect(await engine.available()).toBe(true);
  });

  afterAll(async () => {
    await Promise.all([server?.stop(), client?.stop()]);
    await root?.remove();
  });

  it('the right password: connecting, connected, loggedOn; the server picture on screen; disconnect() ends cleanly', async () => {
    const t0 = Date.now();
    const handle = engine.start(spec(), { connectTimeoutSec: 20, display: client.name });
    const rec = recordStates(handle, t0);
    try {
      await rec.waitFor('loggedOn');
    } catch (err) {
      await handle.disconnect();
      throw err;
    }
    console.info(`native start->connected ${rec.at.connected} ms, ->loggedOn ${rec.at.loggedOn} ms`);
    expect(rec.kinds()).toEqual(['connecting', 'connected', 'loggedOn']);
    const workers = await clientsUnder(root.path);
    expect(workers).toHaveLength(1);
    let worst = Infinity;
    try {
      worst = await patternDistance(client.name, (x, y) => testPatternAt(x, y, 1024, 768));
    } finally {
      await handle.disconnect();
    }
    expect(worst).toBeLessThanOrEqual(40);
    expect(await handle.done).toEqual({ kind: 'ended', reason: 'user-disconnect' });
    expect(await clientsUnder(root.path)).toEqual([]);
    expect(await root.homes()).toEqual([]);
  });

  it('a wrong password: failed auth-failed', async () => {
    const final = await engine.start(spec({ password: new Secret('wrong') }), { connectTimeoutSec: 20, display: client.name }).done;
    expect(final).toMatchObject({ kind: 'failed', failure: 'auth-failed' });
  });

  it('a pinned fingerprint that is not the server certificate: failed certificate', async () => {
    const other = server.fingerprint.replace(/^../, server.fingerprint.startsWith('00') ? '11' : '00');
    const final = await engine.start(spec({ certificate: { mode: 'pin', fingerprints: [other] } }), { connectTimeoutSec: 20, display: client.name }).done;
    expect(final).toMatchObject({ kind: 'failed', failure: 'certificate', detail: expect.stringContaining('pinned') });
  });

  it('system trust and a self-signed server certificate: failed certificate', async () => {
    const final = await engine.start(spec({ certificate: { mode: 'system', fingerprints: [] } }), { connectTimeoutSec: 20, display: client.name }).done;
    expect(final).toMatchObject({ kind: 'failed', failure: 'certificate' });
  });

  rdpNetworkFailureTests(() => ({ engine, spec, display: client.name, root: root.path, user: USER, password: PASSWORD }));
});
