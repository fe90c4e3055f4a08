import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RdwebBrokerAdapter } from '../../../src-main/brokers/rdweb/broker.ts';
import type { BrokerSession } from '../../../src-main/brokers/types.ts';
import { Secret } from '../../../src-main/common/secret.ts';
import { ShellError } from '../../../src-main/contract/index.ts';
import { RdwebBroker, type PolicyInput } from '../../../src-main/policy/schema.ts';
import type { RdpConnection } from '../../../src-main/sessions/types.ts';
import type { FakeResource } from '../../fakes/rdweb/feed-xml.ts';
import { startFakeRdweb, type FakeRdweb, type FakeRdwebOptions } from '../../fakes/rdweb/server.ts';
import { makeTestPki, type TestPki } from '../../support/tls-cert.ts';

// The RD Web broker against the fake RD Web server (test/fakes/rdweb/) on loopback HTTPS: NTLM
// (checked by the server against the password), Negotiate, forms; the feed; launching a
// resource's .rdp; and every misbehaviour the fake offers, each with a clear error.

const run = promisify(execFile);
const PASSWORD = 'Corp-Pa55-canary';
const resources: FakeResource[] = [
  { id: 'desk', title: 'Corp Desktop', type: 'Desktop', rdp: 'full address:s:desk01.corp.example:3390\r\nusername:s:CORP\\someone\r\nloadbalanceinfo:s:tsv://MS Terminal Services Plugin.1.Desk\r\ngatewayhostname:s:gw.corp.example\r\ngatewayusagemethod:i:2\r\n', utf16: true },
  { id: 'wordpad', title: 'WordPad', type: 'RemoteApp', folders: ['/Office'], rdp: 'full address:s:rdsh01.corp.example\nremoteapplicationmode:i:1\nremoteapplicationprogram:s:||WordPad\nremoteapplicationname:s:WordPad\n' },
  { id: 'hidden', title: 'Hidden tool', type: 'RemoteApp', showByDefault: false, rdp: 'full address:s:h\n' },
  { id: 'broken', title: 'Broken file', type: 'Desktop', rdp: 'username:s:nobody\n' },
];

let pki: TestPki;
let server: FakeRdweb | undefined;
beforeAll(async () => {
  pki = await makeTestPki();
});
afterAll(() => pki.remove());
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function start(auth: FakeRdwebOptions['auth']) {
  server = await startFakeRdweb({ tls: pki.server, accounts: [{ user: 'alice', password: PASSWORD }], auth, resources });
  return server;
}

function broker(extra: Partial<PolicyInput['brokers'] extends (infer B)[] | undefined ? B : never> = {}, url = server!.feedUrl) {
  const config = RdwebBroker.parse({ type: 'rdweb', id: 'rdweb', name: 'Corp RD Web', url, tls: { ca: [pki.ca] }, timeoutSec: 2, rdp: { security: 'nla', certificate: 'system' }, ...extra });
  return new RdwebBrokerAdapter(config, 'policy', { allowInsecure: false });
}

async function signIn(b: RdwebBrokerAdapter, password = PASSWORD, username = 'CORP\\alice', signal = AbortSignal.timeout(20_000)): Promise<BrokerSession> {
  const result = await b.signIn({ username, password: new Secret(password) }, signal);
  if (result.kind !== 'signedIn') throw new Error('second factor?');
  return result.session;
}

async function failure(p: Promise<unknown>): Promise<ShellError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ShellError);
  return err as ShellError;
}

