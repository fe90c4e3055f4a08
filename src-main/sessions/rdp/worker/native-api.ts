import type { NativeState } from './protocol.ts';

/**
 * The library as the worker uses it (one ts_session), without koffi: native-lib.ts implements
 * it over libthinshell_rdp.so, tests implement it in memory. Every call that may block (connect,
 * wait, disconnect, free, the watchdog's probe) is a promise: it runs on one of koffi's worker
 * threads, never on the JS thread (field notes, pitfall 2).
 */
export interface NativeSnapshot {
  lastError: number;
  lastErrorText: string;
  errorKind: number;
  endReason: number;
}

export interface NativeSession {
  /** undefined, or the library's reason for refusing the value (it names the key). */
  set(key: string, value: string): string | undefined;
  /** The bytes are copied by the library; the caller wipes its buffer afterwards. */
  setPassword(password: Buffer): boolean;
  setGatewayPassword(password: Buffer): boolean;
  connect(): Promise<boolean>;
  /** Blocks (on a koffi thread) until the next state change; < 0: no limit. */
  wait(timeoutMs: number): Promise<NativeState>;
  /** ts_session_state, off the JS thread: comes back only if the library's lock is free. */
  probe(): Promise<NativeState>;
  disconnect(): Promise<void>;
  /** Quick getters under the library's lock (never held for long). */
  snapshot(): NativeSnapshot;
  free(): Promise<void>;
}

export interface NativeApi {
  version(): string;
  /** Throws when the library cannot allocate a session. */
  newSession(): NativeSession;
}
