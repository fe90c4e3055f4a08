import type { BrokerInfo } from '../../contract/index.ts';
import { silentLogger, type Logger } from '../../common/log.ts';
import type { OvirtBroker, Policy } from '../../policy/schema.ts';
import { HttpClient } from '../common/http-client.ts';
import type { Broker, Credentials, SignInResult } from '../types.ts';
import { OvirtApi } from './api.ts';
import { OvirtSession } from './session.ts';
import { serverBrokerInfo } from '../common/broker-info.ts';

/** `alice` -> `alice@profile` (the form's domain, or policy defaultDomain); a full name stays. */
export function withProfile(username: string, profile: string | undefined): string {
  return username.includes('@') || !profile ? username : `${username}@${profile}`;
}

/**
 * oVirt / RHV: OAuth password sign-in at the engine's SSO, then the user's VMs
 * (`vms?filter=true`), started when down, opened from the console file the engine writes.
 * The credentials stay (as a Secret) for the one fresh sign-in a 401 allows, until sign-out.
 */
export class OvirtBrokerAdapter implements Broker {
  readonly info: BrokerInfo;
  readonly #log: Logger;

  constructor(
    private readonly config: OvirtBroker,
    source: string,
    private readonly policy: Pick<Policy, 'kiosk' | 'session'>,
    options: { log?: Logger } = {},
  ) {
    this.#log = options.log ?? silentLogger;
    this.info = serverBrokerInfo(config, 'ovirt', source, policy.kiosk.allowInsecure);
  }

  async signIn(credentials: Credentials, signal: AbortSignal): Promise<SignInResult> {
    const http = new HttpClient({ url: this.config.url.replace(/\/+$/, ''), tls: this.config.tls, allowInsecure: this.policy.kiosk.allowInsecure, timeoutSec: this.config.timeoutSec, log: this.#log });
    const username = withProfile(credentials.username, credentials.domain || this.config.defaultDomain);
    const api = new OvirtApi(http, { username, password: credentials.password });
    try {
      await api.login(signal);
    } catch (err) {
      http.close();
      throw err;
    }
    return { kind: 'signedIn', session: new OvirtSession(api, username, this.policy.session.connectTimeoutSec) };
  }
}
