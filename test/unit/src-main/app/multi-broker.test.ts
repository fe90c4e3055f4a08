import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Screen } from '../../../../src-main/contract/index.ts';
import { BrokerPolicy, type PolicyInput } from '../../../../src-main/policy/schema.ts';
import { startFakePve, type FakePve } from '../../../fakes/pve-server.ts';
import { makeTestPki, type TestPki } from '../../../support/tls-cert.ts';
import { startHttpsServer } from '../../../support/https-server.ts';
import { flush, harness } from './harness.ts';

// More than one broker, with the real shell, the real adapters and fake Proxmox servers:
// failover when a broker does not answer, a merged list, unattended sign-in, cancellation.

const CANARY = 'canary-multi-Pa55-x1';
let pki: TestPki;
let pveA: FakePve;
let pveB: FakePve;
let downUrl: string;

beforeAll(async () => {
  pki = await makeTestPki();
  const common = { tls: pki.server, nodes: [{ node: 'pve1', status: 'online' as const }], startMs: 300, spice: { password: 'sp' } };
  [pveA, pveB] = await Promise.all([
    startFakePve({ ...common, users: [{ name: 'alice@pve', password: CANARY }], tokens: [{ id: 'kiosk@pve!t1', secret: 'tok-secret-1' }], guests: [{ vmid: 101, node: 'pve1', name: 'A desk', status: 'running' }, { vmid: 102, node: 'pve1', name: 'A stopped', status: 'stopped' }] }),
    startFakePve({ ...common, users: [{ name: 'alice@pve', password: CANARY, totp: '424242' }], guests: [{ vmid: 201, node: 'pve1', name: 'B desk', status: 'running' }] }),
  ]);
  const gone = await startHttpsServer(pki.server, () => {});
  downUrl = gone.url;
  await gone.close();
});

afterAll(async () => {
  await Promise.all([pveA?.close(), pveB?.close()]);
  await pki?.remove();
});

afterEach(() => {
  pveA.misbehave.clear();
  pveB.misbehave.clear();
});

const pve = (id: string, name: string, url: string, extra: Record<string, unknown> = {}) => ({ type: 'pve' as const, id, name, url, realm: 'pve', tls: { ca: [pki.ca] }, timeoutSec: 3, ...extra });

function policy(brokers: NonNullable<PolicyInput['brokers']>, multiBroker: PolicyInput['multiBroker'] = {}): PolicyInput {
  return { brokers, multiBroker, session: { connectTimeoutSec: 10 } };
}

async function until(h: ReturnType<typeof harness>, test: (s: Screen) => boolean, ms = 8000): Promise<Screen> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const s = h.screen();
    if (test(s)) return s;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`screen stayed ${JSON.stringify(h.screen()).slice(0, 300)}`);
}

describe('failover', () => {
  it('a broker that does not answer at sign-in fails over to the next, and the user is told', async () => {
    const h = harness(policy([pve('down', 'Old cluster', downUrl), pve('a', 'Cluster A', pveA.url)]));
    await h.core.start();
    await h.core.handlers.signIn({ username: 'alice', password: CANARY });
    const s = h.screen();
    expect(s.kind).toBe('pick');
    if (s.kind !== 'pick') return;
    expect(s.broker.id).toBe('a');
    expect(s.unanswered).toEqual(['Old cluster']);
    expect(s.desktops.map((d) => d.name)).toEqual(['A desk', 'A stopped']);
    // On the way, the sign-in screen named the broker being tried.
    expect(h.views.some((v) => v.screen.kind === 'signIn' && v.screen.busy && v.screen.broker.id === 'a')).toBe(true);
  });

  it('never fails over to a broker nobody chose (mDNS): the password stays with the brokers the terminal trusts', async () => {
    const down = { config: BrokerPolicy.parse(pve('down', 'Old cluster', downUrl)), source: 'dhcp', rank: 0 };
    const announced = { config: BrokerPolicy.parse(pve('lab', 'Announced', pveA.url)), source: 'mdns', rank: 1, confirm: true };
    const h = harness(policy([]), { discover: async () => [down, announced] });
    await h.core.start();
    const loginsBefore = pveA.logins.length;
    await h.core.handlers.signIn({ username: 'alice', password: CANARY });
    const s = h.screen();
    expect(s.kind).not.toBe('pick');
    expect(pveA.logins.slice(loginsBefore)).toEqual([]);
  });

  it('a slow broker (past its timeout) fails over too', async () => {
    pveA.misbehave.add({ path: /access\/ticket/, what: { kind: 'hang' } });
    const h = harness(policy([pve('a', 'Cluster A', pveA.url, { timeoutSec: 1 }), pve('b', 'Cluster B', pveB.url)]));
    await h.core.start();
    await h.core.handlers.signIn({ username: 'alice', password: CANARY });
    const s = h.screen();
    // Cluster B asks for the second factor: the failover lands there.
    expect(s.kind === 'secondFactor' && s.broker.id).toBe('b');
    await h.core.handlers.submitSecondFactor({ method: 'totp', code: '424242' });
    const pick = h.screen();
    expect(pick.kind === 'pick' && pick.unanswered).toEqual(['Cluster A']);
  });

  it('a wrong password does not fail over (the other broker would refuse it too)', async () => {
    const h = harness(policy([pve('a', 'Cluster A', pveA.url), pve('b', 'Cluster B', pveB.url)]));
    await h.core.start();
    await h.core.handlers.signIn({ username: 'alice', password: 'wrong' });
    const s = h.screen();
    expect(s.kind === 'signIn' && s.broker.id).toBe('a');
    expect(s.kind === 'signIn' && s.error?.code).toBe('auth-failed');
    expect(pveB.logins.filter((l) => l.password === 'wrong')).toEqual([]);
  });

  it('with failover off, an unanswering broker is an error offering the other broker', async () => {
    const h = harness(policy([pve('down', 'Old cluster', downUrl), pve('a', 'Cluster A', pveA.url)], { failover: false }));
    await h.core.start();
    await h.core.handlers.signIn({ username: 'alice', password: CANARY });
    const s = h.screen();
    expect(s.kind === 'error' && s.error.code).toBe('broker-unreachable');
    expect(s.kind === 'error' && s.actions).toContain('otherBroker');
    await h.core.handlers.errorAction({ action: 'otherBroker' });
    expect(h.screen().kind === 'signIn' && (h.screen() as { broker: { id: string } }).broker.id).toBe('a');
  });
});

