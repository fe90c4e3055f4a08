import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromiumPolicy, writeChromiumPolicy } from '../../src-main/hosts/browser/chromium-policy.ts';
import { spawnChromium } from '../../src-main/hosts/browser/chromium-process.ts';
import { namespacedChromium } from './chromium-ns.ts';
import { endTree } from './lifecycle.ts';
import { BODY_READY, SIGN_IN_READY } from './ready.ts';
import type { BenchEnv } from './setup.ts';

/** One started side: the process tree to measure, and how to tell it is ready. */
export interface Launched {
  /** The root of the tree measured (the kiosk's node, or the baseline's Chromium). */
  rootPid: number;
  /** Epoch ms (high resolution) just before anything was spawned. */
  startedAt: number;
  devtoolsUrl: Promise<string>;
  /** The page's origin, or its start: the detector ignores about:blank and other pages. */
  origin: string;
  readyCondition: string;
  /** Ends the whole tree (bounded) and removes its files. */
  stop(): Promise<void>;
}

export type Side = (env: BenchEnv) => Promise<Launched>;

export const epochNow = () => performance.timeOrigin + performance.now();

/** A policy with one direct broker: the kiosk goes straight to its sign-in screen. */
export const KIOSK_POLICY = {
  brokers: [
    {
      type: 'direct',
      id: 'bench',
      name: 'Bench desktops',
      hosts: [{ id: 'desk', name: 'Desk', protocol: 'rdp', host: '127.0.0.1', port: 3389 }],
    },
  ],
  // CDP may inspect the page only with devtools allowed (the baseline's policy allows it too).
  kiosk: { devtools: true },
};

const STOP_GRACE_MS = 10_000;
const DEVTOOLS_TIMEOUT_MS = 20_000;

/** thinshell: a fresh node process running the bundled browser host with the real core. */
export const launchKiosk: Side = async (env) => {
  const dir = await mkdtemp(join(env.scratch, 'kiosk-'));
  const ns = await namespacedChromium(dir);
  const imagePolicy = join(dir, 'policy.json');
  await writeFile(imagePolicy, JSON.stringify(KIOSK_POLICY));
  const startedAt = epochNow();
  const child = spawn(env.node, [env.kioskBundle], {
    cwd: env.root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      HOME: dir,
      LANG: process.env.LANG ?? 'C.UTF-8',
      TMPDIR: env.scratch,
      DISPLAY: env.display.name,
      THINSHELL_POLICY: imagePolicy,
      THINSHELL_MANAGED_POLICY: join(dir, 'managed-policy.json'),
      THINSHELL_LOCAL_POLICY: join(dir, 'local-policy.json'),
      BENCH_RENDERER: env.rendererDir,
      BENCH_CHROMIUM: ns.chromiumPath,
      BENCH_CHROMIUM_POLICY: ns.policyPath,
    },
  });
  const tail: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    tail.push(line);
    if (tail.length > 20) tail.shift();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const devtoolsUrl = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kiosk: no DevTools URL within ${DEVTOOLS_TIMEOUT_MS} ms\n${tail.join('\n')}`)), DEVTOOLS_TIMEOUT_MS);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^devtools (ws:\/\/\S+)$/.exec(line);
      if (!m) return;
      clearTimeout(timer);
      resolve(m[1]!);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`kiosk exited (${code}) early:\n${tail.join('\n')}`));
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot start the kiosk (${env.node}): ${err.message}`));
    });
  });
  devtoolsUrl.catch(() => {}); // the caller awaits it; a failure after stop() must not go unhandled
  if (child.pid === undefined) throw await devtoolsUrl.then(() => new Error('no pid'), (err: unknown) => err);
  const pid = child.pid;
  return {
    rootPid: pid,
    startedAt,
    devtoolsUrl,
    origin: 'http://127.0.0.1:', // the port is the kiosk's own choice
    readyCondition: SIGN_IN_READY,
    async stop() {
      // SIGTERM: the host stops its Chromium and removes its files itself, as on a terminal.
      await endTree(pid, async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await exited;
      }, STOP_GRACE_MS);
      await rm(dir, { recursive: true, force: true });
    },
  };
};

/** The baseline: the same Chromium, same flags and policy mechanism, showing a blank page. */
export const launchBlank: Side = async (env) => {
  const dir = await mkdtemp(join(env.scratch, 'blank-'));
  const ns = await namespacedChromium(dir);
  await writeChromiumPolicy(chromiumPolicy(env.blankOrigin, { devtools: true, remoteDebugging: true }), ns.policyPath);
  const startedAt = epochNow();
  const proc = await spawnChromium({
    url: `${env.blankOrigin}/`,
    chromiumPath: ns.chromiumPath,
    display: env.display.name,
    remoteDebuggingPort: 0,
    lang: process.env.LANG ?? 'C.UTF-8',
  });
  return {
    rootPid: proc.pid,
    startedAt,
    devtoolsUrl: proc.devtoolsUrl!,
    origin: env.blankOrigin,
    readyCondition: BODY_READY,
    async stop() {
      await endTree(proc.pid, () => proc.kill(), STOP_GRACE_MS);
      await rm(dir, { recursive: true, force: true });
    },
  };
};
