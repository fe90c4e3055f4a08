import { request } from 'node:http';
import WebSocket from 'ws';
import type { ServerFrame } from '../../../../../src-main/contract/index.ts';

/** Test helpers that speak to a browser-host server the way a page (or an intruder) would. */

export interface Opened {
  ws: WebSocket;
  /** Every frame received, in order. */
  frames: ServerFrame[];
  next(predicate?: (f: ServerFrame) => boolean): Promise<ServerFrame>;
  closed: Promise<{ code: number; reason: string }>;
}

export function openBridge(url: string, headers: Record<string, string>): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const frames: ServerFrame[] = [];
    const pending: Array<() => boolean> = [];
    const taken = new Set<number>();
    ws.on('message', (data) => {
      frames.push(JSON.parse(String(data)) as ServerFrame);
      for (const attempt of [...pending]) if (attempt()) pending.splice(pending.indexOf(attempt), 1);
    });
    const closed = new Promise<{ code: number; reason: string }>((r) =>
      ws.on('close', (code, reason) => r({ code, reason: reason.toString() })),
    );
    // Resolves with the first matching frame not returned before (replies may arrive out of order).
    const next = (predicate: (f: ServerFrame) => boolean = () => true) =>
      new Promise<ServerFrame>((r) => {
        const attempt = () => {
          const i = frames.findIndex((f, index) => !taken.has(index) && predicate(f));
          if (i < 0) return false;
          taken.add(i);
          r(frames[i]!);
          return true;
        };
        if (!attempt()) pending.push(attempt);
      });
    ws.on('open', () => resolve({ ws, frames, next, closed }));
    ws.on('unexpected-response', (_req, res) => reject(new Error(`refused: ${res.statusCode}`)));
    ws.on('error', reject);
  });
}

/** The HTTP status a refused upgrade got (or 101 when it was accepted). */
export async function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  try {
    const opened = await openBridge(url, headers);
    opened.ws.close();
    return 101;
  } catch (err) {
    const m = /refused: (\d+)/.exec(String(err));
    if (!m) throw err;
    return Number(m[1]);
  }
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw GET (or other method) with the path sent exactly as given: fetch would normalise `..`. */
export function rawRequest(port: number, path: string, options: { method?: string; host?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { host: options.host ?? `127.0.0.1:${port}` } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
