import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { ShellError } from '../../contract/index.ts';
import { silentLogger, type Logger } from '../../common/log.ts';
import type { BrokerTls } from '../../policy/schema.ts';
import { connectionId, VerifyingAgent } from './agent.ts';
import { backoffMs, sleep } from './backoff.ts';
import { CookieJar } from './cookies.ts';
import { isConnectionError, ReplyError, TimeoutError, toBrokerError } from './errors.ts';
import { TlsTrustError, trustRules } from './trust.ts';

export interface HttpClientOptions {
  /** The broker's base URL; request paths are appended to its path. */
  url: string;
  tls: BrokerTls;
  /** kiosk.allowInsecure: without it, `tls.insecure` and http:// are refused. */
  allowInsecure: boolean;
  /** Seconds one attempt (connect to last byte) may take. */
  timeoutSec: number;
  /** Further attempts for requests that may be repeated (default 2). */
  retries?: number;
  /** Largest reply body accepted (default 8 MiB). */
  maxBytes?: number;
  /** One TCP connection at a time, kept alive: for NTLM, which authenticates a connection. */
  singleConnection?: boolean;
  log?: Logger;
  /** Backoff base in ms (tests make it small). */
  backoffBaseMs?: number;
}

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';

export interface HttpRequest {
  method?: HttpMethod;
  /** Appended to the base URL's path (`/access/ticket`), or a full URL on the broker's origin. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  /** Sent as application/x-www-form-urlencoded; undefined values are left out. */
  form?: Record<string, string | undefined>;
  body?: string | Buffer;
  /** Whether sending it twice is harmless. Default: true for GET/HEAD/PUT/DELETE, false for POST. */
  idempotent?: boolean;
  signal: AbortSignal;
  maxBytes?: number;
  timeoutSec?: number;
}

export interface HttpReply {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The TCP connection it came on (see agent.ts connectionId). */
  connection: number;
  url: string;
  text(): string;
}

/** Statuses worth another try of a repeatable request: a proxy or a busy server in front. */
const retryStatuses = new Set([502, 503, 504]);

/**
 * Whether a broker's certificates go unchecked: `tls.insecure` or plain http://, both of which
 * count only with kiosk.allowInsecure (the client refuses them otherwise). BrokerInfo.insecure
 * (the UI's mark) and the client both ask this.
 */
export function certificatesUnchecked(url: string, tls: Pick<BrokerTls, 'insecure'>, allowInsecure: boolean): boolean {
  return allowInsecure && (tls.insecure || /^http:/i.test(url));
}

/**
 * THE HTTP client of every broker: TLS by the broker's rules (system store + policy CAs,
 * pinning, insecure only by double consent), a timeout per attempt, retries with exponential
 * backoff for repeatable requests (connection errors, 502-504, cut-off replies) and, for any
 * request, only when the connection never opened; cancellation by AbortSignal; size limits;
 * a cookie jar; keep-alive connections (one at a time when asked, for NTLM).
 * Every failure is a ShellError with a contract code (errors.ts).
 */
export class HttpClient {
  readonly base: URL;
  readonly cookies = new CookieJar();
  /** True when certificates are not checked (insecure by policy, or plain http). */
  readonly insecure: boolean;
  readonly #agent: HttpAgent;
  readonly #retries: number;
  readonly #maxBytes: number;
  readonly #timeoutMs: number;
  readonly #log: Logger;
  readonly #backoffBase: number;

  constructor(options: HttpClientOptions) {
    try {
      this.base = new URL(options.url);
    } catch {
      throw new ShellError('invalid-argument', `"${options.url}" is not a URL`);
    }
    const plain = this.base.protocol === 'http:';
    if (!plain && this.base.protocol !== 'https:') throw new ShellError('invalid-argument', `${options.url}: only https:// addresses`);
    if (plain && !options.allowInsecure) {
      throw new ShellError('broker-tls', `${this.base.host}: plain http:// sends passwords unprotected; use https:// (or set kiosk.allowInsecure)`);
    }
    this.insecure = certificatesUnchecked(options.url, options.tls, options.allowInsecure);
    const pool = { keepAlive: true, maxSockets: options.singleConnection ? 1 : 6, maxFreeSockets: options.singleConnection ? 1 : 2, timeout: 60_000 };
    try {
      this.#agent = plain ? new HttpAgent(pool) : new VerifyingAgent(trustRules(options.tls, options.allowInsecure), pool);
    } catch (err) {
      throw new ShellError('broker-tls', `${this.base.host}: ${err instanceof TlsTrustError ? err.message : String(err)}`);
    }
    this.#retries = options.retries ?? 2;
    this.#maxBytes = options.maxBytes ?? 8 * 1024 * 1024;
    this.#timeoutMs = options.timeoutSec * 1000;
    this.#log = options.log ?? silentLogger;
    this.#backoffBase = options.backoffBaseMs ?? 200;
  }

  /** The full URL of a request (query included). Never carries secrets: those go in bodies or headers. */
  urlOf(path: string, query?: HttpRequest['query']): URL {
    const url = /^https?:\/\//i.test(path) ? new URL(path) : new URL(this.base.pathname.replace(/\/+$/, '') + path, this.base);
    if (url.origin !== this.base.origin) throw new ShellError('broker-bad-reply', `${url.origin} is not the broker's address ${this.base.origin}`);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    return url;
  }