describe('merged brokers', () => {
  const direct = { type: 'direct' as const, id: 'lab', name: 'Lab', hosts: [{ id: 'win', name: 'Windows desk', protocol: 'rdp' as const, host: '127.0.0.1', port: 3389 }] };

  it('signs in everywhere with the same credentials and shows one list, the broker on each desktop', async () => {
    const h = harness(policy([pve('a', 'Cluster A', pveA.url), direct], { merge: true, mergedName: 'All desktops' }));
    await h.core.start();
    const sign = h.screen();
    expect(sign.kind === 'signIn' && sign.broker).toMatchObject({ id: 'merged', kind: 'merged', name: 'All desktops' });
    expect(sign.kind === 'signIn' && sign.brokers.length).toBe(1);
    await h.core.handlers.signIn({ username: 'alice', password: CANARY });
    const s = h.screen();
    expect(s.kind).toBe('pick');
    if (s.kind !== 'pick') return;
    expect(s.desktops.map((d) => [d.id, d.description])).toEqual([
      ['a/qemu/101', 'Cluster A · pve1'],
      ['a/qemu/102', 'Cluster A · pve1'],
      ['lab/win', 'Lab · 127.0.0.1:3389'],
    ]);
    expect(s.unanswered).toBeUndefined();
    // Each desktop launches at its own broker.
    void h.core.handlers.connect({ desktopId: 'a/qemu/101' });
    await until(h, () => h.specs.length === 1);
    expect(h.specs[0]).toMatchObject({ protocol: 'spice', title: 'A desk' });
    h.handles[0]!.emit({ kind: 'failed', failure: 'unreachable', detail: 'test' });
    await until(h, (x) => x.kind === 'error');
    await h.core.handlers.errorAction({ action: 'signIn' });
  });

  it('a broker that does not answer is left out and named; the rest still sign in', async () => {
    const h = harness(policy([pve('down', 'Old cluster', downUrl), pve('a', 'Cluster A', pveA.url)], { merge: true }));
    await h.core.start();
    await h.core.handlers.signIn({ username: 'alice', password: CANARY });
    const s = h.screen();
    expect(s.kind === 'pick' && s.desktops.length).toBe(2);
    expect(s.kind === 'pick' && s.unanswered).toEqual(['Old cluster']);
  });

  it('the second factor of one member is asked for, then the merged list shows', async () => {
    const h = harness(policy([pve('a', 'Cluster A', pveA.url), pve('b', 'Cluster B', pveB.url)], { merge: true }));
    await h.core.start();
    await h.core.handlers.signIn({ username: 'alice', password: CANARY });
    expect(h.screen().kind).toBe('secondFactor');
    await h.core.handlers.submitSecondFactor({ method: 'totp', code: '000000' });
    const wrong = h.screen();
    expect(wrong.kind === 'secondFactor' && wrong.error?.code).toBe('auth-second-factor-failed');
    await h.core.handlers.submitSecondFactor({ method: 'totp', code: '424242' });
    const s = h.screen();
    expect(s.kind === 'pick' && s.desktops.map((d) => d.name)).toEqual(['A desk', 'A stopped', 'B desk']);
  });

  it('when every member refuses the password, the sign-in says so on the form', async () => {
    const h = harness(policy([pve('a', 'Cluster A', pveA.url), pve('down', 'Old cluster', downUrl)], { merge: true }));
    await h.core.start();
    await h.core.handlers.signIn({ username: 'alice', password: 'wrong' });
    const s = h.screen();
    expect(s.kind === 'signIn' && s.error?.code).toBe('auth-failed');
  });
});

