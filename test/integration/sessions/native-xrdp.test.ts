import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../src-main/common/secret.ts';
import { startDisplay, type Display } from '../../../src-main/demo/display.ts';
import { NativeRdpEngine } from '../../../src-main/sessions/rdp/native/engine.ts';
import type { RdpConnection } from '../../../src-main/sessions/types.ts';
import { sessionRoot } from '../../support/session-env.ts';
import { recordStates } from '../../support/session-states.ts';
import { startXrdp, xrdpUnavailable, type XrdpServer } from '../../support/xrdp-server.ts';
import { LIBRARY, LIBRARY_BUILT } from './native-support.ts';

/**
 * "Logged off by the server" against a real xrdp: the user's X session ends (here: the session
 * script exits after a few seconds, as a logoff inside the desktop does), xrdp sends
 * ERRINFO_LOGOFF_BY_USER, and the engine ends the session as `logged-off`, not as a network
 * failure or a crash.
 *
 * What xrdp cannot show a client (found out here, written down in native/README.md): with
 * sesman's MaxSessions reached, or a wrong password, xrdp keeps the connection and paints its
 * own "login failed" window; no error PDU is sent, so there is no "server full" to report.
 */
const why = await xrdpUnavailable();
if (why) console.warn(`SKIPPED: ${why}`);

let server: XrdpServer;
let client: Display;
let root: Awaited<ReturnType<typeof sessionRoot>>;

describe.skipIf(!LIBRARY_BUILT || why !== undefined)('native engine against xrdp (TLS, PAM, Xvnc)', () => {
  beforeAll(async () => {
    [server, client, root] = await Promise.all([startXrdp({ sessionSec: 4 }), startDisplay({ width: 1024, height: 768 }), sessionRoot()]);
  }, 30_000);

  afterAll(async () => {
    await Promise.all([server?.stop(), client?.stop()]);
    await root?.remove();
  });

  it('the X session ends on the server: logged on, then ended logged-off', async () => {
    const spec: RdpConnection = {
      protocol: 'rdp',
      host: '127.0.0.1',
      port: server.port,
      username: server.user,
      password: new Secret(server.password),
      security: 'tls',
      certificate: { mode: 'pin', fingerprints: [server.fingerprint] },
      multimon: false,
      title: 'xrdp logoff test',
    };
    const engine = new NativeRdpEngine({ tmpRoot: root.path, libraryPath: LIBRARY });
    const handle = engine.start(spec, { connectTimeoutSec: 20, display: client.name });
    const rec = recordStates(handle);
    const final = await handle.done;
    expect(rec.kinds()).toEqual(['connecting', 'connected', 'loggedOn', 'ended']);
    expect(final).toMatchObject({ kind: 'ended', reason: 'logged-off', detail: expect.stringMatching(/logging off/i) });
    expect(await root.homes()).toEqual([]);
  }, 30_000);
});
