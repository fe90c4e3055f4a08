import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fails, signal, signedIn } from '../../../../support/broker-calls.ts';
import type { ConnectStep } from '../../../../../src-main/contract/index.ts';
import type { ShellError } from '../../../../../src-main/contract/index.ts';
import { createLogger } from '../../../../../src-main/common/log.ts';
import { Secret } from '../../../../../src-main/common/secret.ts';
import { PveBrokerAdapter } from '../../../../../src-main/brokers/pve/broker.ts';
import { Policy, PveBroker, type PolicyInput } from '../../../../../src-main/policy/schema.ts';
import type { SpiceConnection } from '../../../../../src-main/sessions/types.ts';
import { startFakePve, type FakePve, type FakePveGuest } from '../../../../fakes/pve-server.ts';
import { makeTestPki, type TestPki } from '../../../../support/tls-cert.ts';

const CANARY = 'canary-pve-Pa55-91b2';
const TOKEN_SECRET = '5f0c1a2e-canary-token-secret';
let pki: TestPki;
let fake: FakePve;
const logLines: string[] = [];
const log = createLogger('test', { level: 'debug', write: (l) => logLines.push(l) });

function guests(): FakePveGuest[] {
  return [
    { vmid: 101, node: 'pve1', name: 'Office desktop', status: 'running', pool: 'office' },
    { vmid: 102, node: 'pve1', name: 'Lab VM', status: 'stopped' },
    { vmid: 103, node: 'pve2', name: 'On an offline node', status: 'running' },
    { vmid: 104, node: 'pve1', name: 'Golden image', status: 'stopped', template: true },
    { vmid: 105, node: 'pve1', status: 'running', stats: false },
    { vmid: 200, node: 'pve1', type: 'lxc', name: 'A container', status: 'running' },
    { vmid: 106, node: 'pve1', name: 'Plain VGA VM', status: 'running', spice: false },
    { vmid: 107, node: 'pve1', name: 'Broken start', status: 'stopped', startFails: "TASK ERROR: storage 'ceph' is not online" },
    { vmid: 108, node: 'pve1', name: 'Not yours', status: 'running', users: ['bob@pve'] },
    { vmid: 109, node: 'pve1', name: 'Backup running', status: 'running', lock: 'backup' },
  ];
}

beforeAll(async () => {
  pki = await makeTestPki();
  fake = await startFakePve({
    tls: pki.server,
    users: [
      { name: 'alice@pve', password: CANARY },
      { name: 'carol@pve', password: CANARY, totp: '123456', recovery: ['rec-one', 'rec-two'] },
      { name: 'dave@pve', password: CANARY, totp: '654321' },
      { name: 'erin@pve', password: CANARY, webauthn: true },
      { name: 'bob@pve', password: 'bobs' },
    ],
    tokens: [{ id: 'kiosk@pve!terminal1', secret: TOKEN_SECRET }],
    nodes: [
      { node: 'pve1', status: 'online' },
      { node: 'pve2', status: 'offline' },
    ],
    guests: guests(),
    startMs: 400,
    spice: { tlsPort: 61000, password: 'spice-pw', ca: '-----BEGIN CERTIFICATE-----\nABC\n-----END CERTIFICATE-----\n', hostSubject: 'CN=pve1.example' },
  });
});

afterAll(async () => {
  await fake?.close();
  await pki?.remove();
});

afterEach(() => {
  fake.misbehave.clear();
  fake.guests.splice(0, fake.guests.length, ...guests());
});

function broker(over: Partial<PolicyInput['brokers'] extends (infer B)[] | undefined ? B : never> = {}, policy: PolicyInput = {}, renewAfterMs?: number) {
  const config = PveBroker.parse({ type: 'pve', id: 'pve', name: 'Cluster', url: fake.url, realm: 'pve', tls: { ca: [pki.ca] }, timeoutSec: 5, ...over });
  const p = Policy.parse({ session: { connectTimeoutSec: 10 }, ...policy });
  return new PveBrokerAdapter(config, 'policy', p, { log, ...(renewAfterMs ? { renewAfterMs } : {}) });
}

