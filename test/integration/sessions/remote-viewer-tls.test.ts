import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../src-main/common/secret.ts';
import { startDisplay, type Display } from '../../../src-main/demo/display.ts';
import { startSpiceServer, type SpiceServer } from '../../../src-main/demo/servers.ts';
import { RemoteViewerEngine } from '../../../src-main/sessions/spice/remote-viewer-engine.ts';
import type { SpiceConnection } from '../../../src-main/sessions/types.ts';
import { sessionRoot } from '../../support/session-env.ts';
import { recordStates } from '../../support/session-states.ts';
import { makeTestPki, type TestPki } from '../../support/tls-cert.ts';

/** SPICE over TLS: the CA travels in the .vv (a multi-line PEM, escaped as GLib wants). */
let pki: TestPki;
let server: SpiceServer;
let client: Display;
let root: Awaited<ReturnType<typeof sessionRoot>>;
let engine: RemoteViewerEngine;

beforeAll(async () => {
  pki = await makeTestPki();
  [server, client, root] = await Promise.all([
    startSpiceServer({ password: 'tls-pw', tls: { ca: pki.ca, ...pki.server }, lifetimeSec: 120 }),
    startDisplay({ windowManager: true }),
    sessionRoot(),
  ]);
  engine = new RemoteViewerEngine({ tmpRoot: root.path });
});

afterAll(async () => {
  await Promise.all([server?.stop(), client?.stop()]);
  await Promise.all([root?.remove(), pki?.remove()]);
});

async function attempt(over: Partial<SpiceConnection>) {
  const spec: SpiceConnection = { protocol: 'spice', host: 'localhost', tlsPort: server.tlsPort!, password: new Secret('tls-pw'), title: 'tls', ...over };
  const handle = engine.start(spec, { connectTimeoutSec: 20, display: client.name });
  const up = await Promise.race([recordStates(handle).waitFor('loggedOn').then(() => true), handle.done.then(() => false)]);
  await handle.disconnect();
  return up ? { kind: 'loggedOn' } : await handle.done;
}

describe('remote-viewer over TLS', () => {
  it('with the CA (and a matching host subject): loggedOn', async () => {
    expect(await attempt({ ca: pki.ca })).toEqual({ kind: 'loggedOn' });
    expect(await attempt({ ca: pki.ca, hostSubject: 'CN=localhost' })).toEqual({ kind: 'loggedOn' });
  });

  it('without the CA: failed certificate', async () => {
    expect(await attempt({})).toMatchObject({ kind: 'failed', failure: 'certificate' });
  });

  it('with a host subject the certificate does not have: failed certificate', async () => {
    expect(await attempt({ ca: pki.ca, hostSubject: 'CN=somebody-else' })).toMatchObject({ kind: 'failed', failure: 'certificate' });
  });
});
