import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDisplay, type Display } from '../../../src-main/demo/display.ts';
import { startHttpProxy, type HttpProxy } from '../../../src-main/demo/http-proxy.ts';
import { freeLoopbackPort, startSpiceServer, type SpiceServer } from '../../../src-main/demo/servers.ts';
import { spiceToVv } from '../../../src-main/formats/vv.ts';
import { Secret } from '../../../src-main/common/secret.ts';
import { thinshell } from '../../unit/src-main/cli/cli-process.ts';
import { makeTestPki, type TestPki } from '../../support/tls-cert.ts';

/** `thinshell connect` for SPICE as an admin runs it: a real process, real remote-viewer, real QEMU. */
const PASSWORD = 'cli-spice-canary-9';
let pki: TestPki;
let server: SpiceServer;
let proxy: HttpProxy;
let display: Display;
let dir: string;

beforeAll(async () => {
  pki = await makeTestPki();
  [server, display, dir] = await Promise.all([
    startSpiceServer({ password: PASSWORD, tls: { ca: pki.ca, ...pki.server }, lifetimeSec: 180 }),
    startDisplay({ windowManager: true }),
    mkdtemp(join(tmpdir(), 'thinshell-cli-spice-')),
  ]);
  proxy = await startHttpProxy({ connectPorts: [server.tlsPort!], lifetimeSec: 180 });
});
afterAll(async () => {
  await Promise.all([server?.stop(), proxy?.stop(), display?.stop()]);
  await Promise.all([pki?.remove(), dir && rm(dir, { recursive: true, force: true })]);
});

const states = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('+')).map((l) => l.replace(/^\+\d+ ms /, ''));
const env = () => ({ DISPLAY: display.name });

describe('thinshell connect --protocol spice against QEMU', () => {
  it('TLS + password + proxy from options: each state, OK, exit 0; the password on no command line', async () => {
    const args = ['connect', '--protocol', 'spice', '--host', 'localhost', '--tls-port', String(server.tlsPort), '--ca', pki.caFile, '--host-subject', 'CN=localhost', '--proxy', proxy.url, '--password-stdin', '--timeout', '20'];
    const r = await thinshell(args, { stdin: `${PASSWORD}\n`, env: env() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(states(r.stdout)).toEqual(['connecting', 'connected', 'loggedOn', 'ended user-disconnect']);
    expect(r.stdout).toMatch(/^OK: logged on after \d+ ms$/m);
    expect(proxy.connects()).toContain(`localhost:${server.tlsPort}`);
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
  });

  it('--vv FILE with the password in it (as a broker writes it): exit 0', async () => {
    const file = join(dir, 'console.vv');
    await writeFile(file, spiceToVv({ protocol: 'spice', host: 'localhost', tlsPort: server.tlsPort!, password: new Secret(PASSWORD), ca: pki.ca, title: 'from a file' }), { mode: 0o600 });
    const r = await thinshell(['connect', '--vv', file, '--json'], { env: env() });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, exitCode: 0, engine: 'remote-viewer', final: { kind: 'ended', reason: 'user-disconnect' } });
  });

  it('a wrong password: exit 10; without the CA: exit 15; proxy down: exit 16; nothing listening: exit 13', async () => {
    const tls = ['connect', 'spice://localhost', '--tls-port', String(server.tlsPort)];
    expect((await thinshell([...tls, '--ca', pki.caFile, '--password-stdin'], { stdin: 'wrong\n', env: env() })).code).toBe(10);
    expect((await thinshell([...tls, '--password-stdin'], { stdin: `${PASSWORD}\n`, env: env() })).code).toBe(15);
    const down = `http://127.0.0.1:${await freeLoopbackPort()}`;
    const r = await thinshell([...tls, '--ca', pki.caFile, '--proxy', down, '--password-stdin'], { stdin: `${PASSWORD}\n`, env: env() });
    expect(r.code).toBe(16);
    expect(r.stdout).toMatch(/failed gateway: the SPICE proxy could not be reached/);
    expect((await thinshell(['connect', `spice://127.0.0.1:${await freeLoopbackPort()}`], { env: env() })).code).toBe(13);
  });

  it('no $DISPLAY: exit 20 and says so', async () => {
    const r = await thinshell(['connect', `spice://127.0.0.1:${server.port}`], { env: { DISPLAY: '' } });
    expect(r.code).toBe(20);
    expect(r.stderr).toMatch(/\$DISPLAY is not set/);
  });
});