describe('PVE: sign-in', () => {
  it('signs in with a ticket, adding the policy realm to a bare name', async () => {
    const session = await signedIn(await broker().signIn({ username: 'alice', password: new Secret(CANARY) }, signal()));
    expect(session.user).toBe('alice@pve');
    expect(fake.logins.at(-1)).toEqual({ username: 'alice@pve', password: CANARY });
    await session.signOut();
  });

  it('uses a realm typed in the domain field instead of the policy realm', async () => {
    const err = await fails(broker().signIn({ username: 'alice', domain: 'pam', password: new Secret(CANARY) }, signal()));
    expect(fake.logins.at(-1)?.username).toBe('alice@pam');
    expect(err.code).toBe('auth-failed');
  });

  it('a wrong password is auth-failed, in words an admin can act on', async () => {
    const err = await fails(broker().signIn({ username: 'alice@pve', password: new Secret('nope') }, signal()));
    expect(err.code).toBe('auth-failed');
    expect(err.message).toMatch(/wrong user name, realm or password/);
  });

  it('asks for the second factor the server lists, refuses a wrong code, accepts TOTP', async () => {
    const result = await broker().signIn({ username: 'carol', password: new Secret(CANARY) }, signal());
    expect(result.kind).toBe('secondFactor');
    if (result.kind !== 'secondFactor') return;
    expect(result.methods).toEqual(['totp', 'recovery']);
    expect((await fails(result.complete('totp', '000000', signal()))).code).toBe('auth-second-factor-failed');
    const session = await result.complete('totp', '123456', signal());
    expect(session.user).toBe('carol@pve');
    expect(fake.logins.at(-1)).toMatchObject({ username: 'carol@pve', password: 'totp:123456' });
    expect(fake.logins.at(-1)?.['tfa-challenge']).toMatch(/^PVE:carol@pve!tfa!/);
    expect((await session.listDesktops(signal())).length).toBeGreaterThan(0);
    await session.signOut();
  });

  it('a recovery code works once', async () => {
    const first = await broker().signIn({ username: 'carol', password: new Secret(CANARY) }, signal());
    if (first.kind !== 'secondFactor') throw new Error('no second factor');
    await (await first.complete('recovery', 'rec-one', signal())).signOut();
    const again = await broker().signIn({ username: 'carol', password: new Secret(CANARY) }, signal());
    if (again.kind !== 'secondFactor') throw new Error('no second factor');
    expect((await fails(again.complete('recovery', 'rec-one', signal()))).code).toBe('auth-second-factor-failed');
  });

  it('offers only the methods the challenge lists', async () => {
    const result = await broker().signIn({ username: 'dave', password: new Secret(CANARY) }, signal());
    expect(result.kind === 'secondFactor' && result.methods).toEqual(['totp']);
  });

  it('an account with only a security key is told plainly that the terminal cannot do it', async () => {
    const err = await fails(broker().signIn({ username: 'erin', password: new Secret(CANARY) }, signal()));
    expect(err.code).toBe('auth-second-factor-unsupported');
    expect(err.message).toMatch(/webauthn/);
  });

  it('an API token signs in by itself, as the token user, with no ticket and no CSRF', async () => {
    const b = broker({ apiToken: { id: 'kiosk@pve!terminal1', secret: TOKEN_SECRET } });
    expect(b.info.autoSignIn).toBe(true);
    const before = fake.logins.length;
    const session = await signedIn(await b.signIn({ username: '', password: new Secret('') }, signal()));
    expect(session.user).toBe('kiosk@pve');
    expect(fake.logins.length).toBe(before);
    expect((await session.listDesktops(signal())).map((d) => d.id)).toContain('qemu/108');
    const conn = (await session.prepareLaunch('qemu/101', signal(), () => {})) as SpiceConnection;
    expect(conn.tlsPort).toBe(61000);
    await session.signOut();
    expect(logLines.join('\n')).not.toContain(TOKEN_SECRET);
  });

  it('a refused API token is auth-failed naming the token (not its secret)', async () => {
    const err = await fails(broker({ apiToken: { id: 'kiosk@pve!terminal1', secret: 'wrong-secret' } }).signIn({ username: '', password: new Secret('') }, signal()));
    expect(err.code).toBe('auth-failed');
    expect(err.message).toContain('kiosk@pve!terminal1');
    expect(err.message).not.toContain('wrong-secret');
  });

  it('renews the ticket before it expires with one timer, and stops at sign-out', async () => {
    const b = broker({}, {}, 150);
    const session = await signedIn(await b.signIn({ username: 'alice', password: new Secret(CANARY) }, signal()));
    await expect.poll(() => fake.logins.filter((l) => l.password?.startsWith('PVE:alice@pve:')).length, { timeout: 3000 }).toBeGreaterThan(1);
    // The session now uses the renewed ticket: the first one may expire.
    fake.revoke(fake.logins.find((l) => l.password?.startsWith('PVE:alice@pve:'))!.password!);
    expect(await session.listDesktops(signal()).then(() => 'ok', (e: ShellError) => e.code)).toBe('ok');
    await session.signOut();
    const count = fake.logins.length;
    await new Promise((r) => setTimeout(r, 500));
    expect(fake.logins.length).toBe(count);
  });
});

