import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../../../../src-main/common/secret.ts';
import { NativeRdpEngine } from '../../../../../../src-main/sessions/rdp/native/engine.ts';
import type { WorkerLaunch } from '../../../../../../src-main/sessions/rdp/worker/transport.ts';
import type { RdpConnection, SessionState } from '../../../../../../src-main/sessions/types.ts';
import { fakeTransport, stateMessage } from '../worker/fake-transport.ts';

let root: string;
beforeAll(async () => (root = await mkdtemp(join(tmpdir(), 'thinshell-native-run-'))));
afterAll(() => rm(root, { recursive: true, force: true }));

const spec: RdpConnection = {
  protocol: 'rdp',
  host: '127.0.0.1',
  port: 3389,
  username: 'alice',
  password: new Secret('canary-pw'),
  security: 'nla',
  certificate: { mode: 'ignore', fingerprints: [] },
  multimon: false,
  title: 't',
};

/** A native engine whose worker is a fake the test drives; `script` answers what the parent sends. */
function engineWith(script: (m: Record<string, unknown>, fake: ReturnType<typeof fakeTransport>) => void, watchdog = { intervalMs: 60_000, timeoutMs: 60_000 }) {
  const launches: WorkerLaunch[] = [];
  let fake!: ReturnType<typeof fakeTransport>;
  const engine = new NativeRdpEngine({
    tmpRoot: root,
    libraryPath: '/lib/libthinshell_rdp.so',
    entry: { path: '/worker.mjs', execArgv: [] },
    killGraceMs: 100,
    watchdog,
    launcher: (launch) => {
      launches.push(launch);
      fake = fakeTransport((m) => script(m, fake));
      queueMicrotask(() => fake.emit({ type: 'ready', version: 'fake' }));
      return fake.transport;
    },
  });
  return { engine, launches, fake: () => fake };
}

function record(handle: { onState(l: (s: SessionState) => void): unknown }) {
  const states: SessionState[] = [];
  handle.onState((s) => states.push(s));
  return states;
}

/** A worker that logs on and later ends the way `end` says. */
const loggingOn = (m: Record<string, unknown>, fake: ReturnType<typeof fakeTransport>) => {
  if (m.type === 'start') {
    fake.emit({ type: 'result', seq: m.seq });
    for (const s of ['connecting', 'connected', 'loggedOn']) fake.emit(stateMessage(s));
  } else if (m.type === 'disconnect') {
    fake.emit({ type: 'result', seq: m.seq });
    fake.emit(stateMessage('disconnected', { endReason: 0, lastError: 0x2000b }));
    fake.exit({ code: 0, signal: null });
  } else if (m.type === 'ping') fake.emit({ type: 'result', seq: m.seq, nativeState: 'loggedOn' });
};

