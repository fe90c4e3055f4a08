import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../src-main/common/secret.ts';
import { startDisplay, type Display } from '../../../src-main/demo/display.ts';
import { startRdpServer, type RdpServer } from '../../../src-main/demo/servers.ts';
import { NativeRdpEngine } from '../../../src-main/sessions/rdp/native/engine.ts';
import type { RdpConnection } from '../../../src-main/sessions/types.ts';
import { sessionRoot } from '../../support/session-env.ts';
import { recordStates } from '../../support/session-states.ts';
import { LIBRARY, LIBRARY_BUILT } from './native-support.ts';

/**
 * FreeRDP's shadow server with TLS security and PAM (service `login`): it checks a real local
 * account, so this test makes a throwaway one (no home, no shell) and removes it afterwards.
 * Needs root and useradd; skipped, saying so, otherwise.
 */
const USER = `tsn${randomBytes(4).toString('hex')}`;
const PASSWORD = `Pam-${randomBytes(6).toString('base64url')}`;
const CAN = process.getuid?.() === 0 && existsSync('/usr/sbin/useradd') && existsSync('/usr/sbin/chpasswd');
if (!CAN) console.warn('SKIPPED: the TLS + PAM test needs root and useradd/chpasswd');

let server: RdpServer;
let client: Display;
let root: Awaited<ReturnType<typeof sessionRoot>>;
let engine: NativeRdpEngine;

const spec = (password: string): RdpConnection => ({
  protocol: 'rdp',
  host: '127.0.0.1',
  port: server.port,
  username: USER,
  password: new Secret(password),
  security: 'tls',
  certificate: { mode: 'pin', fingerprints: [server.fingerprint] },
  multimon: false,
  title: 'tls pam test',
});

describe.skipIf(!LIBRARY_BUILT || !CAN)('native engine against freerdp-shadow-cli (TLS + PAM, a local account)', () => {
  beforeAll(async () => {
    const add = spawnSync('/usr/sbin/useradd', ['-M', '-N', '-s', '/usr/sbin/nologin', USER], { encoding: 'utf8' });
    if (add.status !== 0) throw new Error(`useradd: ${add.stderr}`);
    // The password through stdin: never on a command line.
    const pw = spawnSync('/usr/sbin/chpasswd', [], { input: `${USER}:${PASSWORD}\n`, encoding: 'utf8' });
    if (pw.status !== 0) throw new Error(`chpasswd: ${pw.stderr}`);
    [server, client, root] = await Promise.all([startRdpServer({ user: USER, password: PASSWORD, mode: 'tls', lifetimeSec: 120 }), startDisplay({ width: 1024, height: 768 }), sessionRoot()]);
    engine = new NativeRdpEngine({ tmpRoot: root.path, libraryPath: LIBRARY });
  });

  afterAll(async () => {
    await Promise.all([server?.stop(), client?.stop()]);
    await root?.remove();
    spawnSync('/usr/sbin/userdel', [USER]);
  });

  it('the right password: logged on, then a clean disconnect', async () => {
    const handle = engine.start(spec(PASSWORD), { connectTimeoutSec: 20, display: client.name });
    const rec = recordStates(handle);
    try {
      await rec.waitFor('loggedOn');
    } finally {
      await handle.disconnect();
    }
    expect(rec.kinds()).toEqual(['connecting', 'connected', 'loggedOn', 'ended']);
    expect(await handle.done).toEqual({ kind: 'ended', reason: 'user-disconnect' });
  });

  it('a wrong password: failed auth-failed (the server drops the connection after the credentials)', async () => {
    const final = await engine.start(spec('not-the-password'), { connectTimeoutSec: 20, display: client.name }).done;
    expect(final).toMatchObject({ kind: 'failed', failure: 'auth-failed' });
  });
});
