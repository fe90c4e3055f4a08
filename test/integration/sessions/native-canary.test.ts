import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../src-main/common/secret.ts';
import { startDisplay, type Display } from '../../../src-main/demo/display.ts';
import { startRdpServer, type RdpServer } from '../../../src-main/demo/servers.ts';
import { NativeRdpEngine } from '../../../src-main/sessions/rdp/native/engine.ts';
import { findInFiles, findInProcesses } from '../../support/proc-scan.ts';
import { clientsUnder, sessionRoot } from '../../support/session-env.ts';
import { recordStates } from '../../support/session-states.ts';
import { LIBRARY, LIBRARY_BUILT } from './native-support.ts';

/**
 * A canary password, unique to this run: while the native session is up (and after a failed
 * attempt), it must be in no process's command line or environment (the worker's included), in
 * no file under the temp folder, and in nothing the worker or FreeRDP printed.
 */
const CANARY = `canary-${randomBytes(9).toString('base64url')}`;
let server: RdpServer;
let client: Display;
let root: Awaited<ReturnType<typeof sessionRoot>>;
const lines: string[] = [];

async function scanEverywhere(): Promise<void> {
  expect(await findInProcesses(CANARY)).toEqual([]);
  const ours = (await readdir(tmpdir())).filter((n) => n.startsWith('thinshell-')).map((n) => join(tmpdir(), n));
  for (const dir of ours) expect(await findInFiles(dir, CANARY)).toEqual([]);
  expect(lines.filter((l) => l.includes(CANARY))).toEqual([]);
}

describe.skipIf(!LIBRARY_BUILT)('native engine: canary password', () => {
  beforeAll(async () => {
    [server, client, root] = await Promise.all([startRdpServer({ user: 'carol', password: CANARY, mode: 'nla', lifetimeSec: 120 }), startDisplay({ width: 1024, height: 768 }), sessionRoot()]);
  });

  afterAll(async () => {
    await Promise.all([server?.stop(), client?.stop()]);
    await root?.remove();
  });

  it('nowhere in /proc (cmdline, environ), temp files or the worker output while the session runs', async () => {
    const engine = new NativeRdpEngine({ tmpRoot: root.path, libraryPath: LIBRARY, log: (l) => lines.push(l) });
    const handle = engine.start(
      { protocol: 'rdp', host: '127.0.0.1', port: server.port, username: 'carol', password: new Secret(CANARY), security: 'nla', certificate: { mode: 'pin', fingerprints: [server.fingerprint] }, multimon: false, title: 'canary' },
      { connectTimeoutSec: 20, display: client.name },
    );
    await recordStates(handle).waitFor('loggedOn');
    try {
      expect(await clientsUnder(root.path)).toHaveLength(1); // the worker is up, so the scan covers it
      expect(lines.length).toBeGreaterThan(0); // and its output reached us
      await scanEverywhere();
    } finally {
      await handle.disconnect();
    }
    expect(await handle.done).toEqual({ kind: 'ended', reason: 'user-disconnect' });
    await scanEverywhere();
  });

  it('a failed attempt (wrong user) leaves it nowhere either', async () => {
    const engine = new NativeRdpEngine({ tmpRoot: root.path, libraryPath: LIBRARY, log: (l) => lines.push(l) });
    const final = await engine.start(
      { protocol: 'rdp', host: '127.0.0.1', port: server.port, username: 'mallory', password: new Secret(CANARY), security: 'nla', certificate: { mode: 'ignore', fingerprints: [] }, multimon: false, title: 'canary' },
      { connectTimeoutSec: 20, display: client.name },
    ).done;
    expect(final).toMatchObject({ kind: 'failed', failure: 'auth-failed' });
    expect(JSON.stringify(final)).not.toContain(CANARY);
    await scanEverywhere();
  });
});
