import type { AdminSettings, AdminView, Protocol } from '../contract/index.ts';
import type { Broker } from '../brokers/types.ts';
import type { Logger } from '../common/log.ts';
import type { BrokerCandidate } from '../discovery/types.ts';
import type { Policy } from '../policy/schema.ts';
import type { ConnectionSpec, SessionHandle } from '../sessions/types.ts';
import type { UsbService } from '../usb/service.ts';

/** What the shell needs from the policy layer. */
export interface PolicySource {
  current(): Policy;
  onChange(listener: (policy: Policy) => void): () => void;
  adminView(): AdminView;
  saveLocal(settings: AdminSettings): Promise<AdminView>;
}

export type PinCheck = { ok: true } | { ok: false; reason: 'wrong' | 'locked-out' | 'no-pin'; retryInSec?: number };

/** Everything the shell's state machine talks to; compose.ts wires the real ones, tests fakes. */
export interface ShellDeps {
  policy: PolicySource;
  discover(policy: Policy, signal: AbortSignal): Promise<BrokerCandidate[]>;
  createBroker(candidate: BrokerCandidate, policy: Policy): Broker;
  /** Picks the engine for the protocol by policy and starts it; throws ShellError when none can run. */
  startSession(spec: ConnectionSpec, policy: Policy): Promise<{ handle: SessionHandle; engine: string }>;
  /**
   * A session worker started ahead of the click (sessions/launch.ts): prepared while the picker
   * shows these protocols, released when the user signs out. Optional: without it every session
   * starts cold.
   */
  sessionSpare?: { prepare(policy: Policy, protocols: readonly Protocol[]): Promise<boolean>; release(): Promise<void> };
  checkPin(pin: string): Promise<PinCheck>;
  powerOff(policy: Policy): Promise<void>;
  /** Persists a broker typed at first-run setup (the local layer's brokerAddress). */
  rememberBroker(address: string): Promise<void>;
  /** USB devices, policy and plans (absent: no USB handling at all, e.g. in tests). */
  usb?: UsbService;
  terminal: { name: string; version: string };
  log: Logger;
  /** Injected so tests control the "session ended" countdown. */
  timers?: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
}
