import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../src-main/common/log.ts';
import { ShellError } from '../../../../src-main/contract/index.ts';
import { defaultPolicy } from '../../../../src-main/policy/schema.ts';
import { createSessionLauncher, startSession } from '../../../../src-main/sessions/launch.ts';
import type { WorkerLaunch } from '../../../../src-main/sessions/rdp/worker/transport.ts';
import { fakeTransport } from './rdp/worker/fake-transport.ts';

const LIBRARY = new URL('../../../../native/build/libthinshell_rdp.so', import.meta.url);

describe('startSession', () => {
  it('starts the engine policy names and reports its id', async () => {
    const spec = { protocol: 'rdp' as const, host: 'bad host', port: 3389, security: 'auto' as const, certificate: { mode: 'system' as const, fingerprints: [] }, multimon: false, title: 't' };
    for (const rdpEngine of ['xfreerdp', 'native'] as const) {
      if (rdpEngine === 'native' && !existsSync(LIBRARY)) continue;
      const policy = { ...defaultPolicy, session: { ...defaultPolicy.session, rdpEngine, connectTimeoutSec: 3 } };
      const { handle, engine } = await startSession(spec, policy, { log: silentLogger });
      expect(engine).toBe(rdpEngine);
      expect(await handle.done).toMatchObject({ kind: 'failed', detail: expect.stringContaining('host') });
    }
  });

  it('native without its library: xfreerdp, with a warning in the log', async () => {
    const notes: string[] = [];
    const log = { ...silentLogger, warn: (m: string) => notes.push(m), child: () => log };
    const policy = { ...defaultPolicy, session: { ...defaultPolicy.session, rdpEngine: 'native' as const, connectTimeoutSec: 3 } };
    const spec = { protocol: 'rdp' as const, host: 'bad host', port: 3389, security: 'auto' as const, certificate: { mode: 'system' as const, fingerprints: [] }, multimon: false, title: 't' };
    const { engine, handle } = await startSession(spec, policy, { log, native: { libraryPath: '/nonexistent/libthinshell_rdp.so' } });
    expect(engine).toBe('xfreerdp');
    expect(notes.join('\n')).toMatch(/native RDP engine cannot run here \(its library libthinshell_rdp.so is missing\); using xfreerdp/);
    await handle.done;
  });

  it('throws session-engine-missing when the client is not installed', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const spec = { protocol: 'spice' as const, host: 'h', port: 1, title: 't' };
      const err = await startSession(spec, defaultPolicy, { log: silentLogger }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ShellError);
      expect((err as ShellError).code).toBe('session-engine-missing');
    } finally {
      process.env.PATH = path;
    }
  });
});

describe('createSessionLauncher: the spare worker', () => {
  const nativePolicy = { ...defaultPolicy, session: { ...defaultPolicy.session, rdpEngine: 'native' as const, connectTimeoutSec: 3 } };
  function launcher() {
    const launches: WorkerLaunch[] = [];
    const fakes: ReturnType<typeof fakeTransport>[] = [];
    const sessions = createSessionLauncher({
      log: silentLogger,
      display: ':9',
      // Any readable file stands in for the library: prepare() only checks it is there.
      native: {
        libraryPath: new URL(import.meta.url).pathname,
        entry: { path: '/worker.mjs', execArgv: [] },
        launcher: (launch) => {
          launches.push(launch);
          const fake = fakeTransport();
          fakes.push(fake);
          queueMicrotask(() => fake.emit({ type: 'ready', version: 'fake' }));
          return fake.transport;
        },
      },
    });
    return { sessions, launches, fakes };
  }

  it('prepares a native worker on the kiosk display only when an RDP desktop is listed and policy runs RDP natively', async () => {
    const { sessions, launches } = launcher();
    expect(await sessions.prepare(nativePolicy, ['spice'])).toBe(false);
    expect(await sessions.prepare({ ...nativePolicy, session: { ...nativePolicy.session, rdpEngine: 'xfreerdp' } }, ['rdp'])).toBe(false);
    expect(launches).toEqual([]);
    expect(await sessions.prepare(nativePolicy, ['spice', 'rdp'])).toBe(true);
    expect(launches.map((l) => l.env.DISPLAY)).toEqual([':9']);
    await sessions.release();
  });

  it('the next RDP session takes the prepared worker; release ends an unused one', async () => {
    const { sessions, launches, fakes } = launcher();
    await sessions.prepare(nativePolicy, ['rdp']);
    const spec = { protocol: 'rdp' as const, host: '127.0.0.1', port: 3389, security: 'auto' as const, certificate: { mode: 'system' as const, fingerprints: [] }, multimon: false, title: 't' };
    const { handle, engine } = await sessions.start(spec, nativePolicy);
    expect(engine).toBe('native');
    await new Promise((r) => setTimeout(r, 20));
    expect(launches).toHaveLength(1);
    expect(fakes[0]!.sent[0]).toMatchObject({ type: 'start', settings: { network: 'lan' } });
    fakes[0]!.exit({ code: 0, signal: null });
    await handle.done;
    await sessions.prepare(nativePolicy, ['rdp']);
    await sessions.release();
    expect(fakes[1]!.kills).toEqual(['SIGTERM']);
  });

  it('policy session.rdpNetwork reaches the native session', async () => {
    const { sessions, fakes } = launcher();
    const spec = { protocol: 'rdp' as const, host: '127.0.0.1', port: 3389, security: 'auto' as const, certificate: { mode: 'system' as const, fingerprints: [] }, multimon: false, title: 't' };
    const { handle } = await sessions.start(spec, { ...nativePolicy, session: { ...nativePolicy.session, rdpNetwork: 'auto' } });
    await new Promise((r) => setTimeout(r, 20));
    expect(fakes[0]!.sent[0]).toMatchObject({ type: 'start', settings: { network: 'auto' } });
    fakes[0]!.exit({ code: 0, signal: null });
    await handle.done;
  });
});