describe('the fake RD Web server itself', () => {
  it('lets a real NTLM client (curl) in with the right password only', async () => {
    const s = await start('ntlm');
    const dir = await mkdtemp(join(tmpdir(), 'thinshell-curl-'));
    try {
      const curl = async (password: string) => {
        // The password in a config file (-K), not on curl's command line.
        await writeFile(join(dir, 'cfg'), `user = "alice:${password}"\n`, { mode: 0o600 });
        const { stdout } = await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '--cacert', pki.caFile, '--ntlm', '-K', join(dir, 'cfg'), s.feedUrl]);
        return stdout;
      };
      expect(await curl(PASSWORD)).toBe('200');
      expect(await curl('wrong')).toBe('401');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the fake serves schema 1.1 to clients that do not ask for 2.0', () => {
  it('and our parser reads it (no folders, everything shown)', async () => {
    const s = await start('forms');
    const { request } = await import('node:https');
    const { parseFeed } = await import('../../../src-main/brokers/rdweb/feed.ts');
    const login = await new Promise<string>((resolve, reject) => {
      const body = 'DomainUserName=alice&UserPass=' + encodeURIComponent(PASSWORD);
      const req = request(`https://localhost:${s.port}/RDWeb/Pages/en-US/login.aspx`, { method: 'POST', ca: pki.ca, headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': body.length } }, (res) => {
        res.resume();
        resolve(String(res.headers['set-cookie']?.[0] ?? '').split(';')[0]!);
      });
      req.on('error', reject);
      req.end(body);
    });
    const xml = await new Promise<string>((resolve, reject) => {
      request(s.feedUrl, { ca: pki.ca, headers: { Accept: 'application/x-msts-radc+xml', Cookie: login } }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d)).on('end', () => resolve(text));
      }).on('error', reject).end();
    });
    const feed = parseFeed(xml, s.feedUrl);
    expect(feed.schemaVersion).toBe('1.1');
    expect(feed.resources.map((r) => [r.id, r.folders, r.showByDefault])).toEqual([
      ['desk', [], true],
      ['wordpad', [], true],
      ['hidden', [], true],
      ['broken', [], true],
    ]);
  });
});

describe('RD Web sign-in', () => {
  it('NTLM: one connection through the handshake, feed 2.0, Desktops and RemoteApps (hidden ones left out)', async () => {
    const s = await start('ntlm');
    const session = await signIn(broker());
    const desktops = await session.listDesktops(AbortSignal.timeout(10_000));
    expect(desktops.map((d) => [d.id, d.name, d.description])).toEqual([
      ['desk', 'Corp Desktop', 'Desktop'],
      ['wordpad', 'WordPad', 'RemoteApp · /Office'],
      ['broken', 'Broken file', 'Desktop'],
    ]);
    expect(s.signIns[0]).toEqual({ method: 'ntlm', user: 'alice', domain: 'CORP' });
    const feed = s.requests.filter((r) => r.path.endsWith('webfeed.aspx'));
    expect(feed[0]!.accept).toBe('application/x-msts-radc+xml; radc_schema_version=2.0');
    const hand = feed.filter((r) => r.authorization);
    expect(hand.map((r) => r.authorization)).toEqual(expect.arrayContaining(['NTLM 1', 'NTLM 3']));
    expect(new Set(hand.slice(0, 2).map((r) => r.connection)).size).toBe(1);
    await session.signOut();
  });

  it('a wrong password is refused by the server (it checks the NTLMv2 proof)', async () => {
    const s = await start('ntlm');
    const err = await failure(signIn(broker(), 'not-it'));
    expect(err.code).toBe('auth-failed');
    expect(s.signIns).toEqual([]);
  });

  it('Negotiate only: raw NTLMSSP inside Negotiate, as IIS accepts it; a UPN goes without a domain', async () => {
    const s = await start('negotiate');
    await signIn(broker(), PASSWORD, 'alice@corp.example').catch(() => undefined);
    expect(s.requests.some((r) => r.authorization === 'Negotiate 3')).toBe(true);
    // The fake knows "alice", not the UPN: the refusal shows the UPN was sent whole.
    await signIn(broker(), PASSWORD, 'alice');
    expect(s.signIns).toEqual([{ method: 'ntlm', user: 'alice', domain: '' }]);
  });

  it('forms: the RD Web login page, then the .ASPXAUTH cookie; a wrong password is refused', async () => {
    const s = await start('forms');
    const session = await signIn(broker());
    expect((await session.listDesktops(AbortSignal.timeout(10_000))).length).toBe(3);
    expect(s.signIns).toEqual([{ method: 'forms', user: 'alice', domain: 'CORP' }]);
    expect(s.requests.some((r) => r.method === 'POST' && r.path === '/RDWeb/Pages/en-US/login.aspx')).toBe(true);
    expect((await failure(signIn(broker(), 'wrong'))).code).toBe('auth-failed');
  });

  it('forms: an expired cookie means one fresh login, not an error', async () => {
    const s = await start('forms');
    const session = await signIn(broker());
    expect((await session.listDesktops(AbortSignal.timeout(10_000))).length).toBe(3);
    expect(s.signIns.length).toBe(1); // the first list is the sign-in's feed
    s.expireCookies();
    expect((await session.listDesktops(AbortSignal.timeout(10_000))).length).toBe(3); // Refresh
    expect(s.signIns.length).toBe(2);
  });

  it('policy auth: ntlm refuses a forms-only server; auth: forms skips NTLM', async () => {
    await start('forms');
    const err = await failure(signIn(broker({ auth: 'ntlm' })));
    expect(err.code).toBe('auth-failed');
    expect(err.message).toContain('does not offer NTLM');
    await server!.stop();
    const s = await start('ntlm');
    expect((await failure(signIn(broker({ auth: 'forms' })))).code).toBe('auth-failed');
    expect(s.requests.some((r) => r.authorization)).toBe(false);
  });

  it('refuses a server whose certificate the policy CAs do not vouch for', async () => {
    await start('ntlm');
    const config = RdwebBroker.parse({ type: 'rdweb', id: 'x', name: 'x', url: server!.feedUrl, timeoutSec: 2 });
    const err = await failure(new RdwebBrokerAdapter(config, 'policy', { allowInsecure: false }).signIn({ username: 'alice', password: new Secret(PASSWORD) }, AbortSignal.timeout(10_000)));
    expect(err.code).toBe('broker-tls');
  });
});

