import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../../../src-main/cli/command.ts';
import { connectCommand, type ConnectDeps } from '../../../../src-main/cli/connect-command.ts';
import { runCli } from '../../../../src-main/cli/run.ts';
import { SessionStates } from '../../../../src-main/sessions/session-handle.ts';
import type { ConnectionSpec, SessionEngine, SessionFailure, SessionState } from '../../../../src-main/sessions/types.ts';

const CANARY = 'canary-Pw-31337';

/** An engine that plays a script of states; records what it was given and whether disconnect came. */
function scriptedEngine(id: string, script: SessionState[], opts: { available?: boolean; protocol?: 'rdp' | 'spice' } = {}) {
  const seen: { spec?: ConnectionSpec; disconnects: number; timeout?: number } = { disconnects: 0 };
  const engine: SessionEngine = {
    id,
    protocol: opts.protocol ?? 'rdp',
    available: async () => opts.available ?? true,
    start(spec, options) {
      seen.spec = spec;
      seen.timeout = options.connectTimeoutSec;
      const states = new SessionStates();
      states.emit({ kind: 'connecting' });
      queueMicrotask(() => script.forEach((s) => states.emit(s)));
      return {
        done: states.done,
        onState: (l) => states.onState(l),
        disconnect: async () => {
          seen.disconnects += 1;
          states.emit({ kind: 'ended', reason: 'user-disconnect' });
        },
      };
    },
  };
  return { engine, seen };
}

function run(args: string[], engines: SessionEngine[], stdin = `${CANARY}\n`, interrupt?: (fire: () => void) => void, env: Record<string, string> = {}) {
  const out = { stdout: '', stderr: '' };
  const input = new PassThrough();
  input.end(stdin);
  const io: Io = { stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t), stdin: input, env };
  let t = 0;
  const deps: ConnectDeps = {
    engines: () => engines,
    now: () => (t += 100),
    onInterrupt: (listener) => {
      interrupt?.(listener);
      return () => undefined;
    },
  };
  return runCli(['connect', ...args], io, [connectCommand(deps)]).then((code) => ({ code, ...out }));
}

const ARGS = ['--protocol', 'rdp', '--host', 'desk.example', '--user', 'alice', '--password-stdin'];
const up: SessionState[] = [{ kind: 'connected' }, { kind: 'loggedOn' }];