describe('PVE: TLS by policy', () => {
  it('"insecure" works only with kiosk.allowInsecure, and then the broker is marked', async () => {
    const off = { ca: [], fingerprints: [], insecure: true };
    const allowed = broker({ tls: off }, { kiosk: { allowInsecure: true } });
    expect(allowed.info.insecure).toBe(true);
    await (await signedIn(await allowed.signIn({ username: 'alice', password: new Secret(CANARY) }, signal()))).signOut();
    const refused = broker({ tls: off });
    expect(refused.info.insecure).toBe(false);
    expect((await fails(refused.signIn({ username: 'alice', password: new Secret(CANARY) }, signal()))).code).toBe('broker-tls');
  });

  it('a CA the policy does not list is refused before the password leaves', async () => {
    const before = fake.logins.length;
    const err = await fails(broker({ tls: { ca: [], fingerprints: [], insecure: false } }).signIn({ username: 'alice', password: new Secret(CANARY) }, signal()));
    expect(err.code).toBe('broker-tls');
    expect(fake.logins.length).toBe(before);
  });
});

describe('PVE: desktops', () => {
  it('lists non-template QEMU guests on online nodes that the user may see, with status', async () => {
    const session = await signedIn(await broker().signIn({ username: 'alice', password: new Secret(CANARY) }, signal()));
    const list = await session.listDesktops(signal());
    expect(list).toEqual([
      { id: 'qemu/109', name: 'Backup running', protocol: 'spice', status: 'running', description: 'pve1 · locked: backup' },
      { id: 'qemu/107', name: 'Broken start', protocol: 'spice', status: 'stopped', description: 'pve1' },
      { id: 'qemu/102', name: 'Lab VM', protocol: 'spice', status: 'stopped', description: 'pve1' },
      { id: 'qemu/101', name: 'Office desktop', protocol: 'spice', status: 'running', description: 'pve1 · office' },
      { id: 'qemu/106', name: 'Plain VGA VM', protocol: 'spice', status: 'running', description: 'pve1' },
      { id: 'qemu/105', name: 'VM 105', protocol: 'spice', status: 'unknown', description: 'pve1' },
    ]);
    await session.signOut();
  });
});

