import { ShellError, type ErrorCode } from '../../contract/index.ts';
import type { Secret } from '../../common/secret.ts';
import type { HttpClient, HttpReply } from '../common/http-client.ts';
import { anyJson, parseJson } from '../common/json.ts';

/** How requests prove who they are: a ticket (cookie + CSRF header on non-GET) or an API token. */
export type PveAuth =
  | { kind: 'ticket'; ticket: Secret; csrf: string }
  | { kind: 'token'; id: string; secret: Secret };

export interface PveCall {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  form?: Record<string, string | undefined>;
  /** Words for the admin: what this call was for. */
  what: string;
  /** The code for a refusal other than 401 (PVE answers errors as HTTP 500 with the reason as status text). */
  refused?: ErrorCode;
  signal: AbortSignal;
}

/**
 * Proxmox VE's API over the shared client: auth on every call (the cookie is set on the jar;
 * the CSRFPreventionToken header on every non-GET; a token as Authorization instead), and its
 * statuses in contract codes. Returns the parsed JSON for the caller's reply parser.
 */
export class PveApi {
  #auth: PveAuth | undefined;

  constructor(readonly http: HttpClient) {}

  setAuth(auth: PveAuth | undefined): void {
    this.#auth = auth;
    if (auth?.kind === 'ticket') this.http.cookies.set('PVEAuthCookie', auth.ticket.reveal());
    else this.http.cookies.delete('PVEAuthCookie');
  }

  get auth(): PveAuth | undefined {
    return this.#auth;
  }

  async call(call: PveCall): Promise<unknown> {
    const headers: Record<string, string> = {};
    const auth = this.#auth;
    if (auth?.kind === 'token') headers.Authorization = `PVEAPIToken=${auth.id}=${auth.secret.reveal()}`;
    else if (auth?.kind === 'ticket' && call.method !== 'GET') headers.CSRFPreventionToken = auth.csrf;
    const reply = await this.http.request({
      method: call.method,
      path: call.path,
      headers,
      signal: call.signal,
      ...(call.query ? { query: call.query } : {}),
      ...(call.form ? { form: call.form } : {}),
    });
    if (reply.status === 200) return parseJson(reply, anyJson, call.what);
    throw statusError(reply, call);
  }
}

function statusError(reply: HttpReply, call: PveCall): ShellError {
  const reason = `${call.what}: HTTP ${reply.status} ${reply.statusText}`.slice(0, 300);
  if (reply.status === 401) return new ShellError('auth-failed', `${reason} (the sign-in is no longer valid)`);
  if (reply.status === 403) return new ShellError(call.refused ?? 'desktop-unavailable', `${reason} (permission missing)`);
  return new ShellError(call.refused ?? 'broker-bad-reply', reason);
}