describe('thinshell connect', () => {
  it('logs on, prints each state, disconnects, exits 0; the password reaches the engine and nothing else', async () => {
    const { engine, seen } = scriptedEngine('native', up);
    const r = await run([...ARGS, '--port', '3390', '--domain', 'CORP', '--timeout', '12'], [engine]);
    expect(r.code).toBe(0);
    expect(seen.disconnects).toBe(1);
    expect(seen.timeout).toBe(12);
    expect(seen.spec).toMatchObject({ protocol: 'rdp', host: 'desk.example', port: 3390, username: 'alice', domain: 'CORP', security: 'auto', certificate: { mode: 'system', fingerprints: [] } });
    expect((seen.spec as { password: { reveal(): string } }).password.reveal()).toBe(CANARY);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('+'))).toEqual(['+100 ms connecting', '+200 ms connected', '+300 ms loggedOn', '+400 ms ended user-disconnect']);
    expect(r.stdout).toContain('OK: logged on after 300 ms');
    expect(r.stdout + r.stderr).not.toContain(CANARY);
  });

  it('--json: one document on stdout (states with times), the live states on stderr', async () => {
    const { engine } = scriptedEngine('native', up);
    const r = await run([...ARGS, '--json'], [engine]);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ ok: true, exitCode: 0, engine: 'native', loggedOnMs: 300, final: { kind: 'ended', reason: 'user-disconnect' } });
    expect(doc.states.map((s: { kind: string }) => s.kind)).toEqual(['connecting', 'connected', 'loggedOn', 'ended']);
    expect(r.stderr).toContain('+300 ms loggedOn');
  });

  const codes: Array<[SessionFailure, number]> = [
    ['auth-failed', 10],
    ['password-expired', 11],
    ['account-locked', 12],
    ['unreachable', 13],
    ['dns', 14],
    ['certificate', 15],
    ['gateway', 16],
    ['server-full', 17],
    ['logged-off', 18],
    ['timeout', 19],
    ['engine-missing', 20],
    ['failed', 21],
  ];
  it.each(codes)('a session that fails with %s exits %i and says why', async (failure, code) => {
    const { engine, seen } = scriptedEngine('native', [{ kind: 'failed', failure, detail: `because ${failure}` }]);
    const r = await run(ARGS, [engine]);
    expect(r.code).toBe(code);
    expect(seen.disconnects).toBe(0);
    expect(r.stdout).toContain(`NOT LOGGED ON (exit ${code}): failed ${failure}: because ${failure}`);
  });

  it('a session that ends before logon (not failed) exits 21; Ctrl+C ends the session and exits 130', async () => {
    expect((await run(ARGS, [scriptedEngine('native', [{ kind: 'connected' }, { kind: 'ended', reason: 'crashed' }]).engine])).code).toBe(21);
    const slow = scriptedEngine('native', [{ kind: 'connected' }]);
    const r = await run(ARGS, [slow.engine], `${CANARY}\n`, (fire) => setTimeout(fire, 10));
    expect(r.code).toBe(130);
    expect(slow.seen.disconnects).toBe(1);
  });

  it('--engine picks; native without its library falls back to xfreerdp with a note', async () => {
    const native = scriptedEngine('native', up, { available: false });
    const xfreerdp = scriptedEngine('xfreerdp', up);
    const r = await run(ARGS, [native.engine, xfreerdp.engine]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/note: the native RDP engine cannot run here.*using xfreerdp/);
    expect(native.seen.spec).toBeUndefined();
    const chosen = scriptedEngine('native', up);
    const other = scriptedEngine('xfreerdp', up);
    expect((await run([...ARGS, '--engine', 'xfreerdp'], [chosen.engine, other.engine])).code).toBe(0);
    expect(chosen.seen.spec).toBeUndefined();
    expect(other.seen.spec).toBeDefined();
  });

  it('--fingerprint pins the certificate; --security and --cert ignore pass through', async () => {
    const { engine, seen } = scriptedEngine('native', up);
    await run([...ARGS, '--fingerprint', 'AB'.repeat(32), '--fingerprint', 'cd:'.repeat(31) + 'cd', '--security', 'tls'], [engine]);
    expect(seen.spec).toMatchObject({ security: 'tls', certificate: { mode: 'pin', fingerprints: ['ab:'.repeat(31) + 'ab', 'cd:'.repeat(31) + 'cd'] } });
    const ignore = scriptedEngine('native', up);
    await run([...ARGS, '--cert', 'ignore'], [ignore.engine]);
    expect(ignore.seen.spec).toMatchObject({ certificate: { mode: 'ignore' } });
  });

  it('without --password-stdin no password is read or sent', async () => {
    const { engine, seen } = scriptedEngine('native', up);
    expect((await run(['--protocol', 'rdp', '--host', 'h', '--user', 'u'], [engine])).code).toBe(0);
    expect(seen.spec).not.toHaveProperty('password');
  });

  it.each([
    [['--host', 'h', '--user', 'u'], /--protocol is required/],
    [['--protocol', 'rdp', '--user', 'u'], /--host is required/],
    [['--protocol', 'rdp', '--host', 'h'], /--user is required/],
    [['--protocol', 'vnc', '--host', 'h', '--user', 'u'], /--protocol must be rdp or spice/],
    [[...ARGS, '--tls-port', '5901'], /--tls-port is a SPICE option/],
    [[...ARGS, 'rdp://other'], /an address and --host\/--port contradict/],
    [[...ARGS, '--port', '0'], /--port must be a whole number from 1 to 65535/],
    [[...ARGS, '--port', '33a'], /--port/],
    [[...ARGS, '--timeout', '0'], /--timeout must be a whole number from 1 to 600/],
    [[...ARGS, '--engine', 'remmina'], /--engine must be one of native, xfreerdp/],
    [[...ARGS, '--security', 'none'], /--security must be one of auto, nla, tls, rdp/],
    [[...ARGS, '--fingerprint', 'abc'], /--fingerprint must be a SHA-256/],
    [[...ARGS, '--cert', 'ignore', '--fingerprint', 'AB'.repeat(32)], /contradict/],
    [[...ARGS, '--password', 'x'], /Unknown option '--password'/],
  ])('usage error (exit 2): %j', async (args, message) => {
    const { engine, seen } = scriptedEngine('native', up);
    const r = await run(args, [engine]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(seen.spec).toBeUndefined();
  });

  it('a password given as an argument is refused without being echoed', async () => {
    const r = await run([...ARGS, CANARY], [scriptedEngine('native', up).engine]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/use --password-stdin/);
    expect(r.stderr).not.toContain(CANARY);
  });

  it('--password-stdin with nothing on stdin: exit 1, nothing started', async () => {
    const { engine, seen } = scriptedEngine('native', up);
    const r = await run(ARGS, [engine], '');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no password on stdin/);
    expect(seen.spec).toBeUndefined();
  });

  it('--help documents every connect exit code', async () => {
    const r = await run(['--help'], []);
    expect(r.code).toBe(0);
    for (const [, code] of codes) expect(r.stdout).toMatch(new RegExp(`^\\s+${code}  `, 'm'));
    expect(r.stdout).toMatch(/^\s+130 {2}interrupted/m);
  });

  it('is in the real command table', async () => {
    const { commands } = await import('../../../../src-main/cli/commands.ts');
    expect(commands.some((c) => c.name.join(' ') === 'connect')).toBe(true);
  });
});