describe('PVE: launch', () => {
  async function launch(id: string, over = {}, policy: PolicyInput = {}) {
    const session = await signedIn(await broker(over, policy).signIn({ username: 'alice', password: new Secret(CANARY) }, signal()));
    await session.listDesktops(signal());
    const steps: ConnectStep[] = [];
    try {
      const conn = await session.prepareLaunch(id, signal(), (s) => steps.push(s));
      return { conn: conn as SpiceConnection, steps, session };
    } finally {
      await session.signOut();
    }
  }

  it('a running guest: a fresh SPICE ticket, mapped for remote-viewer (no start)', async () => {
    fake.requests.length = 0;
    const { conn, steps } = await launch('qemu/101');
    expect(steps).toEqual(['prepare']);
    expect(conn).toMatchObject({
      protocol: 'spice',
      tlsPort: 61000,
      proxy: 'http://pve1:3128',
      hostSubject: 'CN=pve1.example',
      ca: '-----BEGIN CERTIFICATE-----\nABC\n-----END CERTIFICATE-----\n',
      title: 'Office desktop',
    });
    expect(conn.host).toMatch(/^pvespiceproxy:[0-9a-f]+:101:pve1::/);
    expect(conn.password).toBeInstanceOf(Secret);
    expect(conn.password?.reveal()).toBe('spice-pw');
    expect(fake.requests.filter((r) => r.includes('/status/start'))).toEqual([]);
  });

  it('the policy spiceProxy replaces the proxy the node names', async () => {
    const { conn } = await launch('qemu/101', { spiceProxy: '192.0.2.10:3129' });
    expect(conn.proxy).toBe('http://192.0.2.10:3129');
    const { conn: bare } = await launch('qemu/101', { spiceProxy: 'spice.example' });
    expect(bare.proxy).toBe('http://spice.example:3128');
  });

  it('every launch fetches a new ticket: nothing is cached', async () => {
    fake.requests.length = 0;
    await launch('qemu/101');
    await launch('qemu/101');
    expect(fake.requests.filter((r) => r.endsWith('/spiceproxy')).length).toBe(2);
  });

  it('a stopped guest is started, its task polled until OK, then the ticket fetched', async () => {
    fake.requests.length = 0;
    const { conn, steps } = await launch('qemu/102');
    expect(steps).toEqual(['prepare', 'start-desktop']);
    expect(conn.title).toBe('Lab VM');
    const order = fake.requests.filter((r) => /status\/start|tasks|spiceproxy/.test(r)).map((r) => r.replace(/tasks\/.*\/status/, 'tasks/UPID/status'));
    expect(order[0]).toBe('POST /api2/json/nodes/pve1/qemu/102/status/start');
    expect(order.at(-1)).toBe('POST /api2/json/nodes/pve1/qemu/102/spiceproxy');
    const polls = order.filter((r) => r.includes('tasks')).length;
    // Bounded backoff over a 400 ms task: a few polls, not a busy loop.
    expect(polls).toBeGreaterThanOrEqual(2);
    expect(polls).toBeLessThan(8);
  });

  it('a start that fails says why (the task exit status)', async () => {
    const err = await fails(launch('qemu/107'));
    expect(err.code).toBe('desktop-unavailable');
    expect(err.message).toMatch(/storage 'ceph' is not online/);
  });

  it('a start that outlasts the connect deadline is session-timeout', async () => {
    const slow = await startFakePve({ tls: pki.server, users: [{ name: 'alice@pve', password: CANARY }], nodes: [{ node: 'pve1', status: 'online' }], guests: [{ vmid: 1, node: 'pve1', name: 'Slow', status: 'stopped' }], startMs: 60_000 });
    try {
      const config = PveBroker.parse({ type: 'pve', id: 'slow', name: 'Slow', url: slow.url, realm: 'pve', tls: { ca: [pki.ca] } });
      const b = new PveBrokerAdapter(config, 'policy', Policy.parse({ session: { connectTimeoutSec: 3 } }));
      const session = await signedIn(await b.signIn({ username: 'alice', password: new Secret(CANARY) }, signal()));
      await session.listDesktops(signal());
      const started = Date.now();
      const err = await fails(session.prepareLaunch('qemu/1', signal(), () => {}));
      expect(err.code).toBe('session-timeout');
      expect(Date.now() - started).toBeLessThan(6000);
      await session.signOut();
    } finally {
      await slow.close();
    }
  });

  it('a guest without a SPICE display is refused before anything starts', async () => {
    const err = await fails(launch('qemu/106'));
    expect(err.code).toBe('desktop-unavailable');
    expect(err.message).toMatch(/no SPICE display/);
  });

  it('cancel while waiting for the start task stops at once', async () => {
    const session = await signedIn(await broker().signIn({ username: 'alice', password: new Secret(CANARY) }, signal()));
    await session.listDesktops(signal());
    const abort = new AbortController();
    const steps: ConnectStep[] = [];
    const pending = session.prepareLaunch('qemu/102', abort.signal, (s) => {
      steps.push(s);
      if (s === 'start-desktop') setTimeout(() => abort.abort(), 50);
    });
    expect((await fails(pending)).code).toBe('cancelled');
    await session.signOut();
  });
});

