import type { Logger } from '../common/log.ts';
import { ShellError, type Protocol } from '../contract/index.ts';
import type { Policy } from '../policy/schema.ts';
import { createEngineRegistry, defaultEngines } from './engines.ts';
import { NativeRdpEngine, type NativeEngineOptions } from './rdp/native/engine.ts';
import type { ConnectionSpec, SessionHandle } from './types.ts';

export interface LaunchOptions {
  log: Logger;
  /** The X display the session window goes on. */
  display?: string;
  /** Where per-session private HOMEs are made (default: the system temp dir). */
  tmpRoot?: string;
  /** For the native engine: Electron passes its utilityProcess `launcher`; tests a `libraryPath`. */
  native?: Pick<NativeEngineOptions, 'launcher' | 'libraryPath' | 'entry'>;
}

/** The sessions of one kiosk: one set of engines for its whole life, so a spare worker can wait. */
export interface SessionLauncher {
  /**
   * Picks the engine for the spec's protocol by policy (native RDP unless policy says xfreerdp;
   * xfreerdp when the native library is missing, with a note), checks it can run here and starts
   * it. Throws ShellError('session-engine-missing') when no engine for the protocol can run.
   */
  start(spec: ConnectionSpec, policy: Policy): Promise<{ handle: SessionHandle; engine: string }>;
  /**
   * The desktop picker shows desktops of these protocols: when an RDP session would run on the
   * native engine, start its worker now (no credentials; spare-worker.ts). Resolves true once it
   * is ready, false when nothing was prepared. Never throws.
   */
  prepare(policy: Policy, protocols: readonly Protocol[]): Promise<boolean>;
  /** The user signed out (or the kiosk stops): end a worker prepare() started. */
  release(): Promise<void>;
}

export function createSessionLauncher(options: LaunchOptions): SessionLauncher {
  const log = options.log;
  const registry = createEngineRegistry(defaultEngines({ log: (line) => log.debug(line), tmpRoot: options.tmpRoot }, options.native));
  const natives = () => registry.engines.filter((e): e is NativeRdpEngine => e instanceof NativeRdpEngine);
  return {
    async start(spec, policy) {
      const { engine, note } = await registry.chooseEngine(spec.protocol, policy.session.rdpEngine);
      if (note) log.warn(note);
      if (!(await engine.available())) throw new ShellError('session-engine-missing', `${engine.id} is not installed on this terminal`);
      const base = { connectTimeoutSec: policy.session.connectTimeoutSec, ...(options.display ? { display: options.display } : {}) };
      const handle = engine instanceof NativeRdpEngine ? engine.start(spec, { ...base, network: policy.session.rdpNetwork }) : engine.start(spec, base);
      handle.onState((state) => log.info('session state', { engine: engine.id, ...state }));
      return { handle, engine: engine.id };
    },
    async prepare(policy, protocols) {
      if (!protocols.includes('rdp')) return false;
      try {
        const { engine } = await registry.chooseEngine('rdp', policy.session.rdpEngine);
        if (!(engine instanceof NativeRdpEngine)) return false;
        const ready = await engine.prepare({ display: options.display });
        log.debug('spare RDP worker', { ready });
        return ready;
      } catch (err) {
        log.warn('could not start a spare RDP worker', { error: (err as Error).message });
        return false;
      }
    },
    async release() {
      await Promise.all(natives().map((e) => e.release()));
    },
  };
}

/** One session with engines of its own (the CLI's connection test, tests): no spare worker. */
export async function startSession(spec: ConnectionSpec, policy: Policy, options: LaunchOptions): Promise<{ handle: SessionHandle; engine: string }> {
  return createSessionLauncher(options).start(spec, policy);
}
