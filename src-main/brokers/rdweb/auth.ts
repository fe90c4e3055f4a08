import { hostname } from 'node:os';
import { ShellError } from '../../contract/index.ts';
import type { Secret } from '../../common/secret.ts';
import type { HttpClient, HttpReply } from '../common/http-client.ts';
import { authenticateMessage, negotiateMessage, NtlmError, parseChallenge } from './ntlm-messages.ts';

/**
 * Signing in to RD Web Access the ways Windows clients do: NTLM (also inside "Negotiate", as
 * raw NTLMSSP tokens, which IIS accepts) over ONE kept-alive connection, since NTLM
 * authenticates the connection rather than the request; or the RD Web forms page, whose
 * `.ASPXAUTH` cookie then rides on every request. `auto` lets the server's first answer choose.
 */

export interface RdwebUser {
  /** As NTLM sends it: `alice` (with domain) or `alice@corp.example` (UPN, no domain). */
  user: string;
  domain: string;
  password: Secret;
}

export type AuthMethod = 'auto' | 'ntlm' | 'forms';

/** Splits what a person types: `CORP\alice`, `alice@corp.example`, or `alice` with a domain field. */
export function rdwebUser(username: string, domain: string | undefined, password: Secret): RdwebUser {
  const slash = username.indexOf('\\');
  if (slash > 0) return { user: username.slice(slash + 1), domain: username.slice(0, slash), password };
  return { user: username, domain: username.includes('@') ? '' : (domain ?? ''), password };
}

const MAX_ROUNDS = 3;

export class RdwebAuth {
  /** Chosen by the first answer under `auto`; `none` when the server wanted no sign-in at all. */
  method: 'ntlm' | 'forms' | 'none' | undefined;
  #scheme: 'NTLM' | 'Negotiate' = 'NTLM';

  constructor(
    private readonly client: HttpClient,
    private readonly feedUrl: URL,
    private readonly wanted: AuthMethod,
    private readonly who: RdwebUser,
    private readonly workstation = hostname().toUpperCase().slice(0, 15),
  ) {}

  /**
   * GET with whatever sign-in it takes; resolves with a 2xx reply or throws a ShellError:
   * `auth-failed` for refused credentials, `broker-bad-reply` for an answer outside the contract.
   */
  async get(url: string, accept: string, signal: AbortSignal, maxBytes?: number): Promise<HttpReply> {
    const headers = { Accept: accept };
    const limit = maxBytes === undefined ? {} : { maxBytes };
    // A forms cookie expires (RD Web: 4 h in private mode): one fresh login per call, not more.
    let loggedInNow = false;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const reply = this.method === 'ntlm' ? await this.#ntlm(url, headers, signal, limit) : await this.client.request({ path: url, headers, signal, ...limit });
      if (reply.status >= 200 && reply.status < 300) {
        this.method ??= 'none';
        return reply;
      }
      const offers = ntlmSchemes(reply);
      if (reply.status === 401 && offers.length > 0 && this.wanted !== 'forms') {
        if (this.method === 'ntlm') throw new ShellError('auth-failed', `${where(url)}: the server refused the user name or password (NTLM)`);
        this.method = 'ntlm';
        this.#scheme = offers.includes('NTLM') ? 'NTLM' : 'Negotiate';
        continue;
      }
      if (isFormsRedirect(reply) || (reply.status === 401 && offers.length === 0)) {
        if (this.wanted === 'ntlm') throw new ShellError('auth-failed', `${where(url)}: the server does not offer NTLM sign-in (policy auth: ntlm)`);
        if (loggedInNow) throw new ShellError('auth-failed', `${where(url)}: the sign-in did not hold (the server asked again)`);
        await this.#formsLogin(reply, signal);
        this.method = 'forms';
        loggedInNow = true;
        continue;
      }
      throw statusError(url, reply);
    }
    throw new ShellError('broker-bad-reply', `${where(url)}: the server keeps asking for sign-in (${MAX_ROUNDS} rounds)`);
  }

  /** One NTLM handshake on one connection, ending with the request itself. */
  async #ntlm(url: string, headers: Record<string, string>, signal: AbortSignal, limit: { maxBytes?: number }): Promise<HttpReply> {
    // Each step belongs to this connection: a retry on another one would be meaningless.
    const first = await this.client.request({ path: url, signal, idempotent: false, headers: { ...headers, Authorization: `${this.#scheme} ${negotiateMessage().toString('base64')}` } });
    if (first.status !== 401) return first; // already authenticated on this connection
    const token = challengeToken(first, this.#scheme);
    if (!token) throw new ShellError('auth-failed', `${where(url)}: the server answered the NTLM negotiation without a challenge (NTLM switched off?)`);
    let challenge;
    try {
      challenge = parseChallenge(token);
    } catch (err) {
      throw new ShellError('broker-bad-reply', `${where(url)}: ${err instanceof NtlmError ? err.message : String(err)}`);
    }
    const auth = authenticateMessage({ challenge, user: this.who.user, domain: this.who.domain, password: this.who.password.reveal(), workstation: this.workstation });
    const final = await this.client.request({ path: url, signal, idempotent: false, ...limit, headers: { ...headers, Authorization: `${this.#scheme} ${auth.toString('base64')}` } });
    if (final.connection !== first.connection) {
      throw new ShellError('broker-bad-reply', `${where(url)}: the connection closed in the middle of the NTLM sign-in (a proxy in between that does not keep connections?)`);
    }
    return final;
  }

  /** The RD Web forms page: POST the user and password; success is the `.ASPXAUTH` cookie. */
  async #formsLogin(reply: HttpReply, signal: AbortSignal): Promise<void> {
    const location = reply.headers.location;
    const login = location && /login\.aspx/i.test(location) ? new URL(location, reply.url) : new URL(this.feedUrl.pathname.replace(/\/Feed\/.*$/i, '/Pages/en-US/login.aspx'), this.feedUrl);
    login.search = '';
    const user = this.who.domain ? `${this.who.domain}\\${this.who.user}` : this.who.user;
    this.client.cookies.delete('.ASPXAUTH');
    const answer = await this.client.request({
      method: 'POST',
      path: login.href,
      signal,
      headers: { Accept: 'text/html' },
      form: { WorkSpaceID: '', RDPCertificates: '', PublicModeTimeout: '20', PrivateModeTimeout: '240', WorkspaceFriendlyName: '', EventLogUploadAddress: '', RedirectorName: '', ClaimsHint: '', ClaimsToken: '', isUtf8: '1', flags: '0', DomainUserName: user, UserPass: this.who.password.reveal(), MachineType: 'private' },
    });
    if (!this.client.cookies.get('.ASPXAUTH')) {
      if (answer.status >= 500) throw statusError(login.href, answer);
      throw new ShellError('auth-failed', `${where(login.href)}: the RD Web sign-in page refused the user name or password`);
    }
  }
}

