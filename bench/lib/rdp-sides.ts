import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { Secret } from '../../src-main/common/secret.ts';
import { startRdpServer, type RdpServer } from '../../src-main/demo/servers.ts';
import { NativeRdpEngine } from '../../src-main/sessions/rdp/native/engine.ts';
import { XfreerdpEngine } from '../../src-main/sessions/rdp/xfreerdp-engine.ts';
import type { SessionEngine } from '../../src-main/sessions/types.ts';
import { memory, type Memory } from './proc.ts';
import { smapsOf, type SmapsBreakdown } from './smaps.ts';
import { bundleForNode } from './bundle.ts';
import type { BenchEnv } from './setup.ts';

/** What both sides of rdp-connect share for a whole run: one server, one folder of session HOMEs. */
export interface RdpBench {
  server: RdpServer;
  password: Secret;
  user: string;
  homes: string;
  native: NativeRdpEngine;
  xfreerdp: XfreerdpEngine;
}

/**
 * The worker as the kiosk runs it: bundled with the options of scripts/build.mjs (one file, no
 * tsx), so its start-up costs what a terminal pays.
 */
async function bundleWorker(env: BenchEnv): Promise<string> {
  return bundleForNode(env.root, 'src-main/sessions/rdp/worker/main.ts', 'rdp-worker.mjs');
}

export async function setupRdpBench(env: BenchEnv): Promise<RdpBench> {
  const user = 'bench';
  const password = new Secret(`bench-${process.pid}-pw`);
  const library = join(env.root, 'native', 'build', 'libthinshell_rdp.so');
  const entry = { path: await bundleWorker(env), execArgv: [] };
  const homes = await mkdtemp(join(env.scratch, 'rdp-homes-'));
  const native = new NativeRdpEngine({ libraryPath: library, entry, tmpRoot: homes });
  if (!(await native.available())) throw new Error(`rdp-connect needs ${library} (run native/build.sh)`);
  const xfreerdp = new XfreerdpEngine({ tmpRoot: homes });
  if (!(await xfreerdp.available())) throw new Error('rdp-connect needs xfreerdp (freerdp2-x11) and stdbuf');
  const server = await startRdpServer({ user, password: password.reveal(), mode: 'nla', width: env.display.width, height: env.display.height, lifetimeSec: 3600 });
  return { server, password, user, homes, native, xfreerdp };
}

/** The session's own process: the one whose HOME is a private folder under `homes`. */
export function sessionProcess(homes: string): number | undefined {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/environ`, 'latin1').split('\0').some((kv) => kv.startsWith(`HOME=${homes}/`))) return Number(name);
    } catch {
      /* gone, or not ours */
    }
  }
  return undefined;
}

/**
 * Has the native engine prepare its spare worker (as the kiosk does when the picker shows) and
 * waits until it has loaded the library; then its memory while it waits.
 */
export async function prepareSpare(rdp: RdpBench, display: string): Promise<{ pid: number | undefined; memory: Memory | undefined }> {
  if (!(await rdp.native.prepare({ display }))) throw new Error('the spare worker did not get ready');
  // Settled, as it would be while a user looks at the picker.
  await new Promise((r) => setTimeout(r, 500));
  const pid = sessionProcess(rdp.homes);
  return { pid, memory: pid ? memory(pid) : undefined };
}

export interface ConnectSample {
  /** engine.start() -> loggedOn, by this process's clock. */
  loggedOnMs: number;
  connectedMs: number;
  /** The session process while connected (1 s after loggedOn): RSS, PSS and USS in kB. */
  memory: Memory | undefined;
  pid: number | undefined;
  /** The same moment, mapping by mapping (smaps.ts). */
  smaps: SmapsBreakdown | undefined;
}

/** One complete session on one engine: start, wait for loggedOn, measure, disconnect, gone. */
export async function connectOnce(
  rdp: RdpBench,
  engine: SessionEngine,
  display: string,
  onConnected?: (pid: number) => void,
  network?: 'lan' | 'auto',
): Promise<ConnectSample> {
  const spec = {
    protocol: 'rdp' as const,
    host: '127.0.0.1',
    port: rdp.server.port,
    username: rdp.user,
    password: rdp.password,
    security: 'nla' as const,
    certificate: { mode: 'pin' as const, fingerprints: [rdp.server.fingerprint] },
    multimon: false,
    title: 'rdp-connect bench',
  };
  const t0 = performance.now();
  const options = { connectTimeoutSec: 30, display };
  const handle = engine instanceof NativeRdpEngine ? engine.start(spec, { ...options, ...(network ? { network } : {}) }) : engine.start(spec, options);
  const at: Record<string, number> = {};
  const loggedOn = new Promise<void>((resolve, reject) => {
    handle.onState((s) => {
      at[s.kind] ??= performance.now() - t0;
      if (s.kind === 'loggedOn') resolve();
      if (s.kind === 'ended' || s.kind === 'failed') reject(new Error(`${engine.id}: ${JSON.stringify(s)}`));
    });
  });
  try {
    await loggedOn;
    // Settled: the first frames are painted, the channels are up.
    await new Promise((r) => setTimeout(r, 1000));
    const pid = sessionProcess(rdp.homes);
    if (pid) onConnected?.(pid);
    return { loggedOnMs: at.loggedOn!, connectedMs: at.connected ?? NaN, memory: pid ? memory(pid) : undefined, smaps: pid ? smapsOf(pid) : undefined, pid };
  } finally {
    await handle.disconnect();
    await handle.done;
  }
}