describe('PVE: a broker that misbehaves', () => {
  const cases: [string, Parameters<FakePve['misbehave']['add']>[0]['what'], string][] = [
    ['malformed JSON', { kind: 'malformed-json' }, 'broker-bad-reply'],
    ['a truncated body', { kind: 'truncated' }, 'broker-bad-reply'],
    ['wrong types', { kind: 'wrong-types' }, 'broker-bad-reply'],
    ['a lasting 503', { kind: 'status', status: 503, text: 'Service Unavailable' }, 'broker-unreachable'],
    ['a 500', { kind: 'status', status: 500, text: 'internal error' }, 'broker-bad-reply'],
    ['a huge body', { kind: 'huge', bytes: 20_000_000 }, 'broker-bad-reply'],
  ];
  for (const [name, what, code] of cases) {
    it(`guest list: ${name} -> ${code}`, async () => {
      const session = await signedIn(await broker().signIn({ username: 'alice', password: new Secret(CANARY) }, signal()));
      fake.misbehave.add({ path: /cluster\/resources/, what });
      const err = await fails(session.listDesktops(signal()));
      expect(err.code).toBe(code);
      expect(err.message).toMatch(/resources|guest list/);
      await session.signOut();
    });
    it(`sign-in: ${name} -> ${code}`, async () => {
      fake.misbehave.add({ path: /access\/ticket/, what });
      const err = await fails(broker().signIn({ username: 'alice', password: new Secret(CANARY) }, signal()));
      expect(err.code).toBe(code);
    });
  }

  it('a slow reply past timeoutSec is broker-timeout', async () => {
    fake.misbehave.add({ path: /access\/ticket/, what: { kind: 'slow', ms: 2500 } });
    const err = await fails(broker({ timeoutSec: 1 }).signIn({ username: 'alice', password: new Secret(CANARY) }, signal()));
    expect(err.code).toBe('broker-timeout');
  });

  it('a 401 mid-session (ticket gone) is auth-failed', async () => {
    const session = await signedIn(await broker().signIn({ username: 'alice', password: new Secret(CANARY) }, signal()));
    fake.expireTickets();
    const err = await fails(session.listDesktops(signal()));
    expect(err.code).toBe('auth-failed');
    await session.signOut();
  });

  it('a malformed SPICE ticket or task id is broker-bad-reply, not a launch with garbage', async () => {
    const session = await signedIn(await broker().signIn({ username: 'alice', password: new Secret(CANARY) }, signal()));
    await session.listDesktops(signal());
    fake.misbehave.add({ path: /spiceproxy/, what: { kind: 'wrong-types' } });
    expect((await fails(session.prepareLaunch('qemu/101', signal(), () => {}))).code).toBe('broker-bad-reply');
    fake.misbehave.add({ path: /status\/start/, what: { kind: 'wrong-types' } });
    expect((await fails(session.prepareLaunch('qemu/102', signal(), () => {}))).code).toBe('broker-bad-reply');
    await session.signOut();
  });

  it('cancel during a sign-in that hangs returns at once', async () => {
    fake.misbehave.add({ path: /access\/ticket/, what: { kind: 'hang' } });
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 100);
    const started = Date.now();
    expect((await fails(broker().signIn({ username: 'alice', password: new Secret(CANARY) }, abort.signal))).code).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('the password never reaches a log line or a URL', () => {
    expect(logLines.join('\n')).not.toContain(CANARY);
    expect(fake.requests.join('\n')).not.toContain(CANARY);
  });
});
