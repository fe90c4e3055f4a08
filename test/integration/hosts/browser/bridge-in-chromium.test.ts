import { chromium as playwright, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../src-main/common/log.ts';
import { runBrowserHost, type BrowserHost } from '../../../../src-main/hosts/browser/run.ts';
import { defaultPolicy } from '../../../../src-main/policy/schema.ts';
import { createFakeCore, type FakeCore } from '../../../fakes/core.ts';
import { cmdline, makeScratch, type Scratch } from './harness.ts';

// The whole path in real Chromium: kiosk window on our own Xvfb + openbox, managed policy in force,
// the page reads its token from the fragment, opens the bridge, calls getView.
let scratch: Scratch;
let core: FakeCore;
let host: BrowserHost;
let browser: Browser;
let connects = 0;

// Locators, not waitForFunction: the page's CSP forbids the eval() that the latter needs.
const waitForText = (page: Page, selector: string, text: RegExp) =>
  page.locator(selector, { hasText: text }).waitFor({ timeout: 15_000 });
const nextConnect = () => new Promise<void>((r) => { const off = host.server.onConnect(() => (off(), r())); });

beforeAll(async () => {
  scratch = await makeScratch();
  // devtools on, so that this test can look into the page over CDP.
  core = createFakeCore({ policy: { ...defaultPolicy, kiosk: { ...defaultPolicy.kiosk, devtools: true } } });
  const env = process.env.DISPLAY;
  delete process.env.DISPLAY; // the host starts its own display, as on a terminal without X
  try {
    host = await runBrowserHost(core, {
      rendererDir: scratch.rendererDir,
      chromiumPath: scratch.chromium,
      policyPath: scratch.policyPath,
      remoteDebuggingPort: 0,
      handleSignals: false,
      log: silentLogger,
    });
  } finally {
    if (env !== undefined) process.env.DISPLAY = env;
  }
  const connected = nextConnect();
  host.server.onConnect(() => (connects += 1));
  if (host.server.connected) connects += 1;
  else await connected;
  browser = await playwright.connectOverCDP(await host.chromium!.current!.devtoolsUrl!);
});

afterAll(async () => {
  await browser?.close().catch(() => {});
  await host?.stop();
  await scratch?.cleanup();
});

function appPage(): Page {
  const page = browser.contexts()[0]!.pages().find((p) => p.url().startsWith(host.server.origin));
  if (!page) throw new Error('the kiosk page is not open');
  return page;
}

describe('browser host in real Chromium', () => {
  it('the kiosk page connects with its token, removes it from the URL and gets the view', async () => {
    expect(host.display).toMatch(/^:\d+$/);
    const page = appPage();
    await waitForText(page, '#status', /^view:booting$/);
    expect(page.url()).toBe(`${host.server.origin}/`);
    expect(core.calls.filter((c) => c.method === 'getView').length).toBeGreaterThanOrEqual(1);
    // A view pushed by the core reaches the page.
    core.pushView({ screen: { kind: 'discovering' } });
    await waitForText(page, '#screen', /^discovering$/);
  });

  it('is full screen (kiosk under a window manager) and the CSP holds in the real page', async () => {
    const page = appPage();
    const size = (await page.evaluate('[window.outerWidth, window.outerHeight, screen.width, screen.height]')) as number[];
    expect(size.slice(0, 2)).toEqual(size.slice(2));
    // An inline script (what an injected string would become) is refused by script-src 'self'.
    const violation = await page.evaluate(`new Promise((resolve) => {
      document.addEventListener('securitypolicyviolation', (e) => resolve([e.effectiveDirective, window.__inline]), { once: true });
      const s = document.createElement('script');
      s.textContent = 'window.__inline = 1';
      document.head.append(s);
    })`);
    expect(violation).toEqual(['script-src-elem', undefined]);
  });

  it('measures spawn -> first paint', async () => {
    const page = appPage();
    const paint = (await page.evaluate(
      `performance.timeOrigin + (performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN)`,
    )) as number;
    const ms = paint - host.chromium!.current!.spawnedAt;
    console.log(`chromium spawn -> first contentful paint: ${Math.round(ms)} ms`);
    expect(ms).toBeGreaterThan(0);
    expect(ms).toBeLessThan(10_000);
  });

  it('a second page with the token from the command line is refused; the first stays connected', async () => {
    const argv = await cmdline(host.chromium!.current!.pid);
    const app = argv.find((a) => a.startsWith('--app='))!.slice('--app='.length);
    expect(app).toMatch(/#token=[0-9a-f]{64}$/);
    const intruder = await browser.contexts()[0]!.newPage();
    await intruder.goto(app);
    await waitForText(intruder, '#status', /^closed:/);
    expect(await intruder.evaluate('window.__frames.length')).toBe(0);
    await intruder.close();
    expect(host.server.connected).toBe(true);
    expect(connects).toBe(1);
    expect(await appPage().evaluate('window.__state')).toMatch(/^view:/);
  });

  it('a page that navigates away is replaced by a fresh one', async () => {
    const before = host.chromium!.current!;
    const reconnected = nextConnect();
    // (A page cannot even ask for chrome:// URLs; another origin it can ask for, and is blocked.)
    await appPage().evaluate(`location.href = 'http://127.0.0.1:9/elsewhere'`).catch(() => {});
    await reconnected;
    expect(host.chromium!.current!.pid).not.toBe(before.pid);
    await browser.close().catch(() => {});
    browser = await playwright.connectOverCDP(await host.chromium!.current!.devtoolsUrl!);
    await waitForText(appPage(), '#status', /^view:/);
  });

  it('a crashed browser is relaunched with a new token and the page reconnects', async () => {
    const before = host.chromium!.current!;
    const oldArgv = await cmdline(before.pid);
    const reconnected = nextConnect();
    process.kill(before.pid, 'SIGKILL');
    await reconnected;
    const after = host.chromium!.current!;
    expect(after.pid).not.toBe(before.pid);
    const newArgv = await cmdline(after.pid);
    const token = (argv: string[]) => /#token=([0-9a-f]+)/.exec(argv.join(' '))?.[1];
    expect(token(newArgv)).toBeDefined();
    expect(token(newArgv)).not.toBe(token(oldArgv));
    expect(host.server.connected).toBe(true);
    await browser.close().catch(() => {});
    browser = await playwright.connectOverCDP(await after.devtoolsUrl!);
    await waitForText(appPage(), '#status', /^view:/);
  });
});
