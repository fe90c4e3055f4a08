import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fails, signal, signedIn } from '../../../../support/broker-calls.ts';
import type { ConnectStep } from '../../../../../src-main/contract/index.ts';
import { createLogger } from '../../../../../src-main/common/log.ts';
import { Secret } from '../../../../../src-main/common/secret.ts';
import { OvirtBrokerAdapter } from '../../../../../src-main/brokers/ovirt/broker.ts';
import { OvirtBroker, Policy } from '../../../../../src-main/policy/schema.ts';
import type { SpiceConnection } from '../../../../../src-main/sessions/types.ts';
import { startFakeOvirt, type FakeOvirt, type FakeOvirtVm } from '../../../../fakes/ovirt-server.ts';
import type { Misbehaviour } from '../../../../fakes/misbehaviour.ts';
import { makeTestPki, type TestPki } from '../../../../support/tls-cert.ts';

const CANARY = 'canary-ovirt-Pa55-3c4d';
let pki: TestPki;
let fake: FakeOvirt;
const lines: string[] = [];
const log = createLogger('test', { level: 'debug', write: (l) => lines.push(l) });

const vms = (): FakeOvirtVm[] => [
  { id: '11111111-1111-1111-1111-111111111111', name: 'Win11 desk', status: 'up', description: 'Finance pool' },
  { id: '22222222-2222-2222-2222-222222222222', name: 'Fedora', status: 'down' },
  { id: '33333333-3333-3333-3333-333333333333', name: 'Old VNC VM', status: 'up', display: 'vnc' },
  { id: '44444444-4444-4444-4444-444444444444', name: 'Someone else', status: 'up', users: ['bob@internal'] },
  { id: '55555555-5555-5555-5555-555555555555', name: 'Migrating', status: 'migrating', noConsole: true },
  { id: '66666666-6666-6666-6666-666666666666', name: 'Hibernated', status: 'suspended', noFile: true },
  { id: '77777777-7777-7777-7777-777777777777', name: 'Locked image', status: 'image_locked' },
];

beforeAll(async () => {
  pki = await makeTestPki();
  fake = await startFakeOvirt({
    tls: pki.server,
    users: [
      { name: 'alice@internal', password: CANARY },
      { name: 'bob@internal', password: 'b' },
      { name: 'lock@internal', password: 'x', locked: true },
    ],
    vms: vms(),
    startMs: 400,
    console: { host: '192.0.2.20', tlsPort: 5901, password: 'console-pw', ca: '-----BEGIN CERTIFICATE-----\nENG\n-----END CERTIFICATE-----\n' },
  });
});

afterAll(async () => {
  await fake?.close();
  await pki?.remove();
});

afterEach(() => {
  fake.misbehave.clear();
  fake.vms.splice(0, fake.vms.length, ...vms());
});

function broker(over: Record<string, unknown> = {}) {
  const config = OvirtBroker.parse({ type: 'ovirt', id: 'engine', name: 'Engine', url: fake.url, defaultDomain: 'internal', tls: { ca: [pki.ca] }, timeoutSec: 5, ...over });
  return new OvirtBrokerAdapter(config, 'policy', Policy.parse({ session: { connectTimeoutSec: 10 } }), { log });
}

async function alice() {
  return signedIn(await broker().signIn({ username: 'alice', password: new Secret(CANARY) }, signal()));
}

describe('oVirt: sign-in', () => {
  it('signs in with the password grant (scope sent), the profile from policy', async () => {
    const s = await alice();
    expect(s.user).toBe('alice@internal');
    const login = fake.seen.filter((r) => r.path.endsWith('/sso/oauth/token')).at(-1)!;
    expect(Object.fromEntries(new URLSearchParams(login.body))).toEqual({ grant_type: 'password', scope: 'ovirt-app-api', username: 'alice@internal', password: CANARY });
    await s.signOut();
    expect(fake.revoked).toBeGreaterThan(0);
  });

  it('a wrong password is auth-failed; a locked account auth-locked', async () => {
    expect((await fails(broker().signIn({ username: 'alice', password: new Secret('no') }, signal()))).code).toBe('auth-failed');
    expect((await fails(broker().signIn({ username: 'lock', password: new Secret('x') }, signal()))).code).toBe('auth-locked');
  });
});

