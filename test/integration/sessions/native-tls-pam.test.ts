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
 * account, so this test makes throwaway ones (no home, no shell) and removes them afterwards.
 * Needs root and useradd; skipped, saying so, otherwise.
 *
 * A locked account (`passwd -l`) and an expired password (`chage -d 0`): the shadow server runs
 * pam_authenticate and pam_acct_mgmt and, on either failure, just closes the connection, exactly
 * as for a wrong password (no error info PDU, no logon error). So the client can only say the
 * credentials were refused: these tests pin that down (a failure, auth-failed, neither a timeout
 * nor a logon). A Windows server says more (ERRCONNECT_ACCOUNT_LOCKED_OUT, ..._PASSWORD_EXPIRED
 * through NLA); that mapping is unit-tested in test/unit/.../native/errors.test.ts.
 */
const USER = `tsn${randomBytes(4).toString('hex')}`;
const LOCKED = `tsl${randomBytes(4).toString('hex')}`;
const EXPIRED = `tse${randomBytes(4).toString('hex')}`;
const PASSWORD = `Pam-${randomBytes(6).toString('base64url')}`;
const CAN = process.getuid?.() === 0 && existsSync('/usr/sbin/useradd') && existsSync('/usr/sbin/chpasswd');
if (!CAN) console.warn('SKIPPED: the TLS + PAM test needs root and useradd/chpasswd');

let server: RdpServer;
let client: Display;
let root: Awaited<ReturnType<typeof sessionRoot>>;
let engine: NativeRdpEngine;

const spec = (password: string, username = USER): RdpConnection => ({
  protocol: 'rdp',
  host: '127.0.0.1',
  port: server.port,
  username,
  password: new Secret(password),
  security: 'tls',
  certificate: { mode: 'pin', fingerprints: [server.fingerprint] },
  multimon: false,
  title: 'tls pam test',
});

describe.skipIf(!LIBRARY_BUILT || !CAN)('native engine against freerdp-shadow-cli (TLS + PAM, a local account)', () => {
  beforeAll(async () => {
    for (const user of [USER, LOCKED, EXPIRED]) {
      const add = spawnSync('/usr/sbin/useradd', ['-M', '-N', '-s', '/usr/sbin/nologin', user], { encoding: 'utf8' });
      if (add.status !== 0) throw new Error(`useradd: ${add.stderr}`);
      // The password through stdin: never on a command line.
      const pw = spawnSync('/usr/sbin/chpasswd', [], { input: `${user}:${PASSWORD}\n`, encoding: 'utf8' });
      if (pw.status !== 0) throw new Error(`chpasswd: ${pw.stderr}`);
    }
    if (spawnSync('/usr/bin/passwd', ['-l', LOCKED]).status !== 0) throw new Error('passwd -l failed');
    if (spawnSync('/usr/bin/chage', ['-d', '0', EXPIRED]).status !== 0) throw new Error('chage -d 0 failed');
    [server, client, root] = await Promise.all([startRdpServer({ user: USER, password: PASSWORD, mode: 'tls', lifetimeSec: 120 }), startDisplay({ width: 1024, height: 768 }), sessionRoot()]);
    engine = new NativeRdpEngine({ tmpRoot: root.path, libraryPath: LIBRARY });
  });

  afterAll(async () => {
    await Promise.all([server?.stop(), client?.stop()]);
    await root?.remove();
    for (const user of [USER, LOCKED, EXPIRED]) spawnSync('/usr/sbin/userdel', [user]);
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

  it.each([
    ['locked (passwd -l)', () => LOCKED],
    ['whose password has expired (chage -d 0)', () => EXPIRED],
  ])('an account %s, with its right password: failed auth-failed, as the server gives no reason', async (_what, user) => {
    const handle = engine.start(spec(PASSWORD, user()), { connectTimeoutSec: 20, display: client.name });
    const rec = recordStates(handle);
    const final = await handle.done;
    expect(final).toMatchObject({ kind: 'failed', failure: 'auth-failed' });
    expect(rec.kinds()).not.toContain('loggedOn');
  });
});
