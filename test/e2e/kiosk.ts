import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium as playwright, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { appendFileSync, mkdirSync } from 'node:fs';
import { createLogger } from '../../src-main/common/log.ts';
import { composeCore, type ComposeOptions } from '../../src-main/compose.ts';
import { startDisplay, type Display } from '../../src-main/demo/display.ts';
import { runBrowserHost, type BrowserHost } from '../../src-main/hosts/browser/run.ts';
import type { PolicyInput } from '../../src-main/policy/schema.ts';
import { makeScratch, type Scratch } from '../integration/hosts/browser/harness.ts';

const run = promisify(execFile);
export const root = new URL('../..', import.meta.url).pathname;
export const shotsDir = join(root, 'test-results/screenshots');

/**
 * The kiosk as a terminal runs it, for e2e tests: the real core from policy files, the browser
 * host, the built renderer in real Chromium (with the managed policy, in a private mount
 * namespace so it reaches no other browser here) on an Xvfb + openbox display of its own.
 */
export interface Kiosk {
  host: BrowserHost;
  display: Display;
  page: Page;
  /** Screenshot of the page (the kiosk's own screens). */
  shot(name: string): Promise<string>;
  /** Screenshot of the whole X display (session windows included). */
  screen(name: string): Promise<string>;
  /** A key press on the X display, as from the keyboard (xdotool syntax). */
  key(keys: string): Promise<void>;
  stop(): Promise<void>;
}

/** The kiosk's own log, kept for when an e2e run fails (CI prints nothing else of it). */
function fileLogger(name: string) {
  mkdirSync(join(root, 'test-results'), { recursive: true });
  const file = join(root, 'test-results', `${name}.log`);
  return createLogger('kiosk', { level: 'debug', write: (line) => appendFileSync(file, line + '\n') });
}

/** `compose`: extra options for the core (e.g. a fake USB monitor for screenshots). */
export async function startKiosk(policy: PolicyInput, logName = 'e2e-kiosk', compose: Partial<ComposeOptions> = {}): Promise<Kiosk> {
  const log = fileLogger(logName);
  if (!existsSync(join(root, 'dist/renderer/index.html'))) await run('node', [join(root, 'scripts/build.mjs'), '--renderer-only']);
  const scratch: Scratch = await makeScratch();
  // devtools on: the test drives the page over CDP (the managed policy allows it only then).
  const withDevtools: PolicyInput = { ...policy, kiosk: { ...policy.kiosk, devtools: true } };
  const policyFile = join(scratch.dir, 'policy.json');
  await writeFile(policyFile, JSON.stringify(withDevtools));
  const display = await startDisplay({ windowManager: true });
  const host = await runBrowserHost(
    (env) =>
      composeCore({
        policy: { imagePath: policyFile, managedPath: join(scratch.dir, 'managed.json'), localPath: join(scratch.dir, 'local.json') },
        log,
        ...compose,
        ...env,
      }),
    {
      rendererDir: join(root, 'dist/renderer'),
      chromiumPath: scratch.chromium,
      policyPath: scratch.policyPath,
      remoteDebuggingPort: 0,
      display: display.name,
      handleSignals: false,
      log: log.child('host'),
    },
  );
  let browser: Browser | undefined;
  try {
    browser = await playwright.connectOverCDP(await host.chromium!.current!.devtoolsUrl!);
    const page = await findPage(browser, host.server.origin);
    await mkdir(shotsDir, { recursive: true });
    return {
      host,
      display,
      page,
      async shot(name) {
        const path = join(shotsDir, `${name}.png`);
        await page.screenshot({ path });
        return path;
      },
      async screen(name) {
        const path = join(shotsDir, `${name}.png`);
        await run('import', ['-display', display.name, '-window', 'root', path]);
        return path;
      },
      async key(keys) {
        await run('xdotool', ['key', keys], { env: { ...process.env, DISPLAY: display.name } });
      },
      async stop() {
        await browser?.close().catch(() => {});
        await host.stop();
        await display.stop();
        await scratch.cleanup();
      },
    };
  } catch (err) {
    await browser?.close().catch(() => {});
    await host.stop();
    await display.stop();
    await scratch.cleanup();
    throw err;
  }
}

async function findPage(browser: Browser, origin: string): Promise<Page> {
  const context = browser.contexts()[0]!;
  const existing = context.pages().find((p) => p.url().startsWith(origin));
  if (existing) return existing;
  return context.waitForEvent('page', { predicate: (p) => p.url().startsWith(origin), timeout: 15_000 });
}

/** The colour of one pixel of a PNG, read by ImageMagick (the real decoder, not ours). */
export async function pixel(png: string, x: number, y: number): Promise<[number, number, number]> {
  const { stdout } = await run('convert', [png, '-crop', `1x1+${x}+${y}`, '-depth', '8', 'txt:-']);
  const m = /\((\d+),(\d+),(\d+)/.exec(stdout.split('\n')[1] ?? '');
  if (!m) throw new Error(`no pixel in ${stdout}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** A TCP server that accepts and never says anything: a desktop that hangs while connecting. */
export async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** The user's way out of a session: the hotkey, the session menu, Disconnect, "Session ended". */
export async function disconnectFromMenu(kiosk: Kiosk, hotkey = 'ctrl+alt+Home'): Promise<void> {
  const { page } = kiosk;
  await kiosk.key(hotkey);
  await page.getByRole('heading', { name: 'Session menu' }).waitFor({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await page.getByRole('heading', { name: 'Session ended' }).waitFor({ timeout: 15_000 });
}

/**
 * From "Session ended" on to sign-in: the form must be empty, and the view main sends must hold
 * nothing of the last user (`leftovers`: their name, their desktops).
 */
export async function continueToEmptySignIn(kiosk: Kiosk, leftovers: RegExp): Promise<void> {
  const { page } = kiosk;
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Username').waitFor();
  expect(await page.getByLabel('Username').inputValue()).toBe('');
  expect(await page.getByLabel('Password').inputValue()).toBe('');
  const view = await kiosk.host.core.handlers.getView({});
  expect(JSON.stringify(view)).not.toMatch(leftovers);
}

/** Signs in from the sign-in screen (as alice) and waits for the desktop picker. */
export async function signInToPicker(kiosk: Kiosk, password: string, user = 'alice'): Promise<void> {
  const { page } = kiosk;
  await page.getByLabel('Username').waitFor({ timeout: 20_000 });
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByLabel('Password').press('Enter');
  await page.getByRole('heading', { name: 'Your desktops' }).waitFor();
}
