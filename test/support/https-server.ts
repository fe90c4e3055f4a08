import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface TestHttpsServer {
  server: Server;
  port: number;
  /** https://127.0.0.1:PORT (the test certificate names the IP too) */
  url: string;
  /** Sockets that closed so far (to see that a cancelled request really went away). */
  closedSockets(): number;
  close(): Promise<void>;
}

/** A real HTTPS server on loopback with the given certificate (PEM; `cert` may hold a chain). */
export async function startHttpsServer(
  tls: { cert: string; key: string },
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<TestHttpsServer> {
  const sockets = new Set<Socket>();
  let closed = 0;
  const server = createServer({ ...tls, keepAliveTimeout: 5000 }, handler);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => {
      sockets.delete(s);
      closed += 1;
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    server,
    port,
    url: `https://127.0.0.1:${port}`,
    closedSockets: () => closed,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** The request body as text. */
export function readBody(req: IncomingMessage, limit = 1 << 20): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      text += c;
      if (text.length > limit) req.destroy();
    });
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}
