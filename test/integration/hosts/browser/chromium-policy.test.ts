import { chromium as playwright, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../src-main/common/log.ts';
import { chromiumPolicy, writeChromiumPolicy } from '../../../../src-main/hosts/browser/chromium-policy.ts';
import { spawnChromium } from '../../../../src-main/hosts/browser/chromium-process.ts';
import { runBrowserHost, type BrowserHost } from '../../../../src-main/hosts/browser/run.ts';
import { startBrowserServer } from '../../../../src-main/hosts/browser/server.ts';
import { defaultPolicy } from '../../../../src-main/policy/schema.ts';
import { createFakeCore } from '../../../fakes/core.ts';
import { cdp, makeScratch, otherOrigin, READ_POLICY_ROWS, type Scratch } from './harness.ts';

// The managed policy's real effect on the installed Chromium (headless here: the policy does not
// care about the display). Every launch reads the policy from its own namespaced /etc/chromium.
let scratch: Scratch;
let other: Awaited<ReturnType<typeof otherOrigin>>;

beforeAll(async () => {
  scratch = await makeScratch();
  other = await otherOrigin();
});
afterAll(async () => {
  await other?.close();
  await scratch?.cleanup();
});

async function hostWith(options: { devtools: boolean; policy: boolean }): Promise<BrowserHost> {
  const core = createFakeCore({ policy: { ...defaultPolicy, kiosk: { ...defaultPolicy.kiosk, devtools: options.devtools } } });
  const host = await runBrowserHost(core, {
    rendererDir: scratch.rendererDir,
    chromiumPath: scratch.chromium,
    policyPath: options.policy ? scratch.policyPath : false,
    remoteDebuggingPort: 0,
    headless: true,
    handleSignals: false,
    log: silentLogger,
  });
  if (!host.server.connected) await new Promise<void>((r) => host.server.onConnect(r));
  return host;
}

/**
 * Opens our page in Chromium (without the supervisor, so the browser stays while the page leaves),
 * tries each URL, then lets the page itself try to leave. Returns each URL's outcome.
 */
async function navigateAll(options: { policy: boolean; urls: string[]; leaveTo: string }): Promise<Map<string, string>> {
  const server = await startBrowserServer({ core: createFakeCore(), rendererDir: scratch.rendererDir, log: silentLogger });
  const remove = options.policy
    ? await writeChromiumPolicy(chromiumPolicy(server.origin, { devtools: true, remoteDebugging: true }), scratch.policyPath)
    : undefined;
  const proc = await spawnChromium({ url: server.pageUrl(), chromiumPath: scratch.chromium, headless: true, remoteDebuggingPort: 0 });
  const results = new Map<string, string>();
  let browser: Browser | undefined;
  try {
    browser = await playwright.connectOverCDP(await proc.devtoolsUrl!);
    const context = browser.contexts()[0]!;
    for (const raw of options.urls) {
      const url = raw.replace('SELF', server.origin + '/');
      const tab = await context.newPage();
      results.set(url, await tab.goto(url).then(() => 'loaded', (e: Error) => e.message.split('\n')[0]!));
      await tab.close();
    }
    const page = context.pages().find((p) => p.url().startsWith(server.origin))!;
    await Promise.all([
      page.waitForEvent('framenavigated').catch(() => {}),
      page.evaluate(`location.href = ${JSON.stringify(options.leaveTo)}`),
    ]);
    await page.waitForLoadState();
  } finally {
    await browser?.close().catch(() => {});
    await proc.kill();
    await remove?.();
    await server.close();
  }
  return results;
}

describe('Chromium managed policy, for real', () => {
  it('Chromium knows every policy we set and applies our values (chrome://policy)', async () => {
    const server = await startBrowserServer({ core: createFakeCore(), rendererDir: scratch.rendererDir, log: silentLogger });
    const policy = chromiumPolicy(server.origin, { devtools: true, remoteDebugging: true });
    // Only this test lets chrome:// through, to read chrome://policy.
    await writeChromiumPolicy({ ...policy, URLAllowlist: [server.origin, 'chrome://*'] }, scratch.policyPath);
    const proc = await spawnChromium({ url: server.pageUrl(), chromiumPath: scratch.chromium, headless: true, remoteDebuggingPort: 0 });
    let browser: Browser | undefined;
    try {
      browser = await playwright.connectOverCDP(await proc.devtoolsUrl!);
      const page = await browser.contexts()[0]!.newPage();
      await page.goto('chrome://policy');
      await page.locator('policy-row').first().waitFor({ state: 'attached' });
      const rows = (await page.evaluate(READ_POLICY_ROWS)) as Array<{ name: string; value: string; status: string }>;
      const byName = new Map(rows.map((r) => [r.name, r]));
      for (const [name, value] of Object.entries(policy)) {
        const row = byName.get(name);
        expect(row, name).toBeDefined();
        // Deprecated policies still apply (Chromium maps them); Error or Unknown would not.
        expect(['OK', 'Deprecated'], `${name}: ${row!.status}`).toContain(row!.status);
        if (name !== 'URLAllowlist') expect(JSON.parse(row!.value), name).toEqual(value);
      }
    } finally {
      await browser?.close().catch(() => {});
      await proc.kill();
      await server.close();
    }
  });

  it('blocks every other origin, the browser\'s own pages, file:, data: and view-source:', async () => {
    const blocked = [other.url, 'chrome://settings', 'chrome://inspect', 'chrome://version', 'file:///etc/passwd', 'data:text/html,hi'];
    const withPolicy = await navigateAll({ policy: true, urls: [...blocked, 'view-source:SELF'], leaveTo: `${other.url}from-page` });
    for (const [url, result] of withPolicy) expect(result, url).toMatch(/ERR_BLOCKED_BY_ADMINISTRATOR/);
    expect(other.hits).toEqual([]);

    // Control: without the policy the same browser reaches them, so the policy is what blocks.
    const without = await navigateAll({ policy: false, urls: [other.url, 'chrome://version'], leaveTo: `${other.url}from-page` });
    expect([...without.values()]).toEqual(['loaded', 'loaded']);
    expect(other.hits.filter((h) => h !== '/favicon.ico')).toEqual(['/', '/from-page']);
  });

  it('refuses remote debugging even when the flag reaches Chromium (the kiosk policy)', async () => {
    const server = await startBrowserServer({ core: createFakeCore(), rendererDir: scratch.rendererDir, log: silentLogger });
    const remove = await writeChromiumPolicy(chromiumPolicy(server.origin), scratch.policyPath);
    const connected = new Promise((r) => server.onConnect(() => r('page connected')));
    const proc = await spawnChromium({ url: server.pageUrl(), chromiumPath: scratch.chromium, headless: true, remoteDebuggingPort: 0 });
    try {
      // Chromium announces CDP during startup, before any page loads; the page connecting proves it is up.
      expect(await Promise.race([proc.devtoolsUrl!.then(() => 'devtools open'), connected])).toBe('page connected');
      const late = await Promise.race([proc.devtoolsUrl!.then(() => 'devtools open'), new Promise((r) => setTimeout(() => r('none'), 500))]);
      expect(late).toBe('none');
    } finally {
      await proc.kill();
      await remove();
      await server.close();
    }
  });

  it('without kiosk.devtools, the page cannot be inspected even over CDP', async () => {
    for (const devtools of [false, true]) {
      const host = await hostWith({ devtools, policy: true });
      let client: Awaited<ReturnType<typeof cdp>> | undefined;
      try {
        client = await cdp(await host.chromium!.current!.devtoolsUrl!);
        const targets = (await client.send('Target.getTargets')).result as { targetInfos: Array<{ targetId: string; url: string; type: string }> };
        const target = targets.targetInfos.find((t) => t.type === 'page' && t.url.startsWith(host.server.origin));
        const attached = target ? await client.send('Target.attachToTarget', { targetId: target.targetId, flatten: true }) : undefined;
        const inspectable = attached?.result !== undefined;
        expect(inspectable, `devtools ${devtools}`).toBe(devtools);
      } finally {
        client?.close();
        await host.stop();
      }
    }
  });
});
