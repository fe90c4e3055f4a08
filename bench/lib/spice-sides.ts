import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { Secret } from '../../src-main/common/secret.ts';
import { startSpiceServer, type SpiceServer } from '../../src-main/demo/servers.ts';
import { spiceToVv } from '../../src-main/formats/vv.ts';
import { splitLines } from '../../src-main/sessions/child.ts';
import { REMOTE_VIEWER_ARGS, RemoteViewerEngine } from '../../src-main/sessions/spice/remote-viewer-engine.ts';
import { RemoteViewerOutput } from '../../src-main/sessions/spice/remote-viewer-lines.ts';
import type { SpiceConnection } from '../../src-main/sessions/types.ts';
import { memory, type Memory } from './proc.ts';
import type { BenchEnv } from './setup.ts';
import { sessionProcess } from './rdp-sides.ts';

/** What both sides of spice-connect share for a run: one QEMU, one connection, one .vv. */
export interface SpiceBench {
  server: SpiceServer;
  spec: SpiceConnection;
  /** The .vv both sides get on stdin (the engine writes the same bytes itself). */
  vv: string;
  homes: string;
  /** The bare side's HOME: one folder for the whole run, as a person's own account would be. */
  bareHome: string;
  engine: RemoteViewerEngine;
}

/** The variables the engine adds, given to bare remote-viewer too: the comparison is of the engine, not of GTK's settings. */
const SAME_ENV = { GSETTINGS_BACKEND: 'memory', NO_AT_BRIDGE: '1', SPICE_NOGRAB: '1' };

export async function setupSpiceBench(env: BenchEnv): Promise<SpiceBench> {
  const password = new Secret(`bench-${process.pid}-spice`);
  const server = await startSpiceServer({ password: password.reveal(), lifetimeSec: 3600 });
  const spec: SpiceConnection = { protocol: 'spice', host: server.host, port: server.port, password, title: 'spice-connect bench' };
  const homes = await mkdtemp(join(env.scratch, 'spice-homes-'));
  const bareHome = join(env.scratch, 'spice-bare-home');
  await mkdir(bareHome, { recursive: true, mode: 0o700 });
  const engine = new RemoteViewerEngine({ tmpRoot: homes });
  if (!(await engine.available())) throw new Error('spice-connect needs remote-viewer (virt-viewer)');
  return { server, spec, vv: spiceToVv(spec), homes, bareHome, engine };
}

export interface SpiceSample {
  /** start -> the guest display shown ("loggedOn"), by this process's clock. */
  shownMs: number;
  /** start -> main channel opened ("connected"). */
  connectedMs: number;
  /** remote-viewer 1 s after the display was shown. */
  memory: Memory | undefined;
  pid: number | undefined;
}

const settle = () => new Promise((r) => setTimeout(r, 1000));
/**
 * Before each start: the server has finished with the last client (QEMU tears a SPICE session
 * down after the client is gone). Without it the side that runs second in a round pays for the
 * first one's teardown.
 */
const quiet = () => new Promise((r) => setTimeout(r, 500));

/** One session through thinshell's engine: start, shown, measure, disconnect, gone. */
export async function engineOnce(b: SpiceBench, display: string): Promise<SpiceSample> {
  await quiet();
  const t0 = performance.now();
  const handle = b.engine.start(b.spec, { connectTimeoutSec: 30, display });
  const at: Record<string, number> = {};
  const shown = new Promise<void>((resolve, reject) => {
    handle.onState((s) => {
      at[s.kind] ??= performance.now() - t0;
      if (s.kind === 'loggedOn') resolve();
      if (s.kind === 'ended' || s.kind === 'failed') reject(new Error(`remote-viewer engine: ${JSON.stringify(s)}`));
    });
  });
  try {
    await shown;
    await settle();
    const pid = sessionProcess(b.homes);
    return { shownMs: at.loggedOn!, connectedMs: at.connected ?? NaN, memory: pid ? memory(pid) : undefined, pid };
  } finally {
    await handle.disconnect();
    await handle.done;
  }
}

/** One session of bare remote-viewer: the same argv and .vv on stdin, its state read from the same lines. */
export async function bareOnce(b: SpiceBench, display: string): Promise<SpiceSample> {
  await quiet();
  const t0 = performance.now();
  const child = spawn('remote-viewer', [...REMOTE_VIEWER_ARGS], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: b.bareHome, DISPLAY: display, LANG: 'C.UTF-8', ...SAME_ENV },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // 'close': exited and its pipes drained, as the engine's `done` waits for.
  const exited = once(child, 'close');
  const out = new RemoteViewerOutput();
  const at: Record<string, number> = {};
  const shown = new Promise<void>((resolve, reject) => {
    const onLine = (line: string) => {
      const signal = out.feed(line);
      if (signal === 'connected') at.connected ??= performance.now() - t0;
      if (signal === 'loggedOn') {
        at.loggedOn ??= performance.now() - t0;
        resolve();
      }
      if (signal === 'failure') reject(new Error(`bare remote-viewer: ${out.failure?.detail}`));
    };
    splitLines(child.stdout!, onLine);
    splitLines(child.stderr!, onLine);
    child.on('exit', (code) => reject(new Error(`bare remote-viewer exited ${code} before the display`)));
  });
  child.stdin!.end(b.vv);
  try {
    await shown;
    await settle();
    return { shownMs: at.loggedOn!, connectedMs: at.connected ?? NaN, memory: child.pid ? memory(child.pid) : undefined, pid: child.pid };
  } finally {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }
}
