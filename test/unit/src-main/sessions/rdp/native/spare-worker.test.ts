import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../../../../src-main/common/secret.ts';
import { NativeRdpEngine } from '../../../../../../src-main/sessions/rdp/native/engine.ts';
import type { WorkerLaunch } from '../../../../../../src-main/sessions/rdp/worker/transport.ts';
import type { RdpConnection } from '../../../../../../src-main/sessions/types.ts';
import { fakeTransport, stateMessage } from '../worker/fake-transport.ts';

let root: string;
beforeAll(async () => (root = await mkdtemp(join(tmpdir(), 'thinshell-spare-'))));
afterAll(() => rm(root, { recursive: true, force: true }));

const spec: RdpConnection = {
  protocol: 'rdp',
  host: '127.0.0.1',
  port: 3389,
  username: 'alice',
  password: new Secret('canary-spare-pw'),
  security: 'nla',
  certificate: { mode: 'ignore', fingerprints: [] },
  multimon: false,
  title: 't',
};

type Fake = ReturnType<typeof fakeTransport>;

/** Fake workers that say ready `readyAfterMs` after they start and log on when told to start. */
function engineWithFakes(readyAfterMs = 0) {
  const launches: WorkerLaunch[] = [];
  const fakes: Fake[] = [];
  const engine = new NativeRdpEngine({
    tmpRoot: root,
    libraryPath: '/lib/libthinshell_rdp.so',
    entry: { path: '/worker.mjs', execArgv: [] },
    killGraceMs: 100,
    watchdog: { intervalMs: 60_000, timeoutMs: 60_000 },
    launcher: (launch) => {
      launches.push(launch);
      const fake: Fake = fakeTransport((m) => {
        if (m.type === 'start') {
          fake.emit({ type: 'result', seq: m.seq });
          for (const s of ['connecting', 'connected', 'loggedOn']) fake.emit(stateMessage(s));
        } else if (m.type === 'disconnect') {
          fake.emit({ type: 'result', seq: m.seq });
          fake.emit(stateMessage('disconnected', { endReason: 0 }));
          fake.exit({ code: 0, signal: null });
        }
      });
      fakes.push(fake);
      setTimeout(() => fake.emit({ type: 'ready', version: 'fake' }), readyAfterMs);
      return fake.transport;
    },
  });
  return { engine, launches, fakes };
}

async function logOnAndOff(engine: NativeRdpEngine, display = ':5') {
  const handle = engine.start(spec, { connectTimeoutSec: 5, display });
  const kinds: string[] = [];
  handle.onState((s) => kinds.push(s.kind));
  await new Promise<void>((resolve) => handle.onState((s) => s.kind === 'loggedOn' && resolve()));
  await handle.disconnect();
  return { kinds, final: await handle.done };
}

describe('the spare worker (prepare / release)', () => {
  it('prepare starts a worker with no credentials; the next session takes it and sends start at once', async () => {
    const { engine, launches, fakes } = engineWithFakes();
    expect(await engine.prepare({ display: ':5' })).toBe(true);
    expect(launches).toHaveLength(1);
    expect(JSON.stringify(launches[0])).not.toContain('canary-spare-pw');
    expect(launches[0]!.env.DISPLAY).toBe(':5');
    expect(fakes[0]!.sent).toEqual([]); // nothing is sent to a spare: no settings, no password
    const { kinds, final } = await logOnAndOff(engine);
    expect(launches).toHaveLength(1); // the spare served the session
    expect(fakes[0]!.sent[0]).toMatchObject({ type: 'start', password: 'canary-spare-pw' });
    expect(kinds).toEqual(['connecting', 'connected', 'loggedOn', 'ended']);
    expect(final).toEqual({ kind: 'ended', reason: 'user-disconnect' });
    expect(await readdir(root)).toEqual([]);
  });

  it('a spare still loading when the click comes is taken all the same, and start waits for its ready', async () => {
    const { engine, launches, fakes } = engineWithFakes(80);
    void engine.prepare({ display: ':5' });
    const { final } = await logOnAndOff(engine);
    expect(launches).toHaveLength(1);
    expect(fakes[0]!.sent[0]).toMatchObject({ type: 'start' });
    expect(final).toEqual({ kind: 'ended', reason: 'user-disconnect' });
  });

  it('serves one session only: after it, a session starts its own worker', async () => {
    const { engine, launches } = engineWithFakes();
    await engine.prepare({ display: ':5' });
    await logOnAndOff(engine);
    await logOnAndOff(engine);
    expect(launches).toHaveLength(2);
  });

  it('prepare twice: still one spare', async () => {
    const { engine, launches } = engineWithFakes();
    await Promise.all([engine.prepare({ display: ':5' }), engine.prepare({ display: ':5' })]);
    expect(launches).toHaveLength(1);
    await engine.release();
  });

  it('release ends the spare (SIGTERM) and wipes its HOME; the next session starts a new worker', async () => {
    const { engine, launches, fakes } = engineWithFakes();
    await engine.prepare({ display: ':5' });
    expect(await readdir(root)).toHaveLength(1);
    await engine.release();
    expect(fakes[0]!.kills).toEqual(['SIGTERM']);
    expect(await readdir(root)).toEqual([]);
    await logOnAndOff(engine);
    expect(launches).toHaveLength(2);
  });

  it('a spare that died before the click is not used: the session starts a new worker', async () => {
    const { engine, launches, fakes } = engineWithFakes();
    await engine.prepare({ display: ':5' });
    fakes[0]!.exit({ code: null, signal: 'SIGKILL' });
    const { final } = await logOnAndOff(engine);
    expect(launches).toHaveLength(2);
    expect(final).toEqual({ kind: 'ended', reason: 'user-disconnect' });
  });

  it('a spare for another display is ended and a worker for the right one started', async () => {
    const { engine, launches, fakes } = engineWithFakes();
    await engine.prepare({ display: ':5' });
    await logOnAndOff(engine, ':6');
    expect(launches.map((l) => l.env.DISPLAY)).toEqual([':5', ':6']);
    expect(fakes[0]!.kills).toEqual(['SIGTERM']);
  });

  it('a spare that never gets ready (the library is missing) reports false, and the session fails as it would cold', async () => {
    let launched = 0;
    const engine = new NativeRdpEngine({
      tmpRoot: root,
      libraryPath: '/nowhere/libthinshell_rdp.so',
      entry: { path: '/w', execArgv: [] },
      launcher: () => {
        launched += 1;
        const fake = fakeTransport();
        queueMicrotask(() => {
          fake.emit({ type: 'fatal', kind: 'library', message: 'cannot open shared object file' });
          fake.exit({ code: 2, signal: null });
        });
        return fake.transport;
      },
    });
    expect(await engine.prepare({})).toBe(false);
    expect(await engine.start(spec, { connectTimeoutSec: 5 }).done).toMatchObject({ kind: 'failed', failure: 'engine-missing' });
    expect(launched).toBe(2);
  });
});
