import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../src-main/common/secret.ts';
import { startDisplay, type Display } from '../../../src-main/demo/display.ts';
import { startRdpServer, type RdpServer } from '../../../src-main/demo/servers.ts';
import { XfreerdpEngine } from '../../../src-main/sessions/rdp/xfreerdp-engine.ts';
import type { RdpConnection } from '../../../src-main/sessions/types.ts';
import { sessionRoot } from '../../support/session-env.ts';
import { recordStates } from '../../support/session-states.ts';
import { makeTestPki, type TestPki } from '../../support/tls-cert.ts';

/**
 * Certificate policy against a server whose certificate a CA signed: `system` trusts what the
 * CA store verifies; `pin` trusts only the pinned fingerprints even when the CA would verify
 * the certificate (xfreerdp alone would accept either; the engine empties its CA store).
 */
let pki: TestPki;
let server: RdpServer;
let client: Display;
let root: Awaited<ReturnType<typeof sessionRoot>>;

beforeAll(async () => {
  pki = await makeTestPki();
  [server, client, root] = await Promise.all([
    startRdpServer({ user: 'bob', password: 'pw-Bob-1', mode: 'nla', tlsCert: pki.server, lifetimeSec: 180 }),
    startDisplay({ width: 1024, height: 768 }),
    sessionRoot(),
  ]);
});

afterAll(async () => {
  await Promise.all([server?.stop(), client?.stop()]);
  await Promise.all([root?.remove(), pki?.remove()]);
});

function spec(certificate: RdpConnection['certificate']): RdpConnection {
  return { protocol: 'rdp', host: 'localhost', port: server.port, username: 'bob', password: new Secret('pw-Bob-1'), security: 'nla', certificate, multimon: false, title: 'cert test' };
}

/** An engine whose system CA store is the test CA (SSL_CERT_FILE), as an admin's bundle would be. */
function engineTrustingTestCa(): XfreerdpEngine {
  return new XfreerdpEngine({ tmpRoot: root.path, env: { ...process.env, SSL_CERT_FILE: pki.caFile } });
}

async function attempt(engine: XfreerdpEngine, certificate: RdpConnection['certificate']) {
  const handle = engine.start(spec(certificate), { connectTimeoutSec: 20, display: client.name });
  const rec = recordStates(handle);
  const final = await Promise.race([rec.waitFor('loggedOn').then(() => undefined), handle.done]);
  await handle.disconnect();
  return final ?? { kind: 'loggedOn' as const };
}

describe('xfreerdp certificate policy', () => {
  it('system: a certificate the CA store verifies is accepted', async () => {
    expect(await attempt(engineTrustingTestCa(), { mode: 'system', fingerprints: [] })).toEqual({ kind: 'loggedOn' });
  });

  it('system: the same certificate without its CA in the store is refused', async () => {
    expect(await attempt(new XfreerdpEngine({ tmpRoot: root.path }), { mode: 'system', fingerprints: [] })).toMatchObject({ kind: 'failed', failure: 'certificate' });
  });

  it('pin: the right fingerprint is accepted', async () => {
    expect(await attempt(engineTrustingTestCa(), { mode: 'pin', fingerprints: [server.fingerprint] })).toEqual({ kind: 'loggedOn' });
  });

  it('pin: a CA-verified certificate that is not pinned is refused', async () => {
    const other = `sha256:${'0f'.repeat(32)}`;
    expect(await attempt(engineTrustingTestCa(), { mode: 'pin', fingerprints: [other] })).toMatchObject({ kind: 'failed', failure: 'certificate' });
  });
});