describe('a sign-in the broker ended', () => {
  it('a launch after the ticket expired offers to sign in again', async () => {
    const h = harness(policy([pve('a', 'Cluster A', pveA.url)]));
    await h.core.start();
    await h.core.handlers.signIn({ username: 'alice', password: CANARY });
    pveA.expireTickets();
    await h.core.handlers.connect({ desktopId: 'qemu/101' });
    const s = await until(h, (x) => x.kind === 'error');
    expect(s.kind === 'error' && s.error.code).toBe('auth-failed');
    expect(s.kind === 'error' && s.actions).toContain('signIn');
    await h.core.handlers.errorAction({ action: 'signIn' });
    expect(h.screen().kind).toBe('signIn');
  });
});

describe('unattended sign-in and cancellation', () => {
  it('a broker with an API token signs in by itself; cancel gives the form to the person', async () => {
    const h = harness(policy([pve('a', 'Cluster A', pveA.url, { apiToken: { id: 'kiosk@pve!t1', secret: 'tok-secret-1' } })]));
    await h.core.start();
    const s = await until(h, (x) => x.kind === 'pick');
    expect(s.kind === 'pick' && s.user).toBe('kiosk@pve');
    await h.core.handlers.signOut({});
    // Back at sign-in it signs in again by itself (a kiosk with no one at it).
    await until(h, (x) => x.kind === 'pick');
    await h.core.handlers.signOut({});
    pveA.misbehave.add({ path: /\/version$/, what: { kind: 'hang' } });
    await until(h, (x) => x.kind === 'signIn' && x.busy);
    await h.core.handlers.cancel({});
    await flush();
    const form = h.screen();
    expect(form.kind === 'signIn' && form.busy).toBe(false);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.screen().kind === 'signIn' && (h.screen() as { busy: boolean }).busy).toBe(false);
    expect(JSON.stringify(h.views)).not.toContain('tok-secret-1');
  });

  it('cancel during a sign-in that hangs, a listing that hangs and a start that takes long', { timeout: 30_000 }, async () => {
    const h = harness(policy([pve('a', 'Cluster A', pveA.url, { timeoutSec: 30 })]));
    await h.core.start();
    pveA.misbehave.add({ path: /access\/ticket/, what: { kind: 'hang' }, times: 1 });
    const seen = pveA.requests.length;
    const signing = h.core.handlers.signIn({ username: 'alice', password: CANARY });
    // Cancelled once the request is at the server (and hanging there).
    await until(h, () => pveA.requests.length > seen);
    let started = Date.now();
    await h.core.handlers.cancel({});
    await signing;
    expect(h.screen().kind === 'signIn' && (h.screen() as { busy: boolean }).busy).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);

    pveA.misbehave.add({ path: /cluster\/resources/, what: { kind: 'hang' }, times: 1 });
    const listing = h.core.handlers.signIn({ username: 'alice', password: CANARY });
    await until(h, () => pveA.requests.at(-1)?.endsWith('/cluster/resources') === true);
    started = Date.now();
    await h.core.handlers.cancel({});
    await listing;
    expect(h.screen().kind).toBe('signIn');
    expect(Date.now() - started).toBeLessThan(1000);

    await h.core.handlers.signIn({ username: 'alice', password: CANARY });
    expect(h.screen().kind).toBe('pick');
    pveA.misbehave.add({ path: /cluster\/resources/, what: { kind: 'hang' }, times: 1 });
    void h.core.handlers.refreshDesktops({});
    await until(h, (x) => x.kind === 'pick' && x.busy);
    await h.core.handlers.cancel({});
    expect(h.screen().kind === 'pick' && (h.screen() as { busy: boolean }).busy).toBe(false);

    pveA.misbehave.add({ path: /\/tasks\//, what: { kind: 'hang' } });
    void h.core.handlers.connect({ desktopId: 'qemu/102' });
    await until(h, () => pveA.requests.at(-1)?.includes('/tasks/') === true);
    started = Date.now();
    await h.core.handlers.cancel({});
    expect(h.screen().kind).toBe('pick');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(h.specs).toEqual([]);
  });
});
