import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRdpServer, testPatternAt, type RdpServer } from '../../src-main/demo/servers.ts';
import type { FakeResource } from '../fakes/rdweb/feed-xml.ts';
import { startFakeRdweb, type FakeRdweb } from '../fakes/rdweb/server.ts';
import { findInFiles, findInProcesses } from '../support/proc-scan.ts';
import { makeTestPki, type TestPki } from '../support/tls-cert.ts';
import { pixel, root, startKiosk, type Kiosk, continueToEmptySignIn, disconnectFromMenu } from './kiosk.ts';

// From sign-in at the kiosk against the fake RD Web feed (NTLM, checked against the password)
// to a REAL RDP session: the desktop's .rdp (downloaded with the same sign-in) points at
// FreeRDP's shadow server with NLA, whose certificate policy pins; the native engine (the
// default) connects with the feed's credentials. Then disconnect, and back to an empty sign-in.

const CANARY = `rdweb-canary-${process.pid}`;
const LOG = 'e2e-rdweb-kiosk';
let rdp: RdpServer;
let pki: TestPki;
let feed: FakeRdweb;
let kiosk: Kiosk;
let tmpBefore: Set<string>;

beforeAll(async () => {
  tmpBefore = new Set(await readdir(tmpdir()));
  [rdp, pki] = await Promise.all([startRdpServer({ user: 'alice', password: CANARY, mode: 'nla', lifetimeSec: 300 }), makeTestPki()]);
  const app = (program: string, name: string): string =>
    `full address:s:127.0.0.1:${rdp.port}\r\nremoteapplicationmode:i:1\r\nremoteapplicationprogram:s:||${program}\r\nremoteapplicationname:s:${name}\r\n`;
  const resources: FakeResource[] = [
    {
      id: 'corp-desktop',
      title: 'Corp Desktop',
      type: 'Desktop',
      utf16: true,
      // What RD Web writes for a session collection; the address is the shadow server.
      rdp: `screen mode id:i:2\r\nuse multimon:i:0\r\nfull address:s:127.0.0.1\r\nserver port:i:${rdp.port}\r\nprompt for credentials:i:0\r\nredirectclipboard:i:1\r\nredirectprinters:i:1\r\naudiomode:i:0\r\nsignscope:s:Full Address\r\nsignature:s:AQABAAEAAAA=\r\n`,
    },
    { id: 'wordpad', title: 'WordPad', type: 'RemoteApp', folders: ['/Office'], rdp: app('WordPad', 'WordPad') },
    { id: 'calc', title: 'Calculator', type: 'RemoteApp', folders: ['/Tools'], rdp: app('calc', 'Calculator') },
    { id: 'admin-tools', title: 'Admin tools', type: 'RemoteApp', showByDefault: false, rdp: app('mmc', 'MMC') },
  ];
  feed = await startFakeRdweb({ tls: pki.server, accounts: [{ user: 'alice', password: CANARY }], auth: 'ntlm', resources });
  kiosk = await startKiosk(
    {
      terminal: { name: 'e2e-rdweb' },
      brokers: [
        {
          type: 'rdweb',
          id: 'corp-rdweb',
          name: 'Corp RD Web',
          url: feed.feedUrl,
          tls: { ca: [pki.ca] },
          rdp: { security: 'nla', certificate: 'pin', fingerprints: [rdp.fingerprint] },
        },
      ],
      session: { onEnd: 'signIn', endedScreenSec: 30, connectTimeoutSec: 25 },
    },
    LOG,
  );
});

afterAll(async () => {
  await kiosk?.stop();
  await Promise.all([rdp?.stop(), feed?.stop(), pki?.remove()]);
});

describe('RD Web feed to a real RDP session', () => {
  it('a wrong password is refused by the feed (its NTLM check) and said so on the sign-in form', async () => {
    const { page } = kiosk;
    await page.getByLabel('Username').waitFor({ timeout: 20_000 });
    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByLabel('Password').press('Enter');
    await page.getByText('Your username or password is not correct.').waitFor({ timeout: 20_000 });
    expect(feed.signIns).toEqual([]);
    await kiosk.shot('rdweb-00-wrong-password');
  });

  it('signs in through NTLM and lists the Desktops and RemoteApps of the feed', async () => {
    const { page } = kiosk;
    await page.getByLabel('Username').waitFor({ timeout: 20_000 });
    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Password').fill(CANARY);
    await page.getByLabel('Password').press('Enter');
    await page.getByRole('heading', { name: 'Your desktops' }).waitFor({ timeout: 20_000 });
    const options = page.getByRole('option');
    await expect.poll(() => options.count()).toBe(3);
    const text = await page.locator('[role=listbox]').innerText();
    for (const want of ['Corp Desktop', 'WordPad', 'RemoteApp · /Office', 'Calculator']) expect(text).toContain(want);
    expect(text).not.toContain('Admin tools');
    // The server checked the NTLMv2 proof against the password: a real sign-in, not a pass.
    expect(feed.signIns).toEqual([{ method: 'ntlm', user: 'alice', domain: '' }]);
    await kiosk.shot('rdweb-01-picker');
  });

  it('opens the desktop from its .rdp and shows the server picture', async () => {
    const { page } = kiosk;
    await page.getByRole('option', { name: /Corp Desktop/ }).click();
    await page.getByRole('heading', { name: /Connected to Corp Desktop/ }).waitFor({ timeout: 40_000 });
    expect(feed.requests.some((r) => r.path === '/RDWeb/Feed/rdp/corp-desktop.rdp' && r.status === 200)).toBe(true);
    const points: [number, number][] = [[300, 150], [900, 150], [300, 650], [900, 650]];
    await expect
      .poll(
        async () => {
          const png = await kiosk.screen('rdweb-02-session');
          const got = await Promise.all(points.map(([x, y]) => pixel(png, x, y)));
          return got.every((rgb, i) => {
            const want = testPatternAt(points[i]![0], points[i]![1], 1024, 768);
            return rgb.every((c, j) => Math.abs(c - want[j]!) <= 12);
          });
        },
        { timeout: 25_000, interval: 1000 },
      )
      .toBe(true);
  });

  it('the password is in no command line, environment, log or new file', async () => {
    expect(await findInProcesses(CANARY)).toEqual([]);
    const log = await readFile(join(root, 'test-results', `${LOG}.log`), 'utf8').catch(() => '');
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain(CANARY);
    const fresh = (await readdir(tmpdir())).filter((e) => !tmpBefore.has(e));
    const hits = (await Promise.all(fresh.map((e) => findInFiles(join(tmpdir(), e), CANARY)))).flat();
    expect(hits).toEqual([]);
  });

  it('disconnects from the session menu and returns to an empty sign-in', async () => {
    await disconnectFromMenu(kiosk);
    await continueToEmptySignIn(kiosk, /alice|Corp Desktop|WordPad/);
    expect(await findInProcesses(CANARY)).toEqual([]);
    await kiosk.shot('rdweb-03-back-at-sign-in');
  });
});
