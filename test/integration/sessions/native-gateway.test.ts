import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../src-main/common/secret.ts';
import { freeLoopbackPort } from '../../../src-main/demo/servers.ts';
import { failureToErrorCode } from '../../../src-main/sessions/engines.ts';
import { runNativeSession } from '../../../src-main/sessions/rdp/native/session-run.ts';
import { launchWorker } from '../../../src-main/sessions/rdp/native/worker-process.ts';
import { defaultWorkerEntry } from '../../../src-main/sessions/rdp/worker/entry.ts';
import { forkLauncher } from '../../../src-main/sessions/rdp/worker/transport.ts';
import { SessionStates } from '../../../src-main/sessions/session-handle.ts';
import { LIBRARY, LIBRARY_BUILT } from './native-support.ts';

/**
 * RD Gateway failures through the whole native path (real worker, real library, real sockets):
 * the session fails with `gateway`, which the shell shows as the gateway message, never as "the
 * desktop is unreachable". RdpConnection has no gateway fields yet, so the settings are given
 * as the library takes them (the same keys nativeSettings will write).
 */
const en = JSON.parse(readFileSync(new URL('../../../src-renderer/i18n/en.json', import.meta.url), 'utf8')) as Record<string, string>;
let dir: string;
let https: Server;
let httpsPort: number;
const requests: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thinshell-gateway-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
  // A web server in the wrong place: HTTPS, but every request gets 404.
  https = createServer({ key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')) }, (socket) => {
    let head = '';
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      requests.push(head.split('\r\n')[0]!);
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    });
    socket.on('error', () => undefined);
  }).listen(0, '127.0.0.1');
  await once(https, 'listening');
  httpsPort = (https.address() as { port: number }).port;
});

afterAll(async () => {
  https?.close();
  await rm(dir, { recursive: true, force: true });
});

async function throughGateway(gateway: Record<string, string>) {
  const states = new SessionStates();
  const handle = runNativeSession(
    {
      worker: (display) => launchWorker({ launcher: forkLauncher, entry: defaultWorkerEntry()!, libraryPath: LIBRARY, env: process.env, tmpRoot: dir, display }),
      settings: { host: '10.255.255.1', port: '3389', username: 'alice', cert_mode: 'ignore', window: '0', gateway_usage: 'always', ...gateway },
      password: new Secret('gw-canary-pw'),
      security: 'auto',
      watchdog: { intervalMs: 5000, timeoutMs: 5000 },
    },
    { connectTimeoutSec: 20 },
    { tmpRoot: dir },
    states,
  );
  return handle.done;
}

describe.skipIf(!LIBRARY_BUILT)('native engine: an RD Gateway that fails', () => {
  it('nothing listening at the gateway: failed gateway, shown with the gateway message', async () => {
    const final = await throughGateway({ gateway_host: '127.0.0.1', gateway_port: String(await freeLoopbackPort()) });
    expect(final).toMatchObject({ kind: 'failed', failure: 'gateway', detail: expect.stringContaining('TLS connect') });
    const code = failureToErrorCode('gateway');
    expect(code).toBe('session-gateway');
    expect(en[`error.${code}.message`]).toMatch(/gateway/i);
  });

  it("a gateway name that does not resolve: failed gateway (not the desktop's DNS failure)", async () => {
    const final = await throughGateway({ gateway_host: 'no-such-gateway.invalid' });
    expect(final).toMatchObject({ kind: 'failed', failure: 'gateway' });
  });

  it('a real HTTPS server that is not a gateway: it gets the RDG_OUT_DATA request, says 404, and the session fails gateway', async () => {
    requests.length = 0;
    const final = await throughGateway({ gateway_host: '127.0.0.1', gateway_port: String(httpsPort) });
    expect(requests).toContain('RDG_OUT_DATA /remoteDesktopGateway/ HTTP/1.1');
    expect(final).toMatchObject({ kind: 'failed', failure: 'gateway' });
  });
});
