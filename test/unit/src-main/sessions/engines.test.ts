import { existsSync } from 'node:fs';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../../src-main/common/secret.ts';
import { ErrorCode, EndReason } from '../../../../src-main/contract/index.ts';
import { createEngineRegistry, defaultEngines, endReasonToContract, failureToErrorCode } from '../../../../src-main/sessions/engines.ts';
import { NativeRdpEngine } from '../../../../src-main/sessions/rdp/native/engine.ts';
import { XfreerdpEngine } from '../../../../src-main/sessions/rdp/xfreerdp-engine.ts';
import { RemoteViewerEngine } from '../../../../src-main/sessions/spice/remote-viewer-engine.ts';
import type { RdpConnection, SessionEngine, SessionEndReason, SessionFailure } from '../../../../src-main/sessions/types.ts';

const rdp: RdpConnection = {
  protocol: 'rdp',
  host: '127.0.0.1',
  port: 3389,
  username: 'u',
  password: new Secret('p'),
  security: 'auto',
  certificate: { mode: 'ignore', fingerprints: [] },
  multimon: false,
  title: 't',
};

const LIBRARY_BUILT = existsSync(new URL('../../../../native/build/libthinshell_rdp.so', import.meta.url));

describe('createEngineRegistry', () => {
  it('picks the native engine for RDP unless policy says xfreerdp, remote-viewer for SPICE', () => {
    const registry = createEngineRegistry();
    expect(registry.engines.map((e) => e.id)).toEqual(['native', 'xfreerdp', 'remote-viewer']);
    expect(registry.pickEngine('rdp').engine).toBeInstanceOf(NativeRdpEngine);
    expect(registry.pickEngine('rdp', 'native')).toEqual({ engine: expect.objectContaining({ id: 'native' }) });
    expect(registry.pickEngine('rdp', 'xfreerdp')).toEqual({ engine: expect.objectContaining({ id: 'xfreerdp' }) });
    expect(registry.pickEngine('spice').engine.id).toBe('remote-viewer');
  });

  it('an engine policy names that is not registered: the other RDP engine, with a note', () => {
    const choice = createEngineRegistry([new XfreerdpEngine(), new RemoteViewerEngine()]).pickEngine('rdp', 'native');
    expect(choice.engine.id).toBe('xfreerdp');
    expect(choice.note).toMatch(/native RDP engine is not registered; using xfreerdp/);
  });

  it('chooseEngine: native without its library falls back to xfreerdp and says why', async () => {
    const registry = createEngineRegistry([new NativeRdpEngine({ libraryPath: '/nonexistent/libthinshell_rdp.so' }), new XfreerdpEngine()]);
    const choice = await registry.chooseEngine('rdp', 'native');
    expect(choice.engine.id).toBe('xfreerdp');
    expect(choice.note).toMatch(/native RDP engine cannot run here \(its library libthinshell_rdp.so is missing\); using xfreerdp/);
  });

  it('chooseEngine: the engine asked for when it can run; the asked one when neither can (it then fails as engine-missing)', async () => {
    const native: SessionEngine = { id: 'native', protocol: 'rdp', available: async () => true, start: () => Promise.reject() as never };
    expect(await createEngineRegistry([native, new XfreerdpEngine()]).chooseEngine('rdp', 'native')).toEqual({ engine: native });
    const none = createEngineRegistry([new NativeRdpEngine({ libraryPath: '/nonexistent.so' }), new XfreerdpEngine({ env: { PATH: '/nonexistent' } })]);
    expect((await none.chooseEngine('rdp')).engine.id).toBe('native');
    expect((await createEngineRegistry().chooseEngine('spice')).engine.id).toBe('remote-viewer');
  });

  it('reports which engines can run: clients on PATH, the native library on disk', async () => {
    const here = await createEngineRegistry().available();
    expect(here).toEqual({ native: LIBRARY_BUILT, xfreerdp: true, 'remote-viewer': true });
    const nowhere = await createEngineRegistry(defaultEngines({ env: { PATH: '/nonexistent', THINSHELL_RDP_LIBRARY: '/nonexistent.so' } }, { libraryPath: '/nonexistent.so' })).available();
    expect(nowhere).toEqual({ native: false, xfreerdp: false, 'remote-viewer': false });
  });
});

