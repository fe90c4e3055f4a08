import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Core } from '../../app/core-types.ts';
import { BRIDGE_PATH, CHANNEL_PREFIX, ClientFrame, dispatchCall, type ServerFrame } from '../../contract/index.ts';
import type { Logger } from '../../common/log.ts';
import type { PageToken } from './token.ts';

/** Frames are small JSON calls; anything bigger is a bug or an attack. */
export const DEFAULT_MAX_PAYLOAD = 64 * 1024;

export interface BridgeSocketOptions {
  core: Core;
  token: PageToken;
  /** The server's port, known once it listens. */
  port: () => number;
  log: Logger;
  maxPayload?: number;
  onConnect: () => void;
  onDisconnect: (code: number) => void;
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' };

/** Header values go to the log, so keep them short and printable. */
function printable(value: string | undefined): string {
  return value === undefined ? '(none)' : JSON.stringify(value.slice(0, 100));
}

/**
 * The WebSocket end of the bridge: exactly one page, proven by a single-use token and the exact
 * origin of our own server, talking in ClientFrames that go through the one dispatcher.
 */
export class BridgeSocket {
  readonly #options: BridgeSocketOptions;
  readonly #wss: WebSocketServer;
  #client: WebSocket | undefined;

  constructor(options: BridgeSocketOptions) {
    this.#options = options;
    this.#wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload ?? DEFAULT_MAX_PAYLOAD });
  }

  get connected(): boolean {
    return this.#client !== undefined;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const origin = `http://127.0.0.1:${this.#options.port()}`;
    const url = new URL(req.url ?? '/', origin);
    // Never log req.url: it carries the token.
    if (url.pathname !== BRIDGE_PATH) return this.#refuse(socket, 404, 'wrong path');
    if (req.headers.host !== `127.0.0.1:${this.#options.port()}`) {
      return this.#refuse(socket, 403, `wrong host ${printable(req.headers.host)}`);
    }
    if (req.headers.origin !== origin) return this.#refuse(socket, 403, `wrong origin ${printable(req.headers.origin)}`);
    if (this.#client) return this.#refuse(socket, 403, 'a page is already connected');
    // Checked last so that a refused request never burns the real page's token.
    if (!this.#options.token.consume(url.searchParams.get('token'))) {
      return this.#refuse(socket, 401, 'missing, wrong or used token');
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws));
  }

  /** Close the page's connection (shutdown). */
  close(): void {
    this.#client?.close(1001, 'host stopping');
    for (const ws of this.#wss.clients) ws.terminate();
    this.#wss.close();
  }

  #refuse(socket: Duplex, status: number, why: string): void {
    this.#options.log.warn('bridge: refused connection', { status, why });
    socket.end(`HTTP/1.1 ${status} ${REASONS[status] ?? 'Refused'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    socket.destroy();
  }

  #accept(ws: WebSocket): void {
    const { core } = this.#options;
    this.#client = ws;
    const send = (frame: ServerFrame) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    const unsubscribe = core.onView((view) => send({ type: 'event', event: 'view', payload: view }));
    ws.on('message', (data, isBinary) => void this.#onFrame(ws, data, isBinary, send));
    ws.on('error', (err) => this.#options.log.warn('bridge: socket error', { error: err.message }));
    ws.on('close', (code) => {
      unsubscribe();
      if (this.#client === ws) this.#client = undefined;
      this.#options.onDisconnect(code);
    });
    this.#options.onConnect();
    // The page draws from the first frame it gets: give it the current view at once.
    void dispatchCall(core.handlers, 'getView', {}).then((reply) => {
      if (reply.ok) send({ type: 'event', event: 'view', payload: reply.value });
      else this.#options.log.error('bridge: getView failed', { error: reply.error.message });
    });
  }

  async #onFrame(ws: WebSocket, data: RawData, isBinary: boolean, send: (frame: ServerFrame) => void): Promise<void> {
    if (isBinary) return ws.close(1003, 'text frames only');
    let json: unknown;
    try {
      json = JSON.parse(rawText(data));
    } catch {
      return ws.close(1007, 'malformed frame');
    }
    const frame = ClientFrame.safeParse(json);
    if (!frame.success) {
      // A frame we can answer (it has a usable seq) gets an error; anything else ends the page.
      const seq = ClientFrame.shape.seq.safeParse((json as { seq?: unknown } | null)?.seq);
      if (!seq.success) return ws.close(1007, 'malformed frame');
      const message = `malformed frame: ${frame.error.issues[0]?.message ?? 'invalid'}`;
      return send({ type: 'reply', seq: seq.data, reply: { ok: false, error: { code: 'invalid-argument', message } } });
    }
    const { seq, method, args } = frame.data;
    // Method names may carry the contract's channel prefix, as Electron channels do.
    const name = method.startsWith(CHANNEL_PREFIX) ? method.slice(CHANNEL_PREFIX.length) : method;
    const reply = await dispatchCall(this.#options.core.handlers, name, args);
    send({ type: 'reply', seq, reply });
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}
