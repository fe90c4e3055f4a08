import type { EndReason, ErrorCode, Protocol } from '../contract/index.ts';
import type { EngineOptions } from './client-run.ts';
import { NativeRdpEngine, type NativeEngineOptions } from './rdp/native/engine.ts';
import { XfreerdpEngine } from './rdp/xfreerdp-engine.ts';
import { RemoteViewerEngine } from './spice/remote-viewer-engine.ts';
import type { SessionEndReason, SessionEngine, SessionFailure } from './types.ts';

/** Policy `session.rdpEngine`. */
export type RdpEnginePreference = 'native' | 'xfreerdp';

export interface EngineChoice {
  engine: SessionEngine;
  /** Set when the engine is not the one asked for, saying why (for the admin's log). */
  note?: string;
}

export interface EngineRegistry {
  readonly engines: readonly SessionEngine[];
  /** The engine policy asks for, if registered; else the protocol's other one (with a note). */
  pickEngine(protocol: Protocol, preference?: RdpEnginePreference): EngineChoice;
  /**
   * pickEngine, then checked: when the RDP engine asked for cannot run here (the native library
   * is missing), the other RDP engine if that one can, with a note saying so.
   */
  chooseEngine(protocol: Protocol, preference?: RdpEnginePreference): Promise<EngineChoice>;
  /** Which engines can run here (binary or library present), by id. */
  available(): Promise<Record<string, boolean>>;
}

/** The RDP engine used when policy names none, and the one that stands in for it. */
export const DEFAULT_RDP_ENGINE: RdpEnginePreference = 'native';
const FALLBACK_RDP_ENGINE: RdpEnginePreference = 'xfreerdp';

/** Every engine: the native FreeRDP front end first (the default), then the client processes. */
export function defaultEngines(options: EngineOptions = {}, native: Omit<NativeEngineOptions, keyof EngineOptions> = {}): SessionEngine[] {
  return [new NativeRdpEngine({ ...options, ...native }), new XfreerdpEngine(options), new RemoteViewerEngine(options)];
}

export function createEngineRegistry(engines: readonly SessionEngine[] = defaultEngines()): EngineRegistry {
  const byId = new Map(engines.map((e) => [e.id, e]));
  const firstFor = (protocol: Protocol) => engines.find((e) => e.protocol === protocol);
  const pickEngine = (protocol: Protocol, preference: RdpEnginePreference = DEFAULT_RDP_ENGINE): EngineChoice => {
    if (protocol === 'rdp') {
      const wanted = byId.get(preference);
      if (wanted?.protocol === 'rdp') return { engine: wanted };
      const fallback = byId.get(preference === FALLBACK_RDP_ENGINE ? DEFAULT_RDP_ENGINE : FALLBACK_RDP_ENGINE) ?? firstFor('rdp');
      if (!fallback) throw new Error('no RDP engine is registered');
      return { engine: fallback, note: `the ${preference} RDP engine is not registered; using ${fallback.id}` };
    }
    const engine = firstFor(protocol);
    if (!engine) throw new Error(`no ${protocol} engine is registered`);
    return { engine };
  };
  return {
    engines,
    pickEngine,
    async chooseEngine(protocol, preference = DEFAULT_RDP_ENGINE) {
      const choice = pickEngine(protocol, preference);
      if (protocol !== 'rdp' || (await choice.engine.available().catch(() => false))) return choice;
      const other = engines.find((e) => e.protocol === 'rdp' && e !== choice.engine);
      if (!other || !(await other.available().catch(() => false))) return choice;
      const why = choice.engine.id === 'native' ? 'its library libthinshell_rdp.so is missing' : 'it is not installed';
      return { engine: other, note: `the ${choice.engine.id} RDP engine cannot run here (${why}); using ${other.id}` };
    },
    async available() {
      const entries = await Promise.all(engines.map(async (e) => [e.id, await e.available().catch(() => false)] as const));
      return Object.fromEntries(entries);
    },
  };
}

/** The contract's error code for an engine failure (the renderer words it). */
export function failureToErrorCode(failure: SessionFailure): ErrorCode {
  switch (failure) {
    case 'unreachable':
      return 'session-unreachable';
    case 'dns':
      return 'session-dns';
    case 'auth-failed':
      return 'session-auth-failed';
    case 'password-expired':
      return 'session-password-expired';
    case 'account-locked':
      return 'session-account-locked';
    case 'certificate':
      return 'session-certificate';
    case 'gateway':
      return 'session-gateway';
    case 'server-full':
      return 'session-server-full';
    case 'logged-off':
      return 'session-logged-off';
    case 'timeout':
      return 'session-timeout';
    case 'engine-missing':
      return 'session-engine-missing';
    case 'failed':
      return 'session-failed';
    default: {
      const never: never = failure;
      return never;
    }
  }
}

/** The contract's end reason for an engine's (the same words today; one place if they part). */
export function endReasonToContract(reason: SessionEndReason): EndReason {
  switch (reason) {
    case 'user-disconnect':
    case 'server-disconnect':
    case 'logged-off':
    case 'crashed':
    case 'network-lost':
      return reason;
    default: {
      const never: never = reason;
      return never;
    }
  }
}