describe('engines without their client', () => {
  it('xfreerdp: nothing on PATH (spawn fails) or only stdbuf (it exits 127): engine-missing', async () => {
    const none = await new XfreerdpEngine({ env: { PATH: '/nonexistent' } }).start(rdp, { connectTimeoutSec: 5 }).done;
    expect(none).toMatchObject({ kind: 'failed', failure: 'engine-missing' });
    const dir = await mkdtemp(join(tmpdir(), 'thinshell-path-'));
    try {
      await symlink('/usr/bin/stdbuf', join(dir, 'stdbuf'));
      const onlyStdbuf = await new XfreerdpEngine({ env: { PATH: dir } }).start(rdp, { connectTimeoutSec: 5 }).done;
      expect(onlyStdbuf).toMatchObject({ kind: 'failed', failure: 'engine-missing', detail: expect.stringContaining('127') });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('remote-viewer: a start with nothing on PATH fails as engine-missing', async () => {
    const engine = new RemoteViewerEngine({ env: { PATH: '/nonexistent' } });
    const final = await engine.start({ protocol: 'spice', host: '127.0.0.1', port: 5900, title: 't' }, { connectTimeoutSec: 5 }).done;
    expect(final).toMatchObject({ kind: 'failed', failure: 'engine-missing' });
  });
});

describe('engines refuse bad input before starting anything', () => {
  it('a protocol they do not speak', async () => {
    const wrong = await new XfreerdpEngine().start({ protocol: 'spice', host: 'h', port: 1, title: 't' }, { connectTimeoutSec: 5 }).done;
    expect(wrong).toMatchObject({ kind: 'failed', failure: 'failed', detail: expect.stringContaining('spice') });
    const wrong2 = await new RemoteViewerEngine().start(rdp, { connectTimeoutSec: 5 }).done;
    expect(wrong2).toMatchObject({ kind: 'failed', detail: expect.stringContaining('rdp') });
  });

  it('an invalid connection, with the reason', async () => {
    const states: string[] = [];
    const handle = new XfreerdpEngine().start({ ...rdp, host: 'bad host' }, { connectTimeoutSec: 5 });
    handle.onState((s) => states.push(s.kind));
    expect(await handle.done).toMatchObject({ kind: 'failed', detail: expect.stringContaining('host') });
    expect(states).toEqual(['connecting', 'failed']);
    await handle.disconnect();
    const spice = await new RemoteViewerEngine().start({ protocol: 'spice', host: 'h', title: 't' }, { connectTimeoutSec: 5 }).done;
    expect(spice).toMatchObject({ kind: 'failed', detail: expect.stringContaining('port') });
  });
});

describe('contract mappings', () => {
  const failures: SessionFailure[] = [
    'unreachable',
    'dns',
    'auth-failed',
    'password-expired',
    'account-locked',
    'certificate',
    'gateway',
    'server-full',
    'logged-off',
    'timeout',
    'engine-missing',
    'failed',
  ];
  it('every failure has its own session-* error code of the contract', () => {
    const codes = failures.map(failureToErrorCode);
    for (const code of codes) expect(ErrorCode.safeParse(code).success && code.startsWith('session-')).toBe(true);
    expect(new Set(codes).size).toBe(failures.length);
    expect(failureToErrorCode('auth-failed')).toBe('session-auth-failed');
    expect(failureToErrorCode('password-expired')).toBe('session-password-expired');
    expect(failureToErrorCode('account-locked')).toBe('session-account-locked');
    expect(failureToErrorCode('gateway')).toBe('session-gateway');
    expect(failureToErrorCode('server-full')).toBe('session-server-full');
    expect(failureToErrorCode('logged-off')).toBe('session-logged-off');
  });

  it('every end reason is a contract EndReason', () => {
    const reasons: SessionEndReason[] = ['user-disconnect', 'server-disconnect', 'logged-off', 'crashed', 'network-lost'];
    for (const r of reasons) expect(EndReason.parse(endReasonToContract(r))).toBe(r);
  });
});
