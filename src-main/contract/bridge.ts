import type { Reply } from './envelope.ts';

/**
 * The raw transport the renderer gets from its host: Electron's preload exposes this as
 * `window.thinshell`; the browser host's WebSocket client implements the same shape. The
 * renderer's typed client (ShellApi) is built on top of it.
 */
export interface Bridge {
  invoke(method: string, args: unknown): Promise<Reply>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

/** Browser host: the page is opened at `/#token=<hex>` and connects to this path with `?token=<hex>`. */
export const BRIDGE_PATH = '/bridge';