describe('RD Web launch', () => {
  it('downloads the .rdp with the same sign-in and hands it on with the feed credentials', async () => {
    const s = await start('ntlm');
    const session = await signIn(broker());
    await session.listDesktops(AbortSignal.timeout(10_000));
    const steps: string[] = [];
    const desk = (await session.prepareLaunch('desk', AbortSignal.timeout(10_000), (st) => steps.push(st))) as RdpConnection;
    expect(desk).toMatchObject({ protocol: 'rdp', host: 'desk01.corp.example', port: 3390, username: 'alice', domain: 'CORP', security: 'nla', title: 'Corp Desktop', loadBalanceInfo: 'tsv://MS Terminal Services Plugin.1.Desk' });
    expect(desk.password?.reveal()).toBe(PASSWORD);
    expect(desk.gateway).toEqual({ host: 'gw.corp.example', port: 443, usage: 'auto' });
    expect(desk.certificate.mode).toBe('system');
    expect(steps).toEqual(['prepare', 'contact']);
    expect(s.requests.some((r) => r.path === '/RDWeb/Feed/rdp/desk.rdp' && r.status === 200)).toBe(true);
    const app = (await session.prepareLaunch('wordpad', AbortSignal.timeout(10_000), () => {})) as RdpConnection;
    expect(app.remoteApp).toEqual({ program: '||WordPad', name: 'WordPad' });
    const broken = await failure(session.prepareLaunch('broken', AbortSignal.timeout(10_000), () => {}));
    expect(broken.code).toBe('broker-bad-reply');
    expect(broken.message).toContain('names no computer');
    expect((await failure(session.prepareLaunch('nope', AbortSignal.timeout(10_000), () => {}))).code).toBe('desktop-unavailable');
    await session.signOut();
    expect((await failure(session.prepareLaunch('desk', AbortSignal.timeout(10_000), () => {}))).code).toBe('not-allowed-now');
  });

  it('the server closed the idle connection before the launch: NTLM again on a new one', async () => {
    server = await startFakeRdweb({ tls: pki.server, accounts: [{ user: 'alice', password: PASSWORD }], auth: 'ntlm', resources, keepAliveMs: 2000 });
    const session = await signIn(broker());
    await session.listDesktops(AbortSignal.timeout(10_000));
    await new Promise((r) => setTimeout(r, 2600)); // past the server's keep-alive (Node's client drops it 1 s before)
    const desk = (await session.prepareLaunch('desk', AbortSignal.timeout(10_000), () => {})) as RdpConnection;
    expect(desk.host).toBe('desk01.corp.example');
    const conns = server.requests.filter((r) => r.authorization === 'NTLM 3').map((r) => r.connection);
    expect(new Set(conns).size).toBe(2);
  });

  it('the server dropped the idle connection without a word: the request goes again on a new one', async () => {
    server = await startFakeRdweb({ tls: pki.server, accounts: [{ user: 'alice', password: PASSWORD }], auth: 'ntlm', resources, dropIdleAfterMs: 300 });
    const session = await signIn(broker());
    await session.listDesktops(AbortSignal.timeout(10_000));
    await new Promise((r) => setTimeout(r, 700));
    const desk = (await session.prepareLaunch('desk', AbortSignal.timeout(10_000), () => {})) as RdpConnection;
    expect(desk.host).toBe('desk01.corp.example');
  });

  it('forms sign-in carries its cookie to the .rdp download', async () => {
    await start('forms');
    const session = await signIn(broker());
    await session.listDesktops(AbortSignal.timeout(10_000));
    const app = (await session.prepareLaunch('wordpad', AbortSignal.timeout(10_000), () => {})) as RdpConnection;
    expect(app.host).toBe('rdsh01.corp.example');
  });

  it('a failing or garbage .rdp download is a clear error', async () => {
    const s = await start('ntlm');
    const session = await signIn(broker());
    await session.listDesktops(AbortSignal.timeout(10_000));
    s.misbehave('rdp-5xx');
    expect((await failure(session.prepareLaunch('desk', AbortSignal.timeout(10_000), () => {}))).code).toBe('broker-unreachable');
    s.misbehave('rdp-garbage');
    const err = await failure(session.prepareLaunch('desk', AbortSignal.timeout(10_000), () => {}));
    expect(err.code).toBe('broker-bad-reply');
    expect(err.message).toContain('UTF-16 big-endian');
  });
});

