import type { EndReason, ErrorCode, Protocol } from '../contract/index.ts';
import type { EngineOptions } from './client-run.ts';
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
  pickEngine(protocol: Protocol, preference?: RdpEnginePreference): EngineChoice;
  /** Which engines can run here (their binary is on PATH), by id. */
  available(): Promise<Record<string, boolean>>;
}

/** The engines that exist today; the native FreeRDP engine ('native') joins in a later issue. */
export function defaultEngines(options: EngineOptions = {}): SessionEngine[] {
  return [new XfreerdpEngine(options), new RemoteViewerEngine(options)];
}

export function createEngineRegistry(engines: readonly SessionEngine[] = defaultEngines()): EngineRegistry {
  const byId = new Map(engines.map((e) => [e.id, e]));
  const firstFor = (protocol: Protocol) => engines.find((e) => e.protocol === protocol);
  return {
    engines,
    pickEngine(protocol, preference = 'xfreerdp') {
      if (protocol === 'rdp') {
        const wanted = byId.get(preference);
        if (wanted?.protocol === 'rdp') return { engine: wanted };
        const fallback = byId.get('xfreerdp') ?? firstFor('rdp');
        if (!fallback) throw new Error('no RDP engine is registered');
        return { engine: fallback, note: `the ${preference} RDP engine is not built yet; using ${fallback.id}` };
      }
      const engine = firstFor(protocol);
      if (!engine) throw new Error(`no ${protocol} engine is registered`);
      return { engine };
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
    case 'certificate':
      return 'session-certificate';
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
