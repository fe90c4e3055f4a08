/**
 * The renderer's single import point for talking to main. It picks the transport (Electron's
 * preload bridge, or a WebSocket to the browser host) and derives the typed ShellApi from the
 * contract's types by a Proxy, so no call is ever written out twice.
 */
import type { BRIDGE_PATH, Bridge, ErrorCode, Reply, ShellApi, ShellEvents } from './api-types.ts';
import { takeToken } from './transport/token.ts';
import { createWsBridge, type HostBridge, type WebSocketCtor } from './transport/ws-bridge.ts';

export type * from './api-types.ts';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in a plain browser. */
    thinshell?: Bridge;
  }
}

/** A failed call, rebuilt from the wire by code. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Everything the app needs from main: calls, events, and word when the host is gone. */
export interface ShellClient {
  readonly api: ShellApi;
  readonly on: ShellEvents['on'];
  onLost(listener: () => void): () => void;
}

const bridgePath: typeof BRIDGE_PATH = '/bridge';

function unwrap(method: string, reply: Reply | undefined): unknown {
  if (reply?.ok === true) return reply.value;
  if (reply?.ok === false && reply.error) throw new ApiError(reply.error.code, reply.error.message);
  throw new ApiError('internal', `${method}: malformed reply from the shell`);
}

/**
 * The typed calls over any Bridge: `api.signIn(args)` invokes `signIn` and unwraps the reply.
 * The Bridge takes plain names; the channel prefix is the transport's business.
 */
export function createShellApi(bridge: Bridge): ShellApi {
  const cache = new Map<string, (args?: unknown) => Promise<unknown>>();
  return new Proxy({} as ShellApi, {
    get(_target, prop) {
      // `then` would make the api look like a promise to `await`; symbols are not calls.
      if (typeof prop !== 'string' || prop === 'then') return undefined;
      let fn = cache.get(prop);
      if (!fn) {
        fn = async (args?: unknown) => unwrap(prop, await bridge.invoke(prop, args ?? {}));
        cache.set(prop, fn);
      }
      return fn;
    },
  });
}

/** A client over a Bridge; `onLost` comes from the bridge if it can lose its host. */
export function createShellClient(bridge: Bridge | HostBridge): ShellClient {
  return {
    api: createShellApi(bridge),
    on: (event, listener) => bridge.on(event, listener as (payload: unknown) => void),
    onLost: (listener) => ('onLost' in bridge ? bridge.onLost(listener) : () => {}),
  };
}

/** A bridge to nowhere: the page was opened without a way to reach the shell. */
function deadBridge(): HostBridge {
  const lost: Reply = { ok: false, error: { code: 'internal', message: 'no connection to the shell' } };
  return {
    invoke: () => Promise.resolve(lost),
    on: () => () => {},
    onLost: (listener) => {
      queueMicrotask(listener);
      return () => {};
    },
  };
}

/**
 * Picks the transport: Electron's preload bridge when present, otherwise the browser host's
 * WebSocket, authorised by the single-use token in the page's URL fragment.
 */
export function connectToShell(win: Window, Socket?: WebSocketCtor): ShellClient {
  if (win.thinshell) return createShellClient(win.thinshell);
  const token = takeToken(win.location, win.history);
  if (!token) return createShellClient(deadBridge());
  const url = `ws://${win.location.host}${bridgePath}?token=${token}`;
  return createShellClient(createWsBridge(url, Socket ?? (win as Window & typeof globalThis).WebSocket));
}
