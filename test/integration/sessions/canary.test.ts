import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../src-main/common/secret.ts';
import { startDisplay, type Display } from '../../../src-main/demo/display.ts';
import { startRdpServer, startSpiceServer, type LoopbackServer, type RdpServer } from '../../../src-main/demo/servers.ts';
import { XfreerdpEngine } from '../../../src-main/sessions/rdp/xfreerdp-engine.ts';
import { RemoteViewerEngine } from '../../../src-main/sessions/spice/remote-viewer-engine.ts';
import type { SessionHandle } from '../../../src-main/sessions/types.ts';
import { findInFiles, findInProcesses } from '../../support/proc-scan.ts';
import { sessionRoot } from '../../support/session-env.ts';
import { recordStates } from '../../support/session-states.ts';

/**
 * A canary password, unique to this run: while each session is up, it must not be found in any
 * process's command line or environment, in any file the engine or the test servers keep in the
 * temp folder, or in anything the client printed.
 */
const CANARY = `canary-${randomBytes(9).toString('base64url')}`;
let rdp: RdpServer;
let spice: LoopbackServer;
let plain: Display;
let withWm: Display;
let root: Awaited<ReturnType<typeof sessionRoot>>;
const lines: string[] = [];

beforeAll(async () => {
  [rdp, spice, plain, withWm, root] = await Promise.all([
    startRdpServer({ user: 'carol', password: CANARY, mode: 'nla', lifetimeSec: 120 }),
    startSpiceServer({ password: CANARY, lifetimeSec: 120 }),
    startDisplay({ width: 1024, height: 768 }),
    startDisplay({ windowManager: true }),
    sessionRoot(),
  ]);
});

afterAll(async () => {
  await Promise.all([rdp?.stop(), spice?.stop(), plain?.stop(), withWm?.stop()]);
  await root?.remove();
});

async function scanWhileUp(handle: SessionHandle): Promise<void> {
  await recordStates(handle).waitFor('loggedOn');
  try {
    expect(await root.homes()).toHaveLength(1); // the scan below looks where the client writes
    expect(await findInProcesses(CANARY)).toEqual([]);
    const ours = (await readdir(tmpdir())).filter((n) => n.startsWith('thinshell-')).map((n) => join(tmpdir(), n));
    for (const dir of ours) expect(await findInFiles(dir, CANARY)).toEqual([]);
    expect(lines.filter((l) => l.includes(CANARY))).toEqual([]);
  } finally {
    await handle.disconnect();
  }
  expect(await handle.done).toEqual({ kind: 'ended', reason: 'user-disconnect' });
  expect(await root.homes()).toEqual([]);
}

describe('canary password', () => {
  it('xfreerdp: nowhere in /proc, temp files or output while the session runs', async () => {
    const engine = new XfreerdpEngine({ tmpRoot: root.path, log: (l) => lines.push(l) });
    const handle = engine.start(
      {
        protocol: 'rdp',
        host: '127.0.0.1',
        port: rdp.port,
        username: 'carol',
        password: new Secret(CANARY),
        security: 'nla',
        certificate: { mode: 'pin', fingerprints: [rdp.fingerprint] },
        multimon: false,
        title: 'canary',
      },
      { connectTimeoutSec: 20, display: plain.name },
    );
    await scanWhileUp(handle);
  });

  it('remote-viewer: nowhere in /proc, temp files or output while the session runs', async () => {
    const engine = new RemoteViewerEngine({ tmpRoot: root.path, log: (l) => lines.push(l) });
    const handle = engine.start(
      { protocol: 'spice', host: '127.0.0.1', port: spice.port, password: new Secret(CANARY), title: 'canary' },
      { connectTimeoutSec: 20, display: withWm.name },
    );
    await scanWhileUp(handle);
  });

  it('the scan does find the canary where it is (so an empty result means something)', async () => {
    const { spawn } = await import('node:child_process');
    const decoy = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)', CANARY], { stdio: 'ignore' });
    try {
      expect(await findInProcesses(CANARY)).toContain(`/proc/${decoy.pid}/cmdline`);
    } finally {
      decoy.kill();
    }
  });
});
