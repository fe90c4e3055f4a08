import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { RdwebBrokerAdapter } from '../../src-main/brokers/rdweb/broker.ts';
import { Secret } from '../../src-main/common/secret.ts';
import { RdwebBroker } from '../../src-main/policy/schema.ts';
import { startFakeRdweb, type FakeRdweb } from '../../test/fakes/rdweb/server.ts';
import { makeTestPki, type TestPki } from '../../test/support/tls-cert.ts';
import type { Measurement } from '../harness.ts';
import type { BenchmarkFactory } from './types.ts';

const run = promisify(execFile);
const PASSWORD = 'bench-Pa55';

/**
 * Sign-in to an RD Web feed: thinshell's broker (a fresh HTTPS connection, NTLM NEGOTIATE /
 * CHALLENGE / AUTHENTICATE, the 2.0 feed read and parsed) against curl --ntlm fetching the same
 * feed (a real NTLM client, one process, no parsing), on the loopback fake RD Web server with
 * 60 resources. The subject runs inside the bench's node, so the ratio favours it by curl's
 * process start (a few ms); both do the same TLS and the same NTLM round trips.
 */
export const rdwebSignin: BenchmarkFactory = (_env, options) => {
  let state: { pki: TestPki; feed: FakeRdweb; dir: string } | undefined;
  const ready = async () => {
    if (state) return state;
    const pki = await makeTestPki();
    const resources = Array.from({ length: 60 }, (_, i) => ({ id: `app${i}`, title: `App ${i}`, type: i % 6 === 0 ? ('Desktop' as const) : ('RemoteApp' as const), folders: [`/Folder ${i % 4}`], rdp: 'full address:s:127.0.0.1\n' }));
    const feed = await startFakeRdweb({ tls: pki.server, accounts: [{ user: 'alice', password: PASSWORD }], auth: 'ntlm', resources });
    const dir = await mkdtemp(join(tmpdir(), 'thinshell-bench-rdweb-'));
    await writeFile(join(dir, 'curl.cfg'), `user = "alice:${PASSWORD}"\n`, { mode: 0o600 });
    return (state = { pki, feed, dir });
  };
  const subject = async (): Promise<Measurement> => {
    const { pki, feed } = await ready();
    const config = RdwebBroker.parse({ type: 'rdweb', id: 'b', name: 'b', url: feed.feedUrl, tls: { ca: [pki.ca] } });
    const t0 = performance.now();
    const result = await new RdwebBrokerAdapter(config, 'bench', { allowInsecure: false }).signIn({ username: 'alice', password: new Secret(PASSWORD) }, AbortSignal.timeout(30_000));
    const ms = performance.now() - t0;
    if (result.kind === 'signedIn') await result.session.signOut();
    return { value: ms };
  };
  const baseline = async (): Promise<Measurement> => {
    const { pki, feed, dir } = await ready();
    const t0 = performance.now();
    const { stdout } = await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '--cacert', pki.caFile, '--ntlm', '-K', join(dir, 'curl.cfg'), '-H', 'Accept: application/x-msts-radc+xml; radc_schema_version=2.0', feed.feedUrl]);
    const ms = performance.now() - t0;
    if (stdout !== '200') throw new Error(`curl got HTTP ${stdout}`);
    return { value: ms };
  };
  return {
    name: 'rdweb-signin',
    unit: 'ms',
    runs: Math.max(options.runs, 5),
    warmup: 1,
    subjectLabel: 'thinshell RD Web sign-in',
    baselineLabel: 'curl --ntlm',
    subject,
    baseline,
    async teardown() {
      if (!state) return;
      await state.feed.stop();
      await state.pki.remove();
      await rm(state.dir, { recursive: true, force: true });
    },
  };
};