describe('RD Web misbehaving', () => {
  const cases: [Parameters<FakeRdweb['misbehave']>[0], string, RegExp][] = [
    ['malformed-xml', 'broker-bad-reply', /not well-formed/],
    ['truncated', 'broker-bad-reply', /cut off/],
    ['slow', 'broker-timeout', /within 2 s/],
    ['wrong-type', 'broker-bad-reply', /text\/html/],
    ['5xx', 'broker-unreachable', /HTTP 500/],
    ['401-loop', 'auth-failed', /refused/],
    ['close-mid-ntlm', 'broker-bad-reply', /middle of the NTLM/],
  ];
  for (const [kind, code, says] of cases) {
    it(`${kind}: ${code}`, async () => {
      const s = await start('ntlm');
      s.misbehave(kind);
      const err = await failure(signIn(broker()));
      expect(err.code).toBe(code);
      expect(err.message).toMatch(says);
      expect(err.message).not.toContain(PASSWORD);
    });
  }

  it('a forms server that keeps sending the login page: a clear error, not a loop', async () => {
    const s = await start('forms');
    s.misbehave('401-loop');
    const err = await failure(signIn(broker()));
    expect(err.code).toBe('auth-failed');
    expect(s.requests.length).toBeLessThan(10);
  });

  it('cancellation ends a sign-in that hangs', async () => {
    const s = await start('ntlm');
    s.misbehave('slow');
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 300);
    const started = Date.now();
    const err = await failure(signIn(broker({ timeoutSec: 30 }), PASSWORD, 'alice', ctl.signal));
    expect(err.code).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('nothing listening: broker-unreachable', async () => {
    await start('ntlm');
    const url = server!.feedUrl;
    await server!.stop();
    server = undefined;
    expect((await failure(signIn(broker({}, url)))).code).toBe('broker-unreachable');
  });
});

describe('thinshell desktops against the RD Web feed (the admin CLI)', () => {
  async function desktopsCli(password: string, ...extra: string[]) {
    const { PassThrough } = await import('node:stream');
    const { runCli } = await import('../../../src-main/cli/run.ts');
    const dir = await mkdtemp(join(tmpdir(), 'thinshell-rdweb-cli-'));
    const policy = join(dir, 'policy.json');
    await writeFile(policy, JSON.stringify({ brokers: [{ type: 'rdweb', id: 'corp', name: 'Corp', url: server!.feedUrl, tls: { ca: [pki.ca] } }] }));
    const stdin = new PassThrough();
    stdin.end(`${password}\n`);
    const out = { stdout: '', stderr: '' };
    const code = await runCli(['desktops', '--broker', 'corp', '--user', 'CORP\\alice', '--password-stdin', '--policy', policy, ...extra], { stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t), stdin, env: {} });
    await rm(dir, { recursive: true, force: true });
    return { code, ...out };
  }

  it('lists the Desktops and RemoteApps; a wrong password exits 10; the password is never printed', async () => {
    await start('ntlm');
    const ok = await desktopsCli(PASSWORD, '--json');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Corp Desktop');
    expect(ok.stdout).toContain('WordPad');
    const bad = await desktopsCli('wrong');
    expect(bad.code).toBe(10);
    expect(ok.stdout + ok.stderr + bad.stdout + bad.stderr).not.toContain(PASSWORD);
  });
});