  /**
   * Sends a request and returns the reply, whatever its status (502-504 are retried first when
   * the request may be repeated). Throws ShellError on everything else that can go wrong.
   */
  async request(req: HttpRequest): Promise<HttpReply> {
    const method = req.method ?? 'GET';
    const repeatable = req.idempotent ?? method !== 'POST';
    const url = this.urlOf(req.path, req.query);
    const where = `${method} ${url.host}${url.pathname}`;
    for (let attempt = 0; ; attempt++) {
      const started = performance.now();
      let outcome: { reply?: HttpReply; error?: unknown; opened: boolean };
      try {
        outcome = await this.#once(url, method, req);
      } catch (err) {
        outcome = { error: err, opened: true };
      }
      const ms = Math.round(performance.now() - started);
      const { reply, error, opened } = outcome;
      if (reply) this.#log.debug('broker request', { request: where, status: reply.status, ms, attempt });
      else this.#log.debug('broker request failed', { request: where, error: (error as Error)?.message, ms, attempt });
      const again =
        attempt < this.#retries &&
        !req.signal.aborted &&
        (reply
          ? repeatable && retryStatuses.has(reply.status)
          : !(error instanceof TlsTrustError) && !(error instanceof TimeoutError) && (isConnectionError(error) || error instanceof ReplyError) && (repeatable || !opened));
      if (!again) {
        if (reply) {
          if (retryStatuses.has(reply.status)) {
            throw new ShellError('broker-unreachable', `${where}: HTTP ${reply.status} ${reply.statusText} (the service behind the address is down or overloaded)`);
          }
          return reply;
        }
        throw toBrokerError(error, where, req.signal);
      }
      await sleep(backoffMs(attempt, this.#backoffBase), req.signal).catch((err: unknown) => {
        throw toBrokerError(err, where, req.signal);
      });
    }
  }

  /** One attempt. `opened` tells whether a connection existed (so the request may have been seen). */
  #once(url: URL, method: HttpMethod, req: HttpRequest): Promise<{ reply?: HttpReply; error?: unknown; opened: boolean }> {
    const limit = req.maxBytes ?? this.#maxBytes;
    const body = req.form ? formBody(req.form) : req.body;
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': 'thinshell', ...req.headers };
    const cookie = this.cookies.header();
    if (cookie && !hasHeader(headers, 'cookie')) headers.Cookie = cookie;
    if (req.form && !hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    if (body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(body));
    return new Promise((resolve) => {
      let opened = false;
      let settled = false;
      let responded = false;
      const finish = (result: { reply?: HttpReply; error?: unknown }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.signal.removeEventListener('abort', onAbort);
        resolve({ ...result, opened });
      };
      const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
      const request: ClientRequest = send(url, { method, headers, agent: this.#agent });
      const timer = setTimeout(() => {
        const seconds = (req.timeoutSec ?? this.#timeoutMs / 1000);
        request.destroy(new TimeoutError(`no complete reply within ${seconds} s`));
      }, req.timeoutSec !== undefined ? req.timeoutSec * 1000 : this.#timeoutMs);
      const onAbort = () => request.destroy(new ShellError('cancelled', 'cancelled'));
      req.signal.addEventListener('abort', onAbort, { once: true });
      if (req.signal.aborted) onAbort();
      let socketId = 0;
      request.on('socket', (socket) => {
        opened = true;
        socketId = connectionId(socket as Socket);
      });
      request.on('error', (error) => {
        // A kept-alive connection the server had already closed: the request never reached it,
        // so even a POST may go again (the case Node's docs describe for reusedSocket).
        if (request.reusedSocket && !responded && (error as { code?: string }).code === 'ECONNRESET') opened = false;
        finish({ error });
      });
      request.on('response', (res: IncomingMessage) => {
        responded = true;
        this.cookies.take(res.headers['set-cookie']);
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > limit) {
          res.destroy();
          request.destroy();
          finish({ error: new ReplyError(`the reply would be ${declared} bytes, more than the ${limit} allowed`) });
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limit) {
            res.destroy();
            request.destroy();
            finish({ error: new ReplyError(`the reply is larger than the ${limit} bytes allowed`) });
          } else chunks.push(chunk);
        });
        res.on('end', () => {
          const data = Buffer.concat(chunks);
          finish({
            reply: {
              status: res.statusCode ?? 0,
              statusText: res.statusMessage ?? '',
              headers: res.headers,
              body: data,
              connection: socketId,
              url: url.href,
              text: () => data.toString('utf8'),
            },
          });
        });
        const cut = (err?: Error) => {
          if (err instanceof TimeoutError || err instanceof ShellError) finish({ error: err });
          else finish({ error: new ReplyError(`the reply was cut off after ${size} bytes`) });
        };
        res.on('error', cut);
        res.on('close', () => {
          if (!res.complete) cut();
        });
      });
      request.end(body);
    });
  }

  /** Closes the kept-alive connections (sign-out, end of a CLI run). */
  close(): void {
    this.#agent.destroy();
  }
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((h) => h.toLowerCase() === name);
}

function formBody(form: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) if (v !== undefined) params.set(k, v);
  return params.toString();
}
