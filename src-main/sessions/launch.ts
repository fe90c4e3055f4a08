import type { Logger } from '../common/log.ts';
import { ShellError } from '../contract/index.ts';
import type { Policy } from '../policy/schema.ts';
import { createEngineRegistry, defaultEngines } from './engines.ts';
import type { ConnectionSpec, SessionHandle } from './types.ts';

export interface LaunchOptions {
  log: Logger;
  /** The X display the session window goes on. */
  display?: string;
  /** Where per-session private HOMEs are made (default: the system temp dir). */
  tmpRoot?: string;
}

/**
 * Picks the engine for the spec's protocol by policy, checks it can run here and starts it.
 * Throws ShellError('session-engine-missing') when its client is not installed.
 */
export async function startSession(spec: ConnectionSpec, policy: Policy, options: LaunchOptions): Promise<{ handle: SessionHandle; engine: string }> {
  const log = options.log;
  const registry = createEngineRegistry(defaultEngines({ log: (line) => log.debug(line), tmpRoot: options.tmpRoot }));
  const { engine, note } = registry.pickEngine(spec.protocol, policy.session.rdpEngine);
  if (note) log.info(note);
  if (!(await engine.available())) throw new ShellError('session-engine-missing', `${engine.id} is not installed on this terminal`);
  const handle = engine.start(spec, {
    connectTimeoutSec: policy.session.connectTimeoutSec,
    ...(options.display ? { display: options.display } : {}),
  });
  handle.onState((state) => log.info('session state', { engine: engine.id, ...state }));
  return { handle, engine: engine.id };
}