describe('runNativeSession with a fake worker', () => {
  it('starts the worker with the library path only, a private HOME and no secret; sends settings + password in start', async () => {
    const { engine, launches, fake } = engineWith(loggingOn);
    const handle = engine.start(spec, { connectTimeoutSec: 5, display: ':77' });
    const states = record(handle);
    await new Promise((r) => setTimeout(r, 50));
    expect(launches).toHaveLength(1);
    const launch = launches[0]!;
    expect(launch.args).toEqual(['/lib/libthinshell_rdp.so']);
    expect(launch.env.DISPLAY).toBe(':77');
    expect(launch.env.HOME).toBe(launch.cwd);
    expect(launch.cwd.startsWith(root)).toBe(true);
    expect(JSON.stringify(launch)).not.toContain('canary-pw');
    const start = fake().sent.find((m) => m.type === 'start')!;
    expect(start).toMatchObject({ password: 'canary-pw', settings: { host: '127.0.0.1', port: '3389', username: 'alice', security: 'nla', cert_mode: 'ignore' } });
    expect(states.map((s) => s.kind)).toEqual(['connecting', 'connected', 'loggedOn']);
    await handle.disconnect();
    expect(await handle.done).toEqual({ kind: 'ended', reason: 'user-disconnect' });
    expect(await readdir(root)).toEqual([]); // the HOME is wiped before done
  });

  it.each([
    [1, 'server-disconnect'],
    [2, 'logged-off'],
    [3, 'network-lost'],
  ] as const)('the server ends a logged-on session (end reason %i): ended %s', async (endReason, reason) => {
    const { engine, fake } = engineWith(loggingOn);
    const handle = engine.start(spec, { connectTimeoutSec: 5 });
    await new Promise((r) => setTimeout(r, 50));
    fake().emit(stateMessage('disconnected', { endReason, lastErrorText: 'server said so' }));
    fake().exit({ code: 0, signal: null });
    expect(await handle.done).toEqual({ kind: 'ended', reason, detail: 'server said so' });
  });

  it('a FAILED state before logon: failed with the mapped failure', async () => {
    const { engine } = engineWith((m, fake) => {
      if (m.type !== 'start') return;
      fake.emit({ type: 'result', seq: m.seq });
      fake.emit(stateMessage('connecting'));
      fake.emit(stateMessage('failed', { lastError: 0x20018, errorKind: 6, lastErrorText: 'locked' }));
      fake.exit({ code: 0, signal: null });
    });
    const handle = engine.start(spec, { connectTimeoutSec: 5 });
    const states = record(handle);
    expect(await handle.done).toMatchObject({ kind: 'failed', failure: 'account-locked' });
    expect(states.map((s) => s.kind)).toEqual(['connecting', 'failed']);
  });

  it('the worker is SIGKILLed mid-session: ended crashed at once', async () => {
    const { engine, fake } = engineWith(loggingOn);
    const handle = engine.start(spec, { connectTimeoutSec: 5 });
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    fake().exit({ code: null, signal: 'SIGKILL' });
    expect(await handle.done).toEqual({ kind: 'ended', reason: 'crashed', detail: 'the session process was killed by SIGKILL' });
    expect(Date.now() - t0).toBeLessThan(500);
  });

  it('the watchdog: a worker that stops answering pings is SIGKILLed and the session ends crashed', async () => {
    const { engine, fake } = engineWith((m, f) => (m.type === 'ping' ? undefined : loggingOn(m, f)), { intervalMs: 20, timeoutMs: 60 });
    const handle = engine.start(spec, { connectTimeoutSec: 5 });
    const final = await handle.done;
    expect(fake().kills).toEqual(['SIGKILL']);
    expect(final).toMatchObject({ kind: 'ended', reason: 'crashed', detail: expect.stringContaining('watchdog') });
  });

  it('the connect deadline: disconnect asked, the worker killed after the grace if it stays, failed timeout', async () => {
    const { engine, fake } = engineWith((m, f) => {
      if (m.type === 'start') {
        f.emit({ type: 'result', seq: m.seq });
        f.emit(stateMessage('connecting'));
      }
    });
    const t0 = Date.now();
    const final = await engine.start(spec, { connectTimeoutSec: 0.2 }).done;
    expect(final).toMatchObject({ kind: 'failed', failure: 'timeout' });
    expect(fake().sent.map((m) => m.type)).toContain('disconnect');
    expect(fake().kills).toEqual(['SIGKILL']);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
  });

  it('the worker sends nonsense: it is killed, the session fails saying so', async () => {
    const { engine, fake } = engineWith((m, f) => {
      if (m.type === 'start') f.emit({ type: 'state', state: 'loggedOn', evil: true });
    });
    const final = await engine.start(spec, { connectTimeoutSec: 5 }).done;
    expect(fake().kills).toEqual(['SIGKILL']);
    expect(final).toMatchObject({ kind: 'failed', failure: 'failed', detail: expect.stringContaining('broke the protocol') });
  });

  it('the worker cannot load the library (fatal, then exit): failed engine-missing; no start is sent', async () => {
    let fake!: ReturnType<typeof fakeTransport>;
    const engine = new NativeRdpEngine({
      tmpRoot: root,
      libraryPath: '/nowhere/libthinshell_rdp.so',
      entry: { path: '/w', execArgv: [] },
      launcher: () => {
        fake = fakeTransport();
        queueMicrotask(() => {
          fake.emit({ type: 'fatal', kind: 'library', message: '/nowhere/libthinshell_rdp.so: cannot open shared object file' });
          fake.exit({ code: 2, signal: null });
        });
        return fake.transport;
      },
    });
    const final = await engine.start(spec, { connectTimeoutSec: 5 }).done;
    expect(final).toMatchObject({ kind: 'failed', failure: 'engine-missing', detail: expect.stringContaining('cannot open shared object') });
    expect(fake.sent).toEqual([]);
  });

  it('a refused setting: failed with the library text', async () => {
    const { engine } = engineWith((m, f) => {
      if (m.type === 'start') {
        f.emit({ type: 'error', seq: m.seq, kind: 'settings', message: 'title: invalid character 0x07' });
        f.exit({ code: 0, signal: null });
      }
    });
    expect(await engine.start(spec, { connectTimeoutSec: 5 }).done).toEqual({ kind: 'failed', failure: 'failed', detail: 'the session could not start: title: invalid character 0x07' });
  });

  it('a launcher that throws (utilityProcess refused): failed, and the private HOME it was given is gone', async () => {
    const engine = new NativeRdpEngine({
      tmpRoot: root,
      libraryPath: '/lib/libthinshell_rdp.so',
      entry: { path: '/worker.mjs', execArgv: [] },
      killGraceMs: 100,
      launcher: () => {
        throw new Error('cannot start the worker');
      },
    });
    const before = await readdir(root);
    const final = await engine.start(spec, { connectTimeoutSec: 5 }).done;
    expect(final.kind).toBe('failed');
    expect(await readdir(root)).toEqual(before);
  });

  it('the worker log goes to the engine log', async () => {
    const lines: string[] = [];
    const e = new NativeRdpEngine({
      tmpRoot: root,
      libraryPath: '/l.so',
      entry: { path: '/w', execArgv: [] },
      log: (l) => lines.push(l),
      launcher: () => {
        const f = fakeTransport();
        queueMicrotask(() => {
          f.output('[WARN][com.freerdp] hello');
          f.exit({ code: 1, signal: null });
        });
        return f.transport;
      },
    });
    expect(await e.start(spec, { connectTimeoutSec: 5 }).done).toMatchObject({ kind: 'failed', detail: expect.stringContaining('exited with code 1') });
    expect(lines).toEqual(['[WARN][com.freerdp] hello']);
  });
});
