import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { chmod, copyFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { cpus, loadavg, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForNode } from './bundle.ts';
import { startDisplay, type Display } from '../../src-main/demo/display.ts';
import { DEFAULT_CHROMIUM_PATH } from '../../src-main/hosts/browser/chromium-args.ts';
import { setFingerprint } from './lifecycle.ts';

/** What every benchmark shares for one run of the bench. */
export interface BenchEnv {
  root: string;
  /** Deleted at the end; its path on a command line marks a process as ours. */
  scratch: string;
  display: Display;
  /** A private copy of this node binary: see README (PSS of the host process). */
  node: string;
  /** bench/kiosk-entry.ts, bundled like dist/node/browser-host.mjs. */
  kioskBundle: string;
  rendererDir: string;
  /** The baseline's page: a blank document on a tiny loopback server. */
  blankOrigin: string;
  meta: Record<string, unknown>;
  teardown(): Promise<void>;
}

export const BLANK_PAGE = '<!doctype html><html><head><meta charset="utf-8"><title>blank</title></head><body></body></html>';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function bundleKiosk(): Promise<string> {
  return bundleForNode(root, 'bench/kiosk-entry.ts', 'kiosk-entry.mjs');
}

async function blankServer(): Promise<{ origin: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.url !== '/') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(BLANK_PAGE);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

function version(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

export async function setupBench(): Promise<BenchEnv> {
  const rendererDir = join(root, 'dist', 'renderer');
  const renderer = await stat(join(rendererDir, 'index.html')).catch(() => undefined);
  if (!renderer) throw new Error('dist/renderer is missing: run `node scripts/build.mjs` first');
  const scratch = await mkdtemp(join(tmpdir(), 'thinshell-bench-'));
  setFingerprint(scratch);
  const cleanups: Array<() => Promise<unknown>> = [() => rm(scratch, { recursive: true, force: true })];
  const teardown = async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
  };
  try {
    // Chromium's profiles (spawnChromium uses tmpdir()) land in the scratch directory too.
    process.env.TMPDIR = scratch;
    const node = join(scratch, 'node');
    // A copy, not a link: its pages are shared with no other process (this one runs node too).
    await copyFile(process.execPath, node);
    await chmod(node, 0o755);
    const kioskBundle = await bundleKiosk();
    const blank = await blankServer();
    cleanups.push(() => blank.close());
    const display = await startDisplay({ windowManager: true });
    cleanups.push(() => display.stop());
    const meta = {
      node: process.version,
      chromium: version(DEFAULT_CHROMIUM_PATH, ['--version']),
      kernel: release(),
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      loadAverageAtStart: loadavg(),
      rendererBuiltAt: renderer.mtime.toISOString(),
      display: `${display.width}x${display.height} Xvfb + openbox`,
    };
    return { root, scratch, display, node, kioskBundle, rendererDir, blankOrigin: blank.origin, meta, teardown };
  } catch (err) {
    await teardown();
    throw err;
  }
}
