import WebSocket from 'ws';

type Params = Record<string, unknown>;
type Listener = (params: Params, sessionId: string | undefined) => void;

/** A minimal Chrome DevTools Protocol client over the browser endpoint, with flat sessions. */
export interface Cdp {
  send<T = Params>(method: string, params?: Params, sessionId?: string): Promise<T>;
  on(method: string, listener: Listener): () => void;
  /** Resolves once the socket is closed. */
  close(): Promise<void>;
}

interface Reply {
  id?: number;
  method?: string;
  params?: Params;
  sessionId?: string;
  result?: Params;
  error?: { message: string };
}

/**
 * Raw CDP rather than playwright's connectOverCDP: it attaches in a few milliseconds and does
 * only what we ask, so it is in place before the page under test has loaded.
 */
export async function connectCdp(url: string, timeoutMs = 10_000): Promise<Cdp> {
  const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`CDP: no connection to ${url} within ${timeoutMs} ms`));
    }, timeoutMs);
    ws.once('open', () => (clearTimeout(timer), resolve()));
    ws.once('error', (err) => (clearTimeout(timer), reject(new Error(`CDP: ${err.message}`))));
  });
  let nextId = 0;
  const pending = new Map<number, { resolve: (v: Params) => void; reject: (e: Error) => void; method: string }>();
  const listeners = new Map<string, Set<Listener>>();
  ws.on('message', (data) => {
    let msg: Reply;
    try {
      msg = JSON.parse(String(data)) as Reply;
    } catch {
      return;
    }
    if (msg.id !== undefined) {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (!p) return;
      if (msg.error) p.reject(new Error(`CDP ${p.method}: ${msg.error.message}`));
      else p.resolve(msg.result ?? {});
    } else if (msg.method) {
      for (const l of listeners.get(msg.method) ?? []) l(msg.params ?? {}, msg.sessionId);
    }
  });
  ws.on('error', () => {}); // reported through 'close' below
  const closed = new Promise<void>((resolve) =>
    ws.once('close', () => {
      for (const p of pending.values()) p.reject(new Error(`CDP ${p.method}: connection closed`));
      pending.clear();
      resolve();
    }),
  );
  return {
    send<T>(method: string, params: Params = {}, sessionId?: string) {
      if (ws.readyState !== WebSocket.OPEN) return Promise.reject(new Error(`CDP ${method}: connection closed`));
      const id = ++nextId;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: Params) => void, reject, method });
        ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
      });
    },
    on(method, listener) {
      const set = listeners.get(method) ?? new Set();
      set.add(listener);
      listeners.set(method, set);
      return () => void set.delete(listener);
    },
    async close() {
      if (ws.readyState === WebSocket.CLOSED) return;
      ws.close();
      const timer = setTimeout(() => ws.terminate(), 2000);
      await closed;
      clearTimeout(timer);
    },
  };
}
