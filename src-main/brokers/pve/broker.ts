import { ShellError, type BrokerInfo, type SecondFactorMethod } from '../../contract/index.ts';
import { silentLogger, type Logger } from '../../common/log.ts';
import { Secret } from '../../common/secret.ts';
import type { Policy, PveBroker } from '../../policy/schema.ts';
import { HttpClient } from '../common/http-client.ts';
import type { Broker, BrokerSession, Credentials, SignInResult } from '../types.ts';
import { PveApi } from './api.ts';
import { ticketFromReply, type Ticket } from './replies.ts';
import { PveSession } from './session.ts';
import { serverBrokerInfo } from '../common/broker-info.ts';

export interface PveBrokerOptions {
  renewAfterMs?: number;
  log?: Logger;
}

/** `alice` -> `alice@realm`; a name that has a realm keeps it. */
export function withRealm(username: string, realm: string): string {
  return username.includes('@') ? username : `${username}@${realm}`;
}

/**
 * Proxmox VE: ticket sign-in (`user@realm`, the realm from the form's domain or policy), a
 * second factor when the server asks (TOTP, recovery codes), or the policy's API token for an
 * unattended terminal (BrokerInfo.autoSignIn: the shell signs in by itself; typed credentials
 * still sign in as that person). Each sign-in gets its own HTTP client: cookies and pooled
 * connections leave with the user.
 */
export class PveBrokerAdapter implements Broker {
  readonly info: BrokerInfo;
  readonly #log: Logger;

  constructor(
    private readonly config: PveBroker,
    source: string,
    private readonly policy: Pick<Policy, 'kiosk' | 'session'>,
    private readonly options: PveBrokerOptions = {},
  ) {
    this.#log = options.log ?? silentLogger;
    this.info = {
      ...serverBrokerInfo(config, 'pve', source, policy.kiosk.allowInsecure),
      ...(config.apiToken ? { autoSignIn: true } : {}),
    };
  }

  #api(): PveApi {
    const url = `${this.config.url.replace(/\/+$/, '').replace(/\/api2\/json$/, '')}/api2/json`;
    return new PveApi(new HttpClient({ url, tls: this.config.tls, allowInsecure: this.policy.kiosk.allowInsecure, timeoutSec: this.config.timeoutSec, log: this.#log }));
  }

  #session(api: PveApi, user: string): PveSession {
    return new PveSession(api, user, this.config, {
      connectTimeoutSec: this.policy.session.connectTimeoutSec,
      log: this.#log,
      ...(this.options.renewAfterMs !== undefined ? { renewAfterMs: this.options.renewAfterMs } : {}),
    });
  }

  async signIn(credentials: Credentials, signal: AbortSignal): Promise<SignInResult> {
    const api = this.#api();
    try {
      if (!credentials.username) return { kind: 'signedIn', session: await this.#tokenSignIn(api, signal) };
      const username = withRealm(credentials.username, credentials.domain || this.config.realm);
      const reply = await login(api, { username, password: credentials.password.reveal() }, 'auth-failed', signal);
      if (reply.kind === 'ticket') return { kind: 'signedIn', session: this.#ticketSession(api, reply) };
      if (reply.methods.length === 0) {
        throw new ShellError('auth-second-factor-unsupported', `${username} has only ${reply.unsupported.join(', ') || 'unknown'} as a second factor; a terminal can take TOTP or recovery codes`);
      }
      return {
        kind: 'secondFactor',
        methods: reply.methods,
        complete: async (method: SecondFactorMethod, code: string, codeSignal: AbortSignal) => {
          try {
            const form = { username: reply.username, 'tfa-challenge': reply.challenge, password: `${method}:${code}` };
            const done = await login(api, form, 'auth-second-factor-failed', codeSignal);
            if (done.kind !== 'ticket') throw new ShellError('broker-bad-reply', 'the second factor was answered with another challenge');
            return this.#ticketSession(api, done);
          } catch (err) {
            if (!(err instanceof ShellError && err.code === 'auth-second-factor-failed')) api.http.close();
            throw err;
          }
        },
      };
    } catch (err) {
      api.http.close();
      throw err;
    }
  }

  #ticketSession(api: PveApi, ticket: Ticket): BrokerSession {
    api.setAuth({ kind: 'ticket', ticket: new Secret(ticket.ticket), csrf: ticket.csrf });
    return this.#session(api, ticket.username);
  }

  async #tokenSignIn(api: PveApi, signal: AbortSignal): Promise<BrokerSession> {
    const token = this.config.apiToken;
    if (!token) throw new ShellError('auth-failed', 'no user name given, and this broker has no API token');
    api.setAuth({ kind: 'token', id: token.id, secret: new Secret(token.secret) });
    try {
      await api.call({ method: 'GET', path: '/version', what: 'API token check', signal });
    } catch (err) {
      if (err instanceof ShellError && err.code === 'auth-failed') throw new ShellError('auth-failed', `the API token ${token.id} was refused`);
      throw err;
    }
    return this.#session(api, token.id.split('!')[0]!);
  }
}

/** POST /access/ticket; a 401 is the given code (wrong password, or wrong code). */
async function login(api: PveApi, form: Record<string, string>, onRefused: 'auth-failed' | 'auth-second-factor-failed', signal: AbortSignal) {
  try {
    return ticketFromReply(await api.call({ method: 'POST', path: '/access/ticket', form, what: 'sign-in', refused: 'broker-bad-reply', signal }));
  } catch (err) {
    if (err instanceof ShellError && err.code === 'auth-failed') {
      const words = onRefused === 'auth-failed' ? `${form.username}: wrong user name, realm or password` : 'the second-factor code was not accepted';
      throw new ShellError(onRefused, words);
    }
    throw err;
  }
}
