import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Core } from '../../app/core-types.ts';
import { createLogger, type Logger } from '../../common/log.ts';
import { BridgeSocket } from './bridge-socket.ts';
import { securityHeaders } from './security-headers.ts';
import { createStaticFiles } from './static-files.ts';
import { PageToken } from './token.ts';

export interface BrowserServerOptions {
  core: Core;
  /** The built renderer (index.html and assets). Without it only the bridge is served. */
  rendererDir?: string;
  /** 0 (default) picks a free port. The server binds 127.0.0.1 and nothing else. */
  port?: number;
  log?: Logger;
  /** Largest frame the page may send, in bytes (default 64 KiB). */
  maxPayload?: number;
}

export interface BrowserServer {
  readonly port: number;
  /** `http://127.0.0.1:PORT`: the only origin the bridge accepts. */
  readonly origin: string;
  /** A fresh single-use token for the next page; the previous one stops working. */
  issueToken(): string;
  /** The URL to open the page at, with a freshly issued token in the fragment. */
  pageUrl(): string;
  /** True while a page is connected. */
  readonly connected: boolean;
  onConnect(listener: () => void): () => void;
  /** The page went away (closed, crashed, reloaded): the host relaunches it with a new token. */
  onDisconnect(listener: (code: number) => void): () => void;
  close(): Promise<void>;
}

function listeners<A extends unknown[]>() {
  const set = new Set<(...args: A) => void>();
  return {
    add(listener: (...args: A) => void) {
      set.add(listener);
      return () => void set.delete(listener);
    },
    emit(...args: A) {
      for (const l of set) l(...args);
    },
  };
}

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const log = options.log ?? createLogger('browser-host');
  const files = await createStaticFiles(options.rendererDir);
  const token = new PageToken();
  const connects = listeners<[]>();
  const disconnects = listeners<[number]>();
  let port = 0;

  const bridge = new BridgeSocket({
    core: options.core,
    token,
    port: () => port,
    log,
    maxPayload: options.maxPayload,
    onConnect: () => connects.emit(),
    onDisconnect: (code) => disconnects.emit(code),
  });

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const headers = securityHeaders(port);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, Allow: 'GET, HEAD', 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    // Refuse any other Host: a page of a rebound DNS name must not read us as same-origin.
    if (req.headers.host !== `127.0.0.1:${port}`) {
      res.writeHead(403, { ...headers, 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    files.handle(req, res, headers).catch((err: unknown) => {
      log.error('static: read failed', { error: err instanceof Error ? err.message : String(err) });
      res.destroy();
    });
  };

  const server = createServer({ requestTimeout: 10_000, headersTimeout: 5_000 }, onRequest);
  server.on('upgrade', (req, socket, head) => bridge.handleUpgrade(req, socket, head));
  server.on('clientError', (_err, socket) => socket.destroy());
  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    port,
    origin,
    issueToken: () => token.issue(),
    pageUrl: () => `${origin}/#token=${token.issue()}`,
    get connected() {
      return bridge.connected;
    },
    onConnect: connects.add,
    onDisconnect: disconnects.add,
    async close() {
      token.revoke();
      bridge.close();
      server.closeAllConnections();
      if (server.listening) {
        server.close();
        await once(server, 'close');
      }
    },
  };
}