describe('oVirt: desktops and launch', () => {
  it("lists the user's SPICE VMs with their status (filter=true)", async () => {
    const s = await alice();
    expect(await s.listDesktops(signal())).toEqual([
      { id: '22222222-2222-2222-2222-222222222222', name: 'Fedora', protocol: 'spice', status: 'stopped' },
      { id: '66666666-6666-6666-6666-666666666666', name: 'Hibernated', protocol: 'spice', status: 'paused' },
      { id: '77777777-7777-7777-7777-777777777777', name: 'Locked image', protocol: 'spice', status: 'unknown' },
      { id: '55555555-5555-5555-5555-555555555555', name: 'Migrating', protocol: 'spice', status: 'running' },
      { id: '11111111-1111-1111-1111-111111111111', name: 'Win11 desk', protocol: 'spice', status: 'running', description: 'Finance pool' },
    ]);
    await s.signOut();
  });

  it('a running VM: the console .vv becomes a SpiceConnection (port=-1 means TLS only)', async () => {
    const s = await alice();
    await s.listDesktops(signal());
    const steps: ConnectStep[] = [];
    const conn = (await s.prepareLaunch('11111111-1111-1111-1111-111111111111', signal(), (x) => steps.push(x))) as SpiceConnection;
    expect(steps).toEqual(['prepare']);
    expect(conn).toMatchObject({ protocol: 'spice', host: '192.0.2.20', tlsPort: 5901, hostSubject: 'O=example.org,CN=host1.example.org', ca: '-----BEGIN CERTIFICATE-----\nENG\n-----END CERTIFICATE-----\n', title: 'Win11 desk' });
    expect(conn.port).toBeUndefined();
    expect(conn.password?.reveal()).toBe('console-pw');
    const file = fake.seen.filter((r) => r.path.includes('/graphicsconsoles/')).at(-1)!;
    expect(file.accept).toBe('application/x-virt-viewer');
    await s.signOut();
  });

  it('a VM that is down is started with <action/> and waited for', async () => {
    const s = await alice();
    await s.listDesktops(signal());
    const steps: ConnectStep[] = [];
    const conn = await s.prepareLaunch('22222222-2222-2222-2222-222222222222', signal(), (x) => steps.push(x));
    expect(steps).toEqual(['prepare', 'start-desktop']);
    expect(conn.protocol).toBe('spice');
    const start = fake.seen.find((r) => r.path.endsWith('/22222222-2222-2222-2222-222222222222/start'))!;
    expect(start).toMatchObject({ method: 'POST', body: '<action/>', contentType: 'application/xml' });
    // The console opens once the VM is powering up (its SPICE server runs by then).
    expect(['powering_up', 'up']).toContain(fake.vms.find((v) => v.name === 'Fedora')?.status);
    await s.signOut();
  });

  it('no SPICE console, a 204 console file, or a VM in an odd state: desktop-unavailable', async () => {
    const s = await alice();
    await s.listDesktops(signal());
    const migrating = await fails(s.prepareLaunch('55555555-5555-5555-5555-555555555555', signal(), () => {}));
    expect(migrating.code).toBe('desktop-unavailable');
    expect(migrating.message).toMatch(/migrating/);
    fake.vms.find((v) => v.name === 'Win11 desk')!.noConsole = true;
    expect((await fails(s.prepareLaunch('11111111-1111-1111-1111-111111111111', signal(), () => {}))).message).toMatch(/no SPICE console/);
    const hibernated = await fails(s.prepareLaunch('66666666-6666-6666-6666-666666666666', signal(), () => {}));
    expect(hibernated.message).toMatch(/204/);
    expect((await fails(s.prepareLaunch('77777777-7777-7777-7777-777777777777', signal(), () => {}))).code).toBe('desktop-unavailable');
    await s.signOut();
  });

  it('on a 401 mid-session it signs in again once, and goes on', async () => {
    const s = await alice();
    fake.expireTokens();
    const before = fake.requests.filter((r) => r.endsWith('/sso/oauth/token')).length;
    expect((await s.listDesktops(signal())).length).toBe(5);
    expect(fake.requests.filter((r) => r.endsWith('/sso/oauth/token')).length).toBe(before + 1);
    await s.signOut();
  });

  it('a 401 that a fresh sign-in does not cure is auth-failed', async () => {
    const s = await alice();
    fake.misbehave.add({ path: /\/api\/vms$/, what: { kind: 'status', status: 401 } });
    expect((await fails(s.listDesktops(signal()))).code).toBe('auth-failed');
    await s.signOut();
  });
});

describe('oVirt: an engine that misbehaves', () => {
  const cases: [string, Misbehaviour, string][] = [
    ['malformed JSON', { kind: 'malformed-json' }, 'broker-bad-reply'],
    ['a truncated body', { kind: 'truncated' }, 'broker-bad-reply'],
    ['wrong types', { kind: 'wrong-types' }, 'broker-bad-reply'],
    ['a lasting 503', { kind: 'status', status: 503 }, 'broker-unreachable'],
    ['a 500', { kind: 'status', status: 500 }, 'broker-bad-reply'],
    ['a huge body', { kind: 'huge', bytes: 20_000_000 }, 'broker-bad-reply'],
  ];
  for (const [name, what, code] of cases) {
    it(`VM list: ${name} -> ${code}`, async () => {
      const s = await alice();
      fake.misbehave.add({ path: /\/api\/vms$/, what });
      expect((await fails(s.listDesktops(signal()))).code).toBe(code);
      await s.signOut();
    });
    it(`sign-in: ${name} -> ${code}`, async () => {
      fake.misbehave.add({ path: /oauth\/token/, what });
      expect((await fails(broker().signIn({ username: 'alice', password: new Secret(CANARY) }, signal()))).code).toBe(code);
    });
  }

  it('a console file that is not a .vv is broker-bad-reply', async () => {
    const s = await alice();
    await s.listDesktops(signal());
    fake.misbehave.add({ path: /graphicsconsoles\/7370696365$/, what: { kind: 'malformed-json' } });
    const err = await fails(s.prepareLaunch('11111111-1111-1111-1111-111111111111', signal(), () => {}));
    expect(err.code).toBe('broker-bad-reply');
    expect(err.message).toMatch(/console file/);
    await s.signOut();
  });

  it('slow beyond timeoutSec is broker-timeout; cancel is at once', async () => {
    fake.misbehave.add({ path: /oauth\/token/, what: { kind: 'slow', ms: 2500 } });
    expect((await fails(broker({ timeoutSec: 1 }).signIn({ username: 'alice', password: new Secret(CANARY) }, signal()))).code).toBe('broker-timeout');
    fake.misbehave.add({ path: /oauth\/token/, what: { kind: 'hang' } });
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 100);
    expect((await fails(broker().signIn({ username: 'alice', password: new Secret(CANARY) }, abort.signal))).code).toBe('cancelled');
  });

  it('the password is in no log line and no URL', () => {
    expect(lines.join('\n')).not.toContain(CANARY);
    expect(fake.requests.join('\n')).not.toContain(CANARY);
  });
});
