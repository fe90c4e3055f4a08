import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../src-main/common/secret.ts';
import { startDisplay, type Display } from '../../../src-main/demo/display.ts';
import { startRdpServer, type RdpServer } from '../../../src-main/demo/servers.ts';
import { NativeRdpEngine } from '../../../src-main/sessions/rdp/native/engine.ts';
import type { RdpConnection, SessionState } from '../../../src-main/sessions/types.ts';
import { clientsUnder, sessionRoot } from '../../support/session-env.ts';
import { recordStates } from '../../support/session-states.ts';
import { LIBRARY, LIBRARY_BUILT } from './native-support.ts';

/**
 * A crash, a kill -9 or a hang of the session worker costs that session and nothing else: this
 * process (standing in for the kiosk) goes on, hears `ended crashed` within 1 s of a kill, and a
 * stopped worker is found by the watchdog, killed and reported the same way.
 */
const USER = 'bob';
const PASSWORD = 'Crash-Test-1';
let server: RdpServer;
let client: Display;
let root: Awaited<ReturnType<typeof sessionRoot>>;

const spec = (): RdpConnection => ({
  protocol: 'rdp',
  host: '127.0.0.1',
  port: server.port,
  username: USER,
  password: new Secret(PASSWORD),
  security: 'nla',
  certificate: { mode: 'pin', fingerprints: [server.fingerprint] },
  multimon: false,
  title: 'crash test',
});

async function loggedOnWorker(engine: NativeRdpEngine) {
  const handle = engine.start(spec(), { connectTimeoutSec: 20, display: client.name });
  const rec = recordStates(handle);
  await rec.waitFor('loggedOn');
  const workers = await clientsUnder(root.path);
  expect(workers).toHaveLength(1);
  return { handle, rec, pid: workers[0]! };
}

describe.skipIf(!LIBRARY_BUILT)('native engine: the worker dies or hangs, the kiosk does not', () => {
  beforeAll(async () => {
    [server, client, root] = await Promise.all([startRdpServer({ user: USER, password: PASSWORD, mode: 'nla', lifetimeSec: 180 }), startDisplay({ width: 1024, height: 768 }), sessionRoot()]);
  });

  afterAll(async () => {
    await Promise.all([server?.stop(), client?.stop()]);
    await root?.remove();
  });

  it('kill -9 of the worker mid-session: ended crashed within 1 s; this process and the next session are fine', async () => {
    const engine = new NativeRdpEngine({ tmpRoot: root.path, libraryPath: LIBRARY });
    const { handle, rec, pid } = await loggedOnWorker(engine);
    const t0 = Date.now();
    process.kill(pid, 'SIGKILL');
    const final = await handle.done;
    const ms = Date.now() - t0;
    console.info(`SIGKILL -> ended crashed in ${ms} ms`);
    expect(final).toEqual({ kind: 'ended', reason: 'crashed', detail: 'the session process was killed by SIGKILL' });
    expect(ms).toBeLessThan(1000);
    expect(rec.kinds()).toEqual(['connecting', 'connected', 'loggedOn', 'ended']);
    expect(await root.homes()).toEqual([]);
    // The parent lives on and can run the next session.
    const next = await loggedOnWorker(engine);
    await next.handle.disconnect();
    expect(await next.handle.done).toEqual({ kind: 'ended', reason: 'user-disconnect' });
  });

  it('a stopped (SIGSTOP) worker: the watchdog misses its answer, kills it, ended crashed', async () => {
    const engine = new NativeRdpEngine({ tmpRoot: root.path, libraryPath: LIBRARY, watchdog: { intervalMs: 300, timeoutMs: 1000 } });
    const { handle, pid } = await loggedOnWorker(engine);
    const t0 = Date.now();
    process.kill(pid, 'SIGSTOP');
    const final = await handle.done;
    const ms = Date.now() - t0;
    console.info(`SIGSTOP -> watchdog -> ended crashed in ${ms} ms`);
    expect(final).toMatchObject({ kind: 'ended', reason: 'crashed', detail: expect.stringContaining('stopped responding (watchdog)') });
    // At most one interval plus one timeout (plus slack) after the stop.
    expect(ms).toBeLessThan(300 + 1000 + 700);
    expect(await clientsUnder(root.path)).toEqual([]);
  });

  it('the worker killed before logon: failed (not a crash of a running desktop), within 1 s', async () => {
    const engine = new NativeRdpEngine({ tmpRoot: root.path, libraryPath: LIBRARY });
    const handle = engine.start(spec(), { connectTimeoutSec: 20, display: client.name });
    const seen: SessionState[] = [];
    handle.onState((s) => seen.push(s));
    let pid: number | undefined;
    for (let i = 0; i < 100 && pid === undefined; i++) {
      pid = (await clientsUnder(root.path))[0];
      if (pid === undefined) await new Promise((r) => setTimeout(r, 20));
    }
    expect(pid).toBeDefined();
    const t0 = Date.now();
    process.kill(pid!, 'SIGKILL');
    const final = await handle.done;
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(final).toMatchObject({ kind: 'failed', failure: 'failed', detail: expect.stringContaining('killed by SIGKILL before the desktop appeared') });
    expect(seen.map((s) => s.kind)).not.toContain('loggedOn');
  });
});
