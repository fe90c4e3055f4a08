import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from '../../../../src-main/cli/command.ts';
import { connectCommand, type ConnectDeps } from '../../../../src-main/cli/connect-command.ts';
import { parseConnectAddress } from '../../../../src-main/cli/connect-spice.ts';
import { runCli } from '../../../../src-main/cli/run.ts';
import { SessionStates } from '../../../../src-main/sessions/session-handle.ts';
import type { ConnectionSpec, SessionEngine, SessionState, SpiceConnection } from '../../../../src-main/sessions/types.ts';
import { makeTestPki, type TestPki } from '../../../support/tls-cert.ts';

const CANARY = 'spice-cli-canary-Pw';
const up: SessionState[] = [{ kind: 'connected' }, { kind: 'loggedOn' }];
let dir: string;
let pki: TestPki;

beforeAll(async () => {
  [dir, pki] = await Promise.all([mkdtemp(join(tmpdir(), 'thinshell-connect-spice-')), makeTestPki()]);
  await writeFile(join(dir, 'with-pw.vv'), `[virt-viewer]\ntype=spice\nhost=vm.example\ntls-port=61000\npassword=${CANARY}\nproxy=http://pve:3128\n`);
  await writeFile(join(dir, 'no-pw.vv'), '[virt-viewer]\ntype=spice\nhost=vm.example\nport=5930\n');
  await writeFile(join(dir, 'vnc.vv'), '[virt-viewer]\ntype=vnc\nhost=vm.example\nport=5900\n');
  await writeFile(join(dir, 'not-a-cert.pem'), 'hello\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await pki?.remove();
});

/** A SPICE engine that plays a script; records the spec it was given. */
function spiceEngine(script: SessionState[] = up) {
  const seen: { spec?: ConnectionSpec; display?: string } = {};
  const engine: SessionEngine = {
    id: 'remote-viewer',
    protocol: 'spice',
    available: async () => true,
    start(spec, options) {
      seen.spec = spec;
      seen.display = options.display;
      const states = new SessionStates();
      states.emit({ kind: 'connecting' });
      queueMicrotask(() => script.forEach((s) => states.emit(s)));
      return { done: states.done, onState: (l) => states.onState(l), disconnect: async () => void states.emit({ kind: 'ended', reason: 'user-disconnect' }) };
    },
  };
  return { engine, seen };
}

async function run(args: string[], engine: SessionEngine, options: { stdin?: string; display?: string } = {}) {
  const out = { stdout: '', stderr: '' };
  const input = new PassThrough();
  input.end(options.stdin ?? '');
  const env = options.display === '' ? {} : { DISPLAY: options.display ?? ':99' };
  const io: Io = { stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t), stdin: input, env };
  const deps: ConnectDeps = { engines: () => [engine], now: () => 0, onInterrupt: () => () => undefined };
  const code = await runCli(['connect', ...args], io, [connectCommand(deps)]);
  return { code, ...out };
}

const spice = (seen: { spec?: ConnectionSpec }) => seen.spec as SpiceConnection;

