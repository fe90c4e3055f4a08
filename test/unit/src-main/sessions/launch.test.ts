import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../src-main/common/log.ts';
import { ShellError } from '../../../../src-main/contract/index.ts';
import { defaultPolicy } from '../../../../src-main/policy/schema.ts';
import { startSession } from '../../../../src-main/sessions/launch.ts';

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
