import type { SessionHandle, SessionState } from '../../src-main/sessions/types.ts';

/** Records every state of a session and lets a test wait for one kind. */
export function recordStates(handle: SessionHandle, started = Date.now()) {
  const states: SessionState[] = [];
  const at: Partial<Record<SessionState['kind'], number>> = {};
  const waiters: { kind: SessionState['kind']; resolve: (s: SessionState) => void }[] = [];
  handle.onState((state) => {
    states.push(state);
    at[state.kind] ??= Date.now() - started;
    for (const w of waiters.filter((w) => w.kind === state.kind)) w.resolve(state);
  });
  return {
    states,
    kinds: () => states.map((s) => s.kind),
    /** ms from `started` to the first state of each kind. */
    at,
    /** Resolves at the first state of this kind; rejects if the session ends without it or after timeoutMs. */
    waitFor(kind: SessionState['kind'], timeoutMs = 20_000): Promise<SessionState> {
      const seen = states.find((s) => s.kind === kind);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${kind} within ${timeoutMs} ms; states: ${JSON.stringify(states)}`)), timeoutMs);
        waiters.push({ kind, resolve: (s) => (clearTimeout(timer), resolve(s)) });
        void handle.done.then((final) => {
          if (final.kind !== kind && kind !== 'ended' && kind !== 'failed') {
            clearTimeout(timer);
            reject(new Error(`session ended without ${kind}: ${JSON.stringify(final)}`));
          }
        });
      });
    },
  };
}
