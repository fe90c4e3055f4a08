import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface FrameIn {
  seq: number;
  method: string;
  args: unknown;
}

/**
 * A tiny real WebSocket server standing in for the browser host: it checks the token on the
 * upgrade (single use, as the host does), records frames, and lets the test answer them.
 */
export async function startWsHost(token: string) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const frames: FrameIn[] = [];
  const paths: string[] = [];
  let used = false;
  let peer: WebSocket | null = null;
  const waiters: (() => void)[] = [];
  server.on('connection', (socket, req) => {
    paths.push(req.url ?? '');
    const ok = req.url === `/bridge?token=${token}` && !used;
    used = true;
    if (!ok) {
      socket.close(4001, 'bad token');
      return;
    }
    peer = socket;
    socket.on('message', (data) => {
      frames.push(JSON.parse(String(data)) as FrameIn);
      waiters.splice(0).forEach((w) => w());
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    frames,
    paths,
    /** Resolves once at least `n` frames arrived. */
    async frameCount(n: number) {
      while (frames.length < n) await new Promise<void>((r) => waiters.push(r));
    },
    send(frame: unknown) {
      peer?.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
    },
    dropClient() {
      peer?.terminate();
    },
    async close() {
      for (const c of server.clients) c.terminate();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
