import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import { feedXml, type FakeResource } from './feed-xml.ts';
import { makeChallenge, messageType, verifyAuthenticate, type Account } from './ntlm-server.ts';

/**
 * A fake RD Web Access server (IIS + RDWeb) on loopback HTTPS, to the contract of [MS-TSWP] and
 * broker-contracts.md: /RDWeb/Feed/webfeed.aspx behind NTLM/Negotiate (the handshake bound to
 * one TCP connection, the NTLMv2 proof checked against the account's password) or behind the
 * forms page /RDWeb/Pages/en-US/login.aspx (`.ASPXAUTH` cookie); .rdp files per resource under
 * /RDWeb/Feed/rdp/. Misbehaviour on request, for the error paths.
 */

export type Misbehaviour = 'none' | 'malformed-xml' | 'truncated' | 'slow' | 'wrong-type' | '5xx' | '401-loop' | 'close-mid-ntlm' | 'rdp-5xx' | 'rdp-garbage';

export interface FakeRdwebOptions {
  tls: { cert: string; key: string };
  accounts: Account[];
  /** What the feed wants: NTLM (offering both Negotiate and NTLM, as IIS does), only Negotiate, or forms. */
  auth: 'ntlm' | 'negotiate' | 'forms';
  resources: FakeResource[];
  /** How long an idle kept-alive connection stays open (IIS: 120 s). Default 30 s. */
  keepAliveMs?: number;
  /** Close connections this long after each reply without saying so first (no Keep-Alive hint). */
  dropIdleAfterMs?: number;
}

export interface RequestRecord {
  method: string;
  path: string;
  accept: string;
  /** The Authorization scheme and NTLM message type, e.g. "NTLM 1". */
  authorization?: string;
  connection: number;
  status?: number;
}

export interface FakeRdweb {
  /** https://localhost:PORT/RDWeb/Feed/webfeed.aspx */
  readonly feedUrl: string;
  readonly port: number;
  readonly requests: RequestRecord[];
  /** Successful sign-ins (user as the client sent it), NTLM or forms. */
  readonly signIns: { method: 'ntlm' | 'forms'; user: string; domain: string }[];
  misbehave(kind: Misbehaviour): void;
  /** Forgets every forms sign-in, as when `.ASPXAUTH` cookies expire. */
  expireCookies(): void;
  stop(): Promise<void>;
}

const FEED = '/RDWeb/Feed/webfeed.aspx';
const LOGIN = '/RDWeb/Pages/en-US/login.aspx';

