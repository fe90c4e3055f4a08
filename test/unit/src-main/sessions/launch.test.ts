import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../src-main/common/log.ts';
import { ShellError } from '../../../../src-main/contract/index.ts';
import { defaultPolicy } from '../../../../src-main/policy/schema.ts';
import { startSession } from '../../../../src-main/sessions/launch.ts';

describe('startSession', () => {
  it('starts the policy engine and reports its id (native falls back to xfreerdp)', async () => {
    const policy = { ...defaultPolicy, session: { ...defaultPolicy.session, rdpEngine: 'native' as const, connectTimeoutSec: 3 } };
    const notes: string[] = [];
    const log = { ...silentLogger, info: (m: string) => notes.push(m), child: () => log };
    const spec = { protocol: 'rdp' as const, host: 'bad host', port: 3389, security: 'auto' as const, certificate: { mode: 'system' as const, fingerprints: [] }, multimon: false, title: 't' };
    const { handle, engine } = await startSession(spec, policy, { log });
    expect(engine).toBe('xfreerdp');
    expect(notes.join('\n')).toMatch(/native RDP engine is not built/);
    expect(await handle.done).toMatchObject({ kind: 'failed' });
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