describe('thinshell connect, SPICE', () => {
  it('--protocol spice --host --port --tls-port --ca --host-subject --proxy --password-stdin: all reach the engine, on $DISPLAY', async () => {
    const { engine, seen } = spiceEngine();
    const r = await run(['--protocol', 'spice', '--host', 'localhost', '--port', '5930', '--tls-port', '5931', '--ca', pki.caFile, '--host-subject', 'CN=localhost', '--proxy', 'http://127.0.0.1:3128', '--password-stdin'], engine, { stdin: `${CANARY}\n` });
    expect(r.code).toBe(0);
    expect(spice(seen)).toMatchObject({ protocol: 'spice', host: 'localhost', port: 5930, tlsPort: 5931, ca: pki.ca, hostSubject: 'CN=localhost', proxy: 'http://127.0.0.1:3128' });
    expect(spice(seen).password?.reveal()).toBe(CANARY);
    expect(seen.display).toBe(':99');
    expect(r.stdout).toMatch(/^engine remote-viewer, spice:\/\/localhost:5930 \(through a proxy\)$/m);
    expect(r.stdout).toContain('OK: logged on');
    expect(r.stdout + r.stderr).not.toContain(CANARY);
  });

  it('an address spice://host:port, the protocol from its scheme; no password unless asked for', async () => {
    const { engine, seen } = spiceEngine();
    expect((await run(['spice://[2001:db8::5]:5931'], engine)).code).toBe(0);
    expect(spice(seen)).toMatchObject({ host: '2001:db8::5', port: 5931 });
    expect(spice(seen).password).toBeUndefined();
  });

  it('a TLS port alone: no plain port is made up', async () => {
    const { engine, seen } = spiceEngine();
    await run(['--protocol', 'spice', '--host', 'h', '--tls-port', '61000'], engine);
    expect(spice(seen).port).toBeUndefined();
    expect(spice(seen).tlsPort).toBe(61000);
  });

  it('--vv FILE: the file\'s own password (then --password-stdin is refused); without one, from stdin', async () => {
    const a = spiceEngine();
    expect((await run(['--vv', join(dir, 'with-pw.vv')], a.engine)).code).toBe(0);
    expect(spice(a.seen)).toMatchObject({ host: 'vm.example', tlsPort: 61000, proxy: 'http://pve:3128' });
    expect(spice(a.seen).password?.reveal()).toBe(CANARY);
    expect((await run(['--vv', join(dir, 'with-pw.vv'), '--password-stdin'], spiceEngine().engine, { stdin: 'x\n' })).code).toBe(2);
    const b = spiceEngine();
    expect((await run(['--vv', join(dir, 'no-pw.vv'), '--password-stdin'], b.engine, { stdin: 'from-stdin\n' })).code).toBe(0);
    expect(spice(b.seen).password?.reveal()).toBe('from-stdin');
  });

  it('without $DISPLAY: exit 20, said plainly, nothing started and no password read', async () => {
    const { engine, seen } = spiceEngine();
    const r = await run(['spice://h:5900', '--password-stdin'], engine, { display: '', stdin: `${CANARY}\n` });
    expect(r.code).toBe(20);
    expect(r.stderr).toMatch(/remote-viewer needs an X display and \$DISPLAY is not set/);
    expect(seen.spec).toBeUndefined();
  });

  it('a failure exits with its code: auth-failed 10, gateway (the proxy) 16, certificate 15', async () => {
    for (const [failure, code] of [['auth-failed', 10], ['gateway', 16], ['certificate', 15]] as const) {
      const r = await run(['spice://h:5900'], spiceEngine([{ kind: 'failed', failure, detail: 'why' }]).engine);
      expect(r.code).toBe(code);
    }
  });

  it.each([
    [['--vv', 'MISSING'], 3, /cannot read .*no such file/],
    [['--vv', 'vnc.vv'], 1, /type=vnc/],
    [['--protocol', 'spice', '--host', 'h', '--ca', 'not-a-cert.pem'], 1, /not a PEM certificate/],
    [['--protocol', 'spice', '--host', 'h', '--ca', 'MISSING'], 3, /--ca: cannot read/],
    [['--protocol', 'spice', '--host', 'h', '--user', 'u'], 2, /--user is an RDP option/],
    [['--protocol', 'spice', '--host', 'h', '--engine', 'native'], 2, /can only be remote-viewer/],
    [['--protocol', 'spice'], 2, /--host .* is required/],
    [['--protocol', 'spice', '--host', 'bad host'], 2, /not a host name/],
    [['--protocol', 'spice', '--host', 'h', '--proxy', 'socks5://p:1'], 2, /not an http:\/\/host:port/],
    [['--protocol', 'rdp', 'spice://h'], 2, /contradict/],
    [['--protocol', 'spice', '--host', 'h', '--proxy', 'http://u:pw@p:3128'], 2, /must not carry credentials/],
    [['--vv', 'no-pw.vv', '--host', 'h'], 2, /--vv and --host contradict/],
    [['spice://h:99999'], 2, /1 to 65535/],
    [['spice://user:pw@h'], 2, /at most one argument/],
    [['spice://h?password=x'], 2, /at most one argument/],
  ])('%j exits %i', async (args, code, message) => {
    const resolved = args.map((a) => (/\.(vv|pem)$|^MISSING$/.test(a) ? join(dir, a) : a));
    const { engine, seen } = spiceEngine();
    const r = await run(resolved, engine);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(seen.spec).toBeUndefined();
    expect(r.stderr).not.toContain('pw@');
  });
});

describe('parseConnectAddress', () => {
  it('reads spice:// and rdp:// addresses, IPv6 in brackets', () => {
    expect(parseConnectAddress('spice://h.example:5901')).toEqual({ protocol: 'spice', host: 'h.example', port: 5901 });
    expect(parseConnectAddress('RDP://[::1]/')).toEqual({ protocol: 'rdp', host: '::1' });
  });
});
