import type { SessionHandle, SessionState } from '../../src-main/sessions/types.ts';

type Final = Extract<SessionState, { kind: 'ended' | 'failed' }>;

/** A session handle the test drives by hand: emit states, end it, see whether it was disconnected. */
export class FakeSessionHandle implements SessionHandle {
  readonly states: SessionState[] = [];
  disconnects = 0;
  #listeners = new Set<(s: SessionState) => void>();
  #resolve!: (f: Final) => void;
  readonly done: Promise<Final> = new Promise((r) => (this.#resolve = r));
  #finished = false;

  onState(listener: (state: SessionState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(state: SessionState): void {
    if (this.#finished) return;
    this.states.push(state);
    for (const l of this.#listeners) l(state);
    if (state.kind === 'ended' || state.kind === 'failed') {
      this.#finished = true;
      this.#resolve(state);
    }
  }

  async disconnect(): Promise<void> {
    this.disconnects += 1;
    this.emit({ kind: 'ended', reason: 'user-disconnect' });
  }
}
