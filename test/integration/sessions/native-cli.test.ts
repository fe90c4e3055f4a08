import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort, startRdpServer, type RdpServer } from '../../../src-main/demo/servers.ts';
import { thinshell } from '../../unit/src-main/cli/cli-process.ts';
import { LIBRARY_BUILT } from './native-support.ts';

/** `thinshell connect` as an admin runs it: a real process, the real worker and library, a real server. */
const USER = 'dave';
const PASSWORD = 'Cli-Test-pw9';
let server: RdpServer;

const args = (over: string[] = [], fingerprint = server.fingerprint) => ['connect', '--protocol', 'rdp', '--host', '127.0.0.1', '--port', String(server.port), '--user', USER, '--password-stdin', '--fingerprint', fingerprint, '--timeout', '10', ...over];

describe.skipIf(!LIBRARY_BUILT)('thinshell connect against freerdp-shadow-cli (NLA), native engine', () => {
  beforeAll(async () => {
    server = await startRdpServer({ user: USER, password: PASSWORD, mode: 'nla', lifetimeSec: 120 });
  });
  afterAll(() => server?.stop());

  it('the right password: each state as it happens, then OK and exit 0 (no $DISPLAY needed)', async () => {
    const r = await thinshell(args(), { stdin: `${PASSWORD}\n`, env: { DISPLAY: '' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const states = r.stdout.split('\n').filter((l) => l.startsWith('+')).map((l) => l.replace(/^\+\d+ ms /, ''));
    expect(states).toEqual(['connecting', 'connected', 'loggedOn', 'ended user-disconnect']);
    expect(r.stdout).toMatch(/^engine native, rdp:\/\/127\.0\.0\.1:\d+$/m);
    expect(r.stdout).toMatch(/^OK: logged on after \d+ ms$/m);
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
  });

  it('a wrong password: exit 10, --json says auth-failed', async () => {
    const r = await thinshell(args(['--json']), { stdin: 'nope\n' });
    expect(r.code).toBe(10);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, exitCode: 10, engine: 'native', final: { kind: 'failed', failure: 'auth-failed' } });
  });

  it('a certificate that is not the pinned one: exit 15', async () => {
    const other = server.fingerprint.replace(/^../, server.fingerprint.startsWith('00') ? '11' : '00');
    const r = await thinshell(args([], other), { stdin: `${PASSWORD}\n` });
    expect(r.code).toBe(15);
    expect(r.stdout).toMatch(/failed certificate/);
  });

  it('nothing listening: exit 13', async () => {
    const port = await freeLoopbackPort();
    const r = await thinshell(['connect', '--protocol', 'rdp', '--host', '127.0.0.1', '--port', String(port), '--user', USER, '--password-stdin'], { stdin: `${PASSWORD}\n` });
    expect(r.code).toBe(13);
  });
});
