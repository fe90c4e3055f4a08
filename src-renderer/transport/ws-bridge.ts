import type { Bridge, CHANNEL_PREFIX, Reply } from '../api-types.ts';

/** The contract's channel prefix; typed against it so a change there breaks the build here. */
export const CHANNEL: typeof CHANNEL_PREFIX = 'thinshell:';

/** A Bridge that can also tell when its host went away (only the WebSocket one can). */
export interface HostBridge extends Bridge {
  onLost(listener: () => void): () => void;
}

/** The browser-style WebSocket constructor; happy-dom's, Chromium's and `ws`'s all fit. */
export type WebSocketCtor = new (url: string) => WebSocket;

const OPEN = 1; // WebSocket.OPEN, spelled out: not every constructor we accept has the static
const LOST: Reply = { ok: false, error: { code: 'internal', message: 'lost contact with the shell' } };

type Listener = (payload: unknown) => void;

/**
 * The browser host's transport: one WebSocket, calls correlated by `seq`, events fanned out to
 * listeners. Like Electron's preload, it takes plain call and event names (`signIn`, `view`)
 * and puts the channel prefix on the wire itself. The token in the URL is single-use, so there is no reconnect: a closed socket means
 * the shell is gone (the host relaunches the page), and every open or later call fails at once.
 */
export function createWsBridge(url: string, Socket: WebSocketCtor): HostBridge {
  const socket = new Socket(url);
  const pending = new Map<number, (reply: Reply) => void>();
  const listeners = new Map<string, Set<Listener>>();
  const lostListeners = new Set<() => void>();
  // Calls made before the socket opens wait here: the app asks for the view at once.
  const queue: string[] = [];
  let seq = 0;
  let lost = false;

  socket.addEventListener('open', () => {
    for (const frame of queue.splice(0)) socket.send(frame);
  });
  socket.addEventListener('message', (event: MessageEvent) => {
    if (typeof event.data === 'string') handleFrame(event.data);
  });
  // 'error' is always followed by 'close'; either one means the same to the user.
  socket.addEventListener('error', markLost);
  socket.addEventListener('close', markLost);

  function markLost(): void {
    if (lost) return;
    lost = true;
    queue.length = 0;
    for (const resolve of pending.values()) resolve(LOST);
    pending.clear();
    for (const listener of lostListeners) listener();
  }

  function handleFrame(text: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      return; // not ours to crash on: a stray frame is dropped, the next one may be fine
    }
    if (!isRecord(frame)) return;
    if (frame.type === 'reply' && typeof frame.seq === 'number') {
      const resolve = pending.get(frame.seq);
      pending.delete(frame.seq);
      resolve?.(frame.reply as Reply);
    } else if (frame.type === 'event' && typeof frame.event === 'string') {
      // Hosts may name events with or without the channel prefix; listeners use the plain name.
      const name = frame.event.startsWith(CHANNEL) ? frame.event.slice(CHANNEL.length) : frame.event;
      for (const listener of listeners.get(name) ?? []) listener(frame.payload);
    }
  }

  return {
    invoke(method, args) {
      if (lost) return Promise.resolve(LOST);
      const frame = JSON.stringify({ seq: seq++, method: CHANNEL + method, args });
      return new Promise<Reply>((resolve) => {
        pending.set(seq - 1, resolve);
        if (socket.readyState === OPEN) socket.send(frame);
        else queue.push(frame);
      });
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
    onLost(listener) {
      if (lost) queueMicrotask(listener);
      lostListeners.add(listener);
      return () => lostListeners.delete(listener);
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
