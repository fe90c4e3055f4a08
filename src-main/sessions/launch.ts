import type { Logger } from '../common/log.ts';
import { ShellError } from '../contract/index.ts';
import type { Policy } from '../policy/schema.ts';
import { createEngineRegistry, defaultEngines } from './engines.ts';
import type { NativeEngineOptions } from './rdp/native/engine.ts';
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

/**
 * Picks the engine for the spec's protocol by policy (native RDP unless policy says xfreerdp;
 * xfreerdp when the native library is missing, with a note), checks it can run here and starts
 * it. Throws ShellError('session-engine-missing') when no engine for the protocol can run.
 */
export async function startSession(spec: ConnectionSpec, policy: Policy, options: LaunchOptions): Promise<{ handle: SessionHandle; engine: string }> {
  const log = options.log;
  const registry = createEngineRegistry(defaultEngines({ log: (line) => log.debug(line), tmpRoot: options.tmpRoot }, options.native));
  const { engine, note } = await registry.chooseEngine(spec.protocol, policy.session.rdpEngine);
  if (note) log.warn(note);
  if (!(await engine.available())) throw new ShellError('session-engine-missing', `${engine.id} is not installed on this terminal`);
  const handle = engine.start(spec, {
    connectTimeoutSec: policy.session.connectTimeoutSec,
    ...(options.display ? { display: options.display } : {}),
  });
  handle.onState((state) => log.info('session state', { engine: engine.id, ...state }));
  return { handle, engine: engine.id };
}