export async function startFakeRdweb(options: FakeRdwebOptions): Promise<FakeRdweb> {
  let mode: Misbehaviour = 'none';
  const requests: RequestRecord[] = [];
  const signIns: FakeRdweb['signIns'] = [];
  const sockets = new Map<Socket, { id: number; challenge?: Buffer; user?: string }>();
  const cookies = new Set<string>();
  let nextId = 1;
  const held = new Set<ServerResponse>();

  const server: Server = createServer({ cert: options.tls.cert, key: options.tls.key, keepAliveTimeout: options.keepAliveMs ?? 30_000 }, (req, res) => {
    void handle(req, res).catch(() => res.destroy());
  });
  server.on('secureConnection', (socket: Socket) => {
    sockets.set(socket, { id: nextId++ });
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://localhost');
    const conn = sockets.get(req.socket as Socket) ?? { id: 0 };
    const record: RequestRecord = { method: req.method ?? '', path: url.pathname, accept: String(req.headers.accept ?? ''), connection: conn.id };
    requests.push(record);
    const send = (status: number, headers: Record<string, string | string[]>, body: string | Buffer = '') => {
      record.status = status;
      res.writeHead(status, { 'Content-Length': String(Buffer.byteLength(body)), ...headers });
      res.end(body);
      if (options.dropIdleAfterMs !== undefined) {
        const socket = req.socket;
        const timer = setTimeout(() => socket.destroy(), options.dropIdleAfterMs);
        socket.once('data', () => clearTimeout(timer));
      }
    };
    if (url.pathname === LOGIN && req.method === 'POST') return formsLogin(req, send);
    if (url.pathname === LOGIN) return send(200, { 'Content-Type': 'text/html; charset=utf-8' }, loginPage(''));
    const isFeed = url.pathname === FEED;
    const rdp = /^\/RDWeb\/Feed\/rdp\/([^/]+)\.rdp$/.exec(url.pathname);
    if (!isFeed && !rdp) return send(404, { 'Content-Type': 'text/html' }, '<h1>404 Not Found</h1>');
    if (isFeed && mode === '5xx') return send(500, { 'Content-Type': 'text/html' }, '<h1>Server Error in "/RDWeb/Feed" Application.</h1>');

    // Sign-in: the connection (NTLM) or the cookie (forms).
    const authorized = options.auth === 'forms' ? hasCookie(req) : await ntlm(req, conn, record, send);
    if (authorized === 'answered') return;
    if (!authorized) {
      if (options.auth === 'forms') return send(302, { Location: `${LOGIN}?ReturnUrl=${encodeURIComponent(url.pathname)}`, 'Content-Type': 'text/html' }, '<a href="login.aspx">Object moved</a>');
      return send(401, { 'WWW-Authenticate': offers(), 'Content-Type': 'text/html' }, '<h1>401 - Unauthorized</h1>');
    }

    if (rdp) {
      const resource = options.resources.find((r) => encodeURIComponent(r.id) === rdp[1] || r.id === decodeURIComponent(rdp[1]!));
      if (!resource) return send(404, { 'Content-Type': 'text/html' }, 'no such resource');
      if (mode === 'rdp-5xx') return send(503, { 'Content-Type': 'text/html' }, 'Service Unavailable');
      if (mode === 'rdp-garbage') return send(200, { 'Content-Type': 'application/x-rdp' }, Buffer.from([0xfe, 0xff, 0, 1, 2]));
      const body = resource.utf16 ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(resource.rdp, 'utf16le')]) : Buffer.from(resource.rdp);
      return send(200, { 'Content-Type': 'application/x-rdp', 'Content-Disposition': `attachment; filename="${resource.id}.rdp"` }, body);
    }
    const schema = /radc_schema_version=2\.0/.test(record.accept) ? '2.0' : '1.1';
    const xml = feedXml(options.resources, schema);
    const radc = { 'Content-Type': 'application/x-msts-radc+xml; charset=utf-8' };
    switch (mode) {
      case 'malformed-xml':
        return send(200, radc, xml.replace('</Resources>', '</Resourcez>'));
      case 'truncated':
        record.status = 200;
        res.writeHead(200, { ...radc, 'Content-Length': String(xml.length) });
        res.write(xml.slice(0, Math.floor(xml.length / 2)));
        setTimeout(() => res.destroy(), 20);
        return;
      case 'slow':
        held.add(res); // answers never; the client's timeout must end it
        res.on('close', () => held.delete(res));
        return;
      case 'wrong-type':
        return send(200, { 'Content-Type': 'text/html; charset=utf-8' }, loginPage(''));
      default:
        return send(200, radc, xml);
    }
  }

  function offers(): string[] {
    return options.auth === 'negotiate' ? ['Negotiate'] : ['Negotiate', 'NTLM'];
  }

  /** true: this connection is signed in; false: not (send 401); 'answered': a handshake step was sent. */
  async function ntlm(req: IncomingMessage, conn: { id: number; challenge?: Buffer; user?: string }, record: RequestRecord, send: (s: number, h: Record<string, string | string[]>, b?: string) => void): Promise<boolean | 'answered'> {
    const header = String(req.headers.authorization ?? '');
    const m = /^(NTLM|Negotiate)\s+([A-Za-z0-9+/]+=*)$/i.exec(header);
    if (!m) return mode !== '401-loop' && conn.user !== undefined;
    const scheme = m[1]!;
    if (options.auth === 'negotiate' && scheme.toLowerCase() !== 'negotiate') return false;
    const token = Buffer.from(m[2]!, 'base64');
    const type = messageType(token);
    record.authorization = `${scheme} ${type ?? '?'}`;
    if (type === 1) {
      const c = makeChallenge();
      conn.challenge = c.serverChallenge;
      conn.user = undefined;
      send(401, { 'WWW-Authenticate': `${scheme} ${c.message.toString('base64')}`, 'Content-Type': 'text/html' }, '<h1>401 - Unauthorized</h1>');
      if (mode === 'close-mid-ntlm') setImmediate(() => req.socket.destroy());
      return 'answered';
    }
    if (type === 3 && conn.challenge) {
      const verdict = verifyAuthenticate(token, conn.challenge, options.accounts);
      conn.challenge = undefined;
      if (verdict.ok && mode !== '401-loop') {
        conn.user = verdict.user;
        signIns.push({ method: 'ntlm', user: verdict.user, domain: verdict.domain });
        return true;
      }
    }
    return false;
  }

  function hasCookie(req: IncomingMessage): boolean {
    if (mode === '401-loop') return false;
    const m = /(?:^|;\s*)\.ASPXAUTH=([^;]+)/.exec(String(req.headers.cookie ?? ''));
    return m !== null && cookies.has(m[1]!);
  }

  async function formsLogin(req: IncomingMessage, send: (s: number, h: Record<string, string | string[]>, b?: string) => void): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const given = form.get('DomainUserName') ?? '';
    const user = given.includes('\\') ? given.slice(given.indexOf('\\') + 1) : given;
    const account = options.accounts.find((a) => a.user.toLowerCase() === user.toLowerCase() && a.password === form.get('UserPass'));
    if (!account) return send(200, { 'Content-Type': 'text/html; charset=utf-8' }, loginPage('The user name or password that you entered is not valid. Try typing it again.'));
    const token = randomBytes(24).toString('hex').toUpperCase();
    cookies.add(token);
    signIns.push({ method: 'forms', user: account.user, domain: given.includes('\\') ? given.slice(0, given.indexOf('\\')) : '' });
    send(302, { Location: '/RDWeb/Pages/en-US/Default.aspx', 'Set-Cookie': [`.ASPXAUTH=${token}; path=/RDWeb/; secure; HttpOnly`, 'TSWAAuthClientSideCookie=Name=alice&MachineType=private; path=/RDWeb/; secure'], 'Content-Type': 'text/html' }, '');
  }

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  return {
    feedUrl: `https://localhost:${port}${FEED}`,
    port,
    requests,
    signIns,
    misbehave(kind) {
      mode = kind;
    },
    expireCookies() {
      cookies.clear();
    },
    async stop() {
      for (const r of held) r.destroy();
      for (const s of sockets.keys()) s.destroy();
      server.close();
      await once(server, 'close').catch(() => {});
    },
  };
}

function loginPage(error: string): string {
  return `<!DOCTYPE html><html><head><title>RD Web Access</title></head><body><form id="FrmLogin" name="FrmLogin" action="login.aspx?ReturnUrl=%2fRDWeb%2fPages%2fen-US%2fDefault.aspx" method="post"><input type="text" name="DomainUserName"/><input type="password" name="UserPass"/><input type="hidden" name="WorkSpaceID" value=""/></form>${error ? `<span id="trErrorIncorrect">${error}</span>` : ''}</body></html>`;
}
