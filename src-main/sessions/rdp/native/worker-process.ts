import { childEnv, createSessionHome, type SessionHome } from '../../session-home.ts';
import { WorkerClient, type WorkerEvents } from '../worker/client.ts';
import type { WorkerEntry, WorkerExit, WorkerLauncher, WorkerTransport } from '../worker/transport.ts';

/**
 * One session worker process with its private HOME, started either for a session at once or
 * ahead of one (a spare, see spare-worker.ts). Until a session takes it over (`attach`), what the
 * worker says (ready, fatal, a protocol error) is kept and handed over then, so a spare that got
 * ready long before the click looks to the session exactly like one that just got ready.
 */
export interface WorkerProcess {
  readonly home: SessionHome;
  readonly transport: WorkerTransport;
  readonly client: WorkerClient;
  readonly display: string | undefined;
  /** Resolves true once the worker has loaded the library and said ready, false if it ended first. */
  readonly ready: Promise<boolean>;
  /** False once the process has ended. */
  readonly alive: boolean;
  /** The session's listeners from now on, after everything said so far. */
  attach(events: WorkerEvents): void;
}

export interface WorkerLaunchOptions {
  launcher: WorkerLauncher;
  entry: WorkerEntry;
  libraryPath: string;
  /** The environment the allow-list is taken from (session-home.ts): never passed whole. */
  env: NodeJS.ProcessEnv;
  tmpRoot?: string | undefined;
  display?: string | undefined;
  log?: ((line: string) => void) | undefined;
}

/** Makes the HOME and starts the process; throws if either fails, and then leaves no HOME behind. */
export async function launchWorker(o: WorkerLaunchOptions): Promise<WorkerProcess> {
  const home = await createSessionHome(o.tmpRoot);
  let transport: ReturnType<WorkerLauncher>;
  try {
    transport = o.launcher({ entry: o.entry, args: [o.libraryPath], env: childEnv(o.env, home.path, o.display), cwd: home.path });
  } catch (err) {
    await home.wipe().catch(() => undefined);
    throw err;
  }
  transport.onOutput((line) => o.log?.(line));
  let alive = true;
  let markReady!: (ok: boolean) => void;
  const ready = new Promise<boolean>((resolve) => (markReady = resolve));
  void transport.exited.then(() => {
    alive = false;
    markReady(false);
  });
  let target: WorkerEvents | undefined;
  const early: Array<(events: WorkerEvents) => void> = [];
  const relay = (deliver: (events: WorkerEvents) => void) => (target ? deliver(target) : early.push(deliver));
  const client = new WorkerClient(transport, {
    onReady: (version) => {
      markReady(true);
      relay((e) => e.onReady(version));
    },
    onState: (state) => relay((e) => e.onState(state)),
    onFatal: (kind, message) => relay((e) => e.onFatal(kind, message)),
    onProtocolError: (problem) => relay((e) => e.onProtocolError(problem)),
  });
  return {
    home,
    transport,
    client,
    display: o.display,
    ready,
    get alive() {
      return alive;
    },
    attach(events) {
      target = events;
      for (const deliver of early.splice(0)) deliver(events);
    },
  };
}

/** Ends a worker that holds no session (SIGTERM, SIGKILL after `graceMs`) and wipes its HOME. */
export async function discardWorker(worker: WorkerProcess, graceMs: number): Promise<WorkerExit> {
  worker.transport.kill('SIGTERM');
  const timer = setTimeout(() => worker.transport.kill('SIGKILL'), graceMs);
  const exit = await worker.transport.exited;
  clearTimeout(timer);
  await worker.home.wipe().catch(() => undefined);
  return exit;
}
