import type { SessionHandle, SessionState } from './types.ts';

type Final = Extract<SessionState, { kind: 'ended' | 'failed' }>;

const RANK: Record<SessionState['kind'], number> = { connecting: 0, connected: 1, loggedOn: 2, ended: 3, failed: 3 };

/**
 * The state of one session as its engine reports it: only forward (connecting -> connected ->
 * loggedOn -> ended | failed), the final state once. A listener that subscribes late is given
 * the states so far first, so every listener sees the whole sequence in order.
 */
export class SessionStates {
  readonly #history: SessionState[] = [];
  readonly #listeners = new Set<(state: SessionState) => void>();
  #resolve!: (state: Final) => void;
  readonly done: Promise<Final> = new Promise((resolve) => (this.#resolve = resolve));

  get current(): SessionState | undefined {
    return this.#history.at(-1);
  }

  get final(): boolean {
    const kind = this.current?.kind;
    return kind === 'ended' || kind === 'failed';
  }

  /** Moves forward to `state`; a repeat, a step back or anything after the end is ignored. */
  emit(state: SessionState): boolean {
    const current = this.current;
    if (current && RANK[state.kind] <= RANK[current.kind]) return false;
    this.#history.push(state);
    for (const listener of [...this.#listeners]) this.#call(listener, state);
    if (state.kind === 'ended' || state.kind === 'failed') {
      this.#listeners.clear();
      this.#resolve(state);
    }
    return true;
  }

  onState(listener: (state: SessionState) => void): () => void {
    for (const state of this.#history) this.#call(listener, state);
    if (!this.final) this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #call(listener: (state: SessionState) => void, state: SessionState): void {
    try {
      listener(state);
    } catch {
      /* a listener's bug is its own; the session goes on */
    }
  }
}

/** A SessionHandle over SessionStates and an engine's own disconnect. */
export function sessionHandle(states: SessionStates, disconnect: () => Promise<void>): SessionHandle {
  return {
    done: states.done,
    onState: (listener) => states.onState(listener),
    disconnect,
  };
}
