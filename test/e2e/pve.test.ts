import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSpiceServer, type SpiceServer } from '../../src-main/demo/servers.ts';
import { startFakePve, type FakePve } from '../fakes/pve-server.ts';
import { findInProcesses } from '../support/proc-scan.ts';
import { makeTestPki, type TestPki } from '../support/tls-cert.ts';
import { root, startKiosk, type Kiosk, continueToEmptySignIn, disconnectFromMenu } from './kiosk.ts';

// From sign-in at the kiosk against the fake Proxmox VE (with a TOTP second factor) to a REAL
// SPICE session on QEMU: the guest is stopped, so the kiosk starts it and waits for the task;
// then spiceproxy hands out a ticket whose host is the opaque proxy ticket, and remote-viewer
// goes through the fake's CONNECT proxy (as Proxmox's spiceproxy on 3128: it maps the ticket to
// QEMU's TLS port), checks QEMU's certificate against the test CA and host subject, and gives
// the password QEMU was started with (through -object secret). Then disconnect, and back.

const CANARY = `pve-canary-${process.pid}`;
const SPICE_PASSWORD = `spice-canary-${process.pid}`;
const LOG = 'e2e-pve-kiosk';
let pki: TestPki;
let spice: SpiceServer;
let pve: FakePve;
let kiosk: Kiosk;

beforeAll(async () => {
  pki = await makeTestPki();
  spice = await startSpiceServer({ password: SPICE_PASSWORD, tls: { ca: pki.ca, ...pki.server }, lifetimeSec: 300 });
  pve = await startFakePve({
    tls: pki.server,
    users: [{ name: 'alice@pve', password: CANARY, totp: '246810', recovery: ['rec-1'] }],
    nodes: [
      { node: 'pve1', status: 'online' },
      { node: 'pve2', status: 'online' },
      { node: 'pve3', status: 'offline' },
    ],
    guests: [
      { vmid: 101, node: 'pve1', name: 'Office desktop', status: 'stopped', pool: 'office' },
      { vmid: 102, node: 'pve2', name: 'Design workstation', status: 'running', pool: 'design' },
      { vmid: 103, node: 'pve1', name: 'Training VM', status: 'paused' },
      { vmid: 104, node: 'pve1', status: 'running', stats: false },
      { vmid: 105, node: 'pve1', name: 'Windows template', status: 'stopped', template: true },
      { vmid: 106, node: 'pve3', name: 'On a node that is down', status: 'running' },
      { vmid: 200, node: 'pve1', type: 'lxc', name: 'A container', status: 'running' },
    ],
    startMs: 800,
    connectProxyTarget: spice.tlsPort!,
    spice: { tlsPort: spice.tlsPort!, password: SPICE_PASSWORD, ca: pki.ca, hostSubject: 'CN=localhost' },
  });
  kiosk = await startKiosk(
    {
      terminal: { name: 'e2e-pve' },
      brokers: [
        // The node names in spiceproxy replies do not resolve here: the policy names the proxy.
        { type: 'pve', id: 'cluster', name: 'Proxmox cluster', url: pve.url, realm: 'pve', tls: { ca: [pki.ca] }, spiceProxy: pve.proxyAddress! },
      ],
      session: { onEnd: 'signIn', endedScreenSec: 30, connectTimeoutSec: 30 },
    },
    LOG,
  );
});

afterAll(async () => {
  await kiosk?.stop();
  await Promise.all([pve?.close(), spice?.stop()]);
  await pki?.remove();
});

describe('Proxmox VE to a real SPICE session', () => {
  it('signs in with password and TOTP, and lists the guests the user may use', async () => {
    const { page } = kiosk;
    await page.getByLabel('Username').waitFor({ timeout: 20_000 });
    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Password').fill(CANARY);
    await page.getByLabel('Password').press('Enter');
    await page.getByRole('heading', { name: "Confirm it's you" }).waitFor({ timeout: 20_000 });
    await page.getByLabel('Code from your authenticator app').check();
    await page.getByRole('textbox', { name: /^Code/ }).fill('000000');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('That code was not accepted.').waitFor({ timeout: 15_000 });
    await page.getByRole('textbox', { name: /^Code/ }).fill('246810');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('heading', { name: 'Your desktops' }).waitFor({ timeout: 20_000 });
    const options = page.getByRole('option');
    await expect.poll(() => options.count()).toBe(4);
    const text = await page.locator('[role=listbox]').innerText();
    for (const want of ['Office desktop', 'Design workstation', 'Training VM', 'VM 104', 'pve2 · design', 'Switched off', 'Running', 'Status unknown']) expect(text).toContain(want);
    for (const never of ['Windows template', 'On a node that is down', 'A container']) expect(text).not.toContain(never);
    await kiosk.shot('pve-01-picker');
  });

  it('starts the stopped guest, waits for its task, and opens SPICE through the proxy', async () => {
    const { page } = kiosk;
    await page.getByRole('option', { name: /Office desktop/ }).click();
    await page.getByText('Starting the desktop').first().waitFor({ timeout: 15_000 });
    await kiosk.shot('pve-02-starting');
    await page.getByRole('heading', { name: /Connected to Office desktop/ }).waitFor({ timeout: 40_000 }).catch((err: unknown) => {
      throw new Error(`no session (proxy: ${JSON.stringify(pve.proxied)}): ${String(err)}`);
    });
    expect(pve.guests.find((g) => g.vmid === 101)?.status).toBe('running');
    expect(pve.requests.filter((r) => r.endsWith('/qemu/101/status/start'))).toHaveLength(1);
    expect(pve.requests.filter((r) => r.endsWith('/qemu/101/spiceproxy'))).toHaveLength(1);
    // remote-viewer reached QEMU through the CONNECT proxy with the ticket as the host.
    expect(pve.proxied.accepted).toBeGreaterThan(0);
    expect(pve.proxied).toMatchObject({ refused: 0 });
    await kiosk.screen('pve-03-session');
  });

  it('no password is in a command line, an environment or the log', async () => {
    expect(await findInProcesses(CANARY)).toEqual([]);
    expect(await findInProcesses(SPICE_PASSWORD)).toEqual([]);
    const log = await readFile(join(root, 'test-results', `${LOG}.log`), 'utf8');
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain(CANARY);
    expect(log).not.toContain(SPICE_PASSWORD);
    expect(log).not.toContain('PVE:alice@pve:');
  });

  it('disconnects from the session menu and returns to an empty sign-in', async () => {
    await disconnectFromMenu(kiosk);
    await continueToEmptySignIn(kiosk, /alice|Office desktop/);
    await kiosk.shot('pve-04-back-at-sign-in');
  });
});
