import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findInProcesses } from '../support/proc-scan.ts';
import { startHttpProxy, type HttpProxy } from '../../src-main/demo/http-proxy.ts';
import { freeLoopbackPort, startSpiceServer, type SpiceServer } from '../../src-main/demo/servers.ts';
import { guestScreenMatch } from '../support/screen.ts';
import { makeTestPki, type TestPki } from '../support/tls-cert.ts';
import { shotsDir, startKiosk, type Kiosk, continueToEmptySignIn, disconnectFromMenu, signInToPicker } from './kiosk.ts';

// From sign-in to a SPICE desktop the way a Proxmox VM is reached: QEMU with TLS on its
// tls-port (a test CA, checked through `ca` and `host-subject`), a password given to QEMU
// through `-object secret` (the sign-in password, as the direct broker passes it), and only
// through a real HTTP CONNECT proxy (tinyproxy, allowing just the TLS port). Then the session
// menu's disconnect, and back to an empty sign-in with nothing of the session left.

const CANARY = `spice-canary-${process.pid}-e2e`;
let pki: TestPki;
let server: SpiceServer;
let proxy: HttpProxy;
let kiosk: Kiosk;

beforeAll(async () => {
  pki = await makeTestPki();
  server = await startSpiceServer({ password: CANARY, tls: { ca: pki.ca, ...pki.server }, lifetimeSec: 300 });
  proxy = await startHttpProxy({ connectPorts: [server.tlsPort!], lifetimeSec: 300 });
  const deadProxy = `http://127.0.0.1:${await freeLoopbackPort()}`;
  const spice = { tlsPort: server.tlsPort!, ca: pki.ca, hostSubject: 'CN=localhost' };
  kiosk = await startKiosk(
    {
      terminal: { name: 'e2e-spice' },
      brokers: [
        {
          type: 'direct',
          id: 'pve',
          name: 'Proxmox-style SPICE',
          hosts: [
            { id: 'vm', name: 'VM over TLS', protocol: 'spice', host: 'localhost', spice: { ...spice, proxy: proxy.url } },
            { id: 'dead', name: 'VM behind a dead proxy', protocol: 'spice', host: 'localhost', spice: { ...spice, proxy: deadProxy } },
          ],
        },
      ],
      session: { onEnd: 'signIn', endedScreenSec: 30, connectTimeoutSec: 20 },
    },
    'e2e-spice-kiosk',
  );
});

afterAll(async () => {
  await kiosk?.stop();
  await Promise.all([server?.stop(), proxy?.stop()]);
  await pki?.remove();
});

const signIn = (password: string) => signInToPicker(kiosk, password);

/** remote-viewer processes on the kiosk's display, with the HOME each was given. */
async function viewersOnKioskDisplay(): Promise<Array<{ pid: number; home: string }>> {
  const found: Array<{ pid: number; home: string }> = [];
  for (const pid of (await readdir('/proc')).filter((p) => /^\d+$/.test(p))) {
    const comm = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
    if (comm.trim() !== 'remote-viewer') continue;
    const env = (await readFile(`/proc/${pid}/environ`, 'latin1').catch(() => '')).split('\0');
    if (!env.includes(`DISPLAY=${kiosk.display.name}`)) continue;
    found.push({ pid: Number(pid), home: env.find((kv) => kv.startsWith('HOME='))?.slice(5) ?? '' });
  }
  return found;
}

describe('a SPICE desktop over TLS, with a password, through a proxy: sign-in to session and back', () => {
  let sessionHome = '';

  it('signs in, connects, and the guest screen arrives through proxy and TLS', async () => {
    const { page } = kiosk;
    await signIn(CANARY);
    await page.getByRole('option', { name: /VM over TLS/ }).click();
    await page.getByRole('heading', { name: /Connected to VM over TLS/ }).waitFor({ timeout: 30_000 });
    const match = await guestScreenMatch(kiosk.display.name, () => server.screendump());
    await kiosk.screen('spice-tls-proxy-session');
    expect(match.litCells).toBeGreaterThan(0);
    expect(match.distance).toBeLessThanOrEqual(24);
    expect(proxy.connects()).toContain(`localhost:${server.tlsPort}`);
    const viewers = await viewersOnKioskDisplay();
    expect(viewers).toHaveLength(1);
    sessionHome = viewers[0]!.home;
    expect(sessionHome).toMatch(/thinshell-session-/);
    expect(await findInProcesses(CANARY)).toEqual([]);
  });

  it('the hotkey opens the session menu over remote-viewer; disconnect ends the session', async () => {
    await disconnectFromMenu(kiosk);
  });

  it('back at an empty sign-in: no remote-viewer, its private HOME wiped, the password nowhere', async () => {
    await continueToEmptySignIn(kiosk, /alice|VM over TLS/);
    expect(await viewersOnKioskDisplay()).toEqual([]);
    expect(sessionHome).not.toBe('');
    expect(existsSync(sessionHome)).toBe(false);
    expect(await findInProcesses(CANARY)).toEqual([]);
    await kiosk.shot('spice-tls-proxy-back-at-sign-in');
  });

  it('a proxy that is down is explained in plain words, and nothing is left running', async () => {
    const { page } = kiosk;
    await signIn(CANARY);
    await page.getByRole('option', { name: /VM behind a dead proxy/ }).click();
    await page.getByRole('heading', { name: 'Something went wrong' }).waitFor({ timeout: 30_000 });
    expect(await page.locator('body').innerText()).toContain('The gateway or proxy in front of the desktop could not be reached or refused the connection.');
    await kiosk.shot('spice-proxy-down-error');
    expect(await viewersOnKioskDisplay()).toEqual([]);
    await page.getByRole('button', { name: 'Back to sign-in' }).click();
    await page.getByLabel('Username').waitFor();
  });
});

it('saves its screenshots where the others are', () => {
  expect(existsSync(join(shotsDir, 'spice-tls-proxy-session.png'))).toBe(true);
});
