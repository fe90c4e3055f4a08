import { ShellError, type ErrorCode } from '../../contract/index.ts';
import type { Secret } from '../../common/secret.ts';
import type { HttpClient, HttpReply } from '../common/http-client.ts';
import { anyJson, parseJson, unexpectedStatus } from '../common/json.ts';
import { accessToken, ssoRefusal } from './replies.ts';

export interface OvirtCall {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  body?: string;
  accept?: string;
  what: string;
  refused?: ErrorCode;
  signal: AbortSignal;
}

/**
 * The engine's REST API over the shared client: a Bearer token from the SSO on every call, and
 * on a 401 one fresh sign-in with the same credentials before giving up (tokens time out on the
 * engine's side, e.g. after an engine restart).
 */
export class OvirtApi {
  #token: string | undefined;

  constructor(
    readonly http: HttpClient,
    private readonly credentials: { username: string; password: Secret },
  ) {}

  /** POST sso/oauth/token with the password grant; scope is mandatory. */
  async login(signal: AbortSignal): Promise<void> {
    const reply = await this.http.request({
      method: 'POST',
      path: '/sso/oauth/token',
      form: { grant_type: 'password', scope: 'ovirt-app-api', username: this.credentials.username, password: this.credentials.password.reveal() },
      signal,
    });
    if (reply.status === 200) {
      this.#token = accessToken(parseJson(reply, anyJson, 'sign-in reply'));
      return;
    }
    if (reply.status === 400 || reply.status === 401 || reply.status === 403) {
      let body: unknown;
      try {
        body = JSON.parse(reply.text());
      } catch {
        body = undefined;
      }
      throw ssoRefusal(body);
    }
    throw unexpectedStatus(reply, 'sign-in');
  }

  /** Best effort: tells the SSO the token is done with. */
  async revoke(signal: AbortSignal): Promise<void> {
    const token = this.#token;
    this.#token = undefined;
    if (!token) return;
    await this.http.request({ method: 'POST', path: '/sso/oauth/revoke', form: { token, scope: 'ovirt-app-api' }, signal, timeoutSec: 3 }).catch(() => undefined);
  }

  async call(call: OvirtCall): Promise<HttpReply> {
    let reply = await this.#send(call);
    if (reply.status === 401) {
      await this.login(call.signal);
      reply = await this.#send(call);
      if (reply.status === 401) throw new ShellError('auth-failed', `${call.what}: HTTP 401 even after signing in again`);
    }
    if (reply.status >= 200 && reply.status < 300) return reply;
    const words = `${call.what}: HTTP ${reply.status} ${reply.statusText}`.slice(0, 300);
    if (reply.status === 403 || reply.status === 404) throw new ShellError(call.refused ?? 'desktop-unavailable', words);
    throw new ShellError(call.refused ?? 'broker-bad-reply', words);
  }

  async json(call: OvirtCall): Promise<unknown> {
    return parseJson(await this.call(call), anyJson, call.what);
  }

  #send(call: OvirtCall): Promise<HttpReply> {
    return this.http.request({
      method: call.method,
      path: call.path,
      headers: {
        Authorization: `Bearer ${this.#token ?? ''}`,
        Accept: call.accept ?? 'application/json',
        Version: '4',
        Filter: 'true',
        ...(call.body !== undefined ? { 'Content-Type': 'application/xml' } : {}),
      },
      // A start is harmless to repeat (a running VM refuses it), so it may be retried too.
      idempotent: true,
      signal: call.signal,
      ...(call.query ? { query: call.query } : {}),
      ...(call.body !== undefined ? { body: call.body } : {}),
    });
  }
}