function where(url: string): string {
  const u = new URL(url);
  return `${u.host}${u.pathname}`;
}

function headerList(reply: HttpReply, name: string): string[] {
  const v = reply.headers[name];
  if (v === undefined) return [];
  // Node joins repeated WWW-Authenticate headers with ", ".
  return (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(/,\s*(?=(?:NTLM|Negotiate|Basic|Bearer|Digest)\b)/i));
}

function ntlmSchemes(reply: HttpReply): ('NTLM' | 'Negotiate')[] {
  const out: ('NTLM' | 'Negotiate')[] = [];
  for (const h of headerList(reply, 'www-authenticate')) {
    const scheme = h.trim().split(/\s+/)[0]?.toLowerCase();
    if (scheme === 'ntlm' && !out.includes('NTLM')) out.push('NTLM');
    if (scheme === 'negotiate' && !out.includes('Negotiate')) out.push('Negotiate');
  }
  return out;
}

function challengeToken(reply: HttpReply, scheme: string): Buffer | undefined {
  for (const h of headerList(reply, 'www-authenticate')) {
    const [name, token] = h.trim().split(/\s+/);
    if (name?.toLowerCase() === scheme.toLowerCase() && token && /^[A-Za-z0-9+/]+=*$/.test(token)) return Buffer.from(token, 'base64');
  }
  return undefined;
}

function isFormsRedirect(reply: HttpReply): boolean {
  return [301, 302, 303, 307].includes(reply.status) && /login\.aspx/i.test(reply.headers.location ?? '');
}

function statusError(url: string, reply: HttpReply): ShellError {
  if (reply.status === 401 || reply.status === 403) return new ShellError('auth-failed', `${where(url)}: HTTP ${reply.status} (this user may not use the feed)`);
  if (reply.status === 404) return new ShellError('broker-bad-reply', `${where(url)}: HTTP 404 - no RD Web feed at this address`);
  if (reply.status >= 500) return new ShellError('broker-unreachable', `${where(url)}: HTTP ${reply.status} ${reply.statusText} (the RD Web server failed)`);
  return new ShellError('broker-bad-reply', `${where(url)}: HTTP ${reply.status} ${reply.statusText}, not what an RD Web feed answers`);
}
