import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLibrary, libraryCandidates, LIBRARY_NAME } from '../../../../../../src-main/sessions/rdp/native/library-path.ts';
import { NativeRdpEngine } from '../../../../../../src-main/sessions/rdp/native/engine.ts';
import type { RdpConnection } from '../../../../../../src-main/sessions/types.ts';

const spec: RdpConnection = { protocol: 'rdp', host: '127.0.0.1', port: 3389, security: 'auto', certificate: { mode: 'system', fingerprints: [] }, multimon: false, title: 't' };
const neverLaunch = () => {
  throw new Error('must not start a worker');
};

describe('library-path', () => {
  it('looks at $THINSHELL_RDP_LIBRARY, then the build tree, then the installed path', () => {
    const url = 'file:///repo/src-main/sessions/rdp/native/library-path.ts';
    expect(libraryCandidates({ THINSHELL_RDP_LIBRARY: '/opt/x.so' }, url)).toEqual(['/opt/x.so', `/repo/native/build/${LIBRARY_NAME}`, `/usr/lib/thinshell/${LIBRARY_NAME}`]);
    expect(libraryCandidates({}, 'file:///repo/dist/node/cli.mjs')).toEqual([`/repo/native/build/${LIBRARY_NAME}`, `/usr/lib/thinshell/${LIBRARY_NAME}`]);
    expect(libraryCandidates({}, null)).toEqual([`/usr/lib/thinshell/${LIBRARY_NAME}`]);
  });

  it('finds the first that exists', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'thinshell-lib-'));
    try {
      await writeFile(join(dir, 'b.so'), '');
      expect(await findLibrary([join(dir, 'a.so'), join(dir, 'b.so')])).toBe(join(dir, 'b.so'));
      expect(await findLibrary([join(dir, 'a.so')])).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('NativeRdpEngine', () => {
  it('is available only where its library is', async () => {
    expect(await new NativeRdpEngine({ libraryPath: '/nonexistent/libthinshell_rdp.so' }).available()).toBe(false);
    const missing = new NativeRdpEngine({ env: { THINSHELL_RDP_LIBRARY: '/nonexistent.so' } });
    // The build tree's library decides when the variable points nowhere.
    expect(await missing.available()).toBe(existsSync(new URL(`../../../../../../native/build/${LIBRARY_NAME}`, import.meta.url)));
  });

  it('refuses what it cannot open before any process starts', async () => {
    const engine = new NativeRdpEngine({ libraryPath: '/x.so', entry: { path: '/w', execArgv: [] }, launcher: neverLaunch });
    expect(await engine.start({ protocol: 'spice', host: 'h', port: 1, title: 't' }, { connectTimeoutSec: 5 }).done).toMatchObject({ kind: 'failed', detail: expect.stringContaining('spice') });
    expect(await engine.start({ ...spec, host: 'bad host' }, { connectTimeoutSec: 5 }).done).toMatchObject({ kind: 'failed', detail: expect.stringContaining('host') });
  });

  it('without a library: failed engine-missing, no worker', async () => {
    const engine = new NativeRdpEngine({ env: { THINSHELL_RDP_LIBRARY: '/nonexistent.so' }, entry: { path: '/w', execArgv: [] }, launcher: neverLaunch });
    const states: string[] = [];
    const handle = engine.start(spec, { connectTimeoutSec: 5 });
    handle.onState((s) => states.push(s.kind));
    expect(await handle.done).toMatchObject({ kind: 'failed', failure: 'engine-missing' });
    expect(states).toEqual(['connecting', 'failed']);
    await handle.disconnect();
  });
});
