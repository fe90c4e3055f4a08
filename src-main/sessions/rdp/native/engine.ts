import { failedHandle, type EngineOptions } from '../../client-run.ts';
import { SessionStates } from '../../session-handle.ts';
import type { ConnectionSpec, SessionEngine, SessionHandle, SessionStartOptions } from '../../types.ts';
import { defaultWorkerEntry } from '../worker/entry.ts';
import { forkLauncher, type WorkerEntry, type WorkerLauncher } from '../worker/transport.ts';
import { findLibrary, libraryCandidates } from './library-path.ts';
import { runNativeSession } from './session-run.ts';
import { activeGateway } from '../connection-checks.ts';
import { invalidNativeConnection, nativeSettings, type NativeExtras } from './settings.ts';
import { SpareWorker } from './spare-worker.ts';
import { DEFAULT_WATCHDOG, type WatchdogTimers } from './watchdog.ts';
import { launchWorker, type WorkerProcess } from './worker-process.ts';

/** What a native session takes beyond every engine's start options (policy, via launch.ts). */
export interface NativeStartOptions extends SessionStartOptions {
  network?: NativeExtras['network'];
}

export interface NativeEngineOptions extends EngineOptions, NativeExtras {
  /** How a worker process is started (default: child_process.fork; Electron: utilityProcess). */
  launcher?: WorkerLauncher;
  /** The worker script (default: worker/main.ts from source, rdp-worker.mjs from a bundle). */
  entry?: WorkerEntry;
  /** The library (default: the first of libraryCandidates() that exists). */
  libraryPath?: string;
  watchdog?: { intervalMs: number; timeoutMs: number; timers?: WatchdogTimers };
}

/**
 * RDP through thinshell's own FreeRDP front end (native/, libthinshell_rdp.so), one worker
 * process per session (worker/main.ts) that loads the library with koffi. The kiosk's default
 * RDP engine; xfreerdp stays behind the same interface as the fallback policy can choose.
 */
export class NativeRdpEngine implements SessionEngine {
  readonly id = 'native';
  readonly protocol = 'rdp' as const;
  readonly #options: NativeEngineOptions;
  #library: string | undefined;
  #foundEntry: WorkerEntry | undefined;
  readonly #spare = new SpareWorker((display) => this.#launch(display), 3000);

  constructor(options: NativeEngineOptions = {}) {
    this.#options = options;
  }

  /**
   * Starts a worker ahead of a session (the desktop picker shows): it loads the library and
   * waits, holding no credentials, until start() takes it or release() ends it. Resolves true
   * once it is ready; false when it cannot run (call available() first). One at a time.
   */
  async prepare(options: { display?: string | undefined } = {}): Promise<boolean> {
    if (!this.libraryPath || !this.#entry()) return false;
    return this.#spare.prepare(options.display);
  }

  /** Ends the worker prepare() started, if no session took it (sign-out, shutdown). */
  release(): Promise<void> {
    return this.#spare.release();
  }

  /** The worker script: once found on disk it is kept (it is asked several times at every connect). */
  #entry(): WorkerEntry | undefined {
    this.#foundEntry ??= this.#options.entry ?? defaultWorkerEntry();
    return this.#foundEntry;
  }

  #launch(display: string | undefined): Promise<WorkerProcess> {
    const entry = this.#entry();
    const libraryPath = this.libraryPath;
    if (!entry || !libraryPath) return Promise.reject(new Error('the native RDP engine is not available'));
    return launchWorker({
      launcher: this.#options.launcher ?? forkLauncher,
      entry,
      libraryPath,
      env: this.#options.env ?? process.env,
      tmpRoot: this.#options.tmpRoot,
      display,
      log: this.#options.log,
    });
  }

  /** The library found by the last available() (or given), for the admin's log. */
  get libraryPath(): string | undefined {
    return this.#options.libraryPath ?? this.#library;
  }

  async available(): Promise<boolean> {
    const candidates = this.#options.libraryPath ? [this.#options.libraryPath] : libraryCandidates(this.#options.env ?? process.env);
    this.#library = await findLibrary(candidates);
    return this.#library !== undefined && this.#entry() !== undefined;
  }

  start(spec: ConnectionSpec, options: NativeStartOptions): SessionHandle {
    const states = new SessionStates();
    states.emit({ kind: 'connecting' });
    if (spec.protocol !== 'rdp') return failedHandle(states, `the native RDP engine cannot open a ${spec.protocol} session`);
    const invalid = invalidNativeConnection(spec);
    if (invalid) return failedHandle(states, invalid);
    const libraryPath = this.libraryPath;
    const entry = this.#entry();
    if (!libraryPath || !entry) {
      states.emit({ kind: 'failed', failure: 'engine-missing', detail: libraryPath ? 'the RDP worker script was not found' : 'libthinshell_rdp.so was not found (call available() first)' });
      return { done: states.done, onState: (l) => states.onState(l), disconnect: async () => undefined };
    }
    const gatewayPassword = activeGateway(spec)?.password;
    return runNativeSession(
      {
        worker: async (display) => (await this.#spare.take(display)) ?? (await this.#launch(display)),
        settings: nativeSettings(spec, { window: this.#options.window, network: options.network ?? this.#options.network }),
        ...(spec.password ? { password: spec.password } : {}),
        ...(gatewayPassword ? { gatewayPassword } : {}),
        security: spec.security,
        watchdog: this.#options.watchdog ?? DEFAULT_WATCHDOG,
      },
      options,
      this.#options,
      states,
    );
  }
}
