import { ShellError, type BrokerInfo, type Desktop } from '../../contract/index.ts';
import type { DirectBroker, DirectHost, Policy } from '../../policy/schema.ts';
import type { ConnectionSpec } from '../../sessions/types.ts';
import type { Broker, BrokerSession, Credentials, SignInResult } from '../types.ts';

const defaultPorts = { rdp: 3389, spice: 5900 } as const;

/**
 * The `direct` broker: a host list from policy, no broker server. There is nothing to check a
 * password against here, so sign-in only keeps the credentials for the session; the RDP or
 * SPICE server itself accepts or refuses them when the user connects.
 */
export class DirectBrokerAdapter implements Broker {
  readonly info: BrokerInfo;
  constructor(
    private readonly config: DirectBroker,
    source: string,
    private readonly kiosk: Pick<Policy['kiosk'], 'allowInsecure'>,
  ) {
    const insecure = kiosk.allowInsecure && config.hosts.some((h) => h.protocol === 'rdp' && h.rdp.certificate === 'ignore');
    this.info = {
      id: config.id,
      name: config.name,
      kind: 'direct',
      source,
      domain: config.domain,
      ...(config.defaultDomain ? { defaultDomain: config.defaultDomain } : {}),
      insecure,
    };
  }

  async signIn(credentials: Credentials, signal: AbortSignal): Promise<SignInResult> {
    signal.throwIfAborted();
    if (this.config.domain === 'required' && !credentials.domain) {
      throw new ShellError('invalid-argument', 'this broker needs a domain');
    }
    return { kind: 'signedIn', session: new DirectSession(this.config, credentials, this.kiosk) };
  }
}

class DirectSession implements BrokerSession {
  #credentials: Credentials | undefined;
  readonly user: string;

  constructor(
    private readonly config: DirectBroker,
    credentials: Credentials,
    private readonly kiosk: Pick<Policy['kiosk'], 'allowInsecure'>,
  ) {
    this.#credentials = credentials;
    this.user = credentials.username;
  }

  async listDesktops(signal: AbortSignal): Promise<Desktop[]> {
    signal.throwIfAborted();
    return this.config.hosts.map((h) => ({
      id: h.id,
      name: h.name,
      protocol: h.protocol,
      // A direct host has no broker to ask; its state shows only when the user connects.
      status: 'unknown' as const,
      description: h.description ?? `${h.host}:${h.port ?? defaultPorts[h.protocol]}`,
    }));
  }

  async prepareLaunch(desktopId: string, signal: AbortSignal, onStep: (step: 'prepare') => void): Promise<ConnectionSpec> {
    signal.throwIfAborted();
    onStep('prepare');
    const host = this.config.hosts.find((h) => h.id === desktopId);
    if (!host) throw new ShellError('desktop-unavailable', `no desktop "${desktopId}" at broker ${this.config.id}`);
    const credentials = this.#credentials;
    if (!credentials) throw new ShellError('not-allowed-now', 'signed out');
    return toConnection(host, credentials, this.config.defaultDomain, this.kiosk.allowInsecure);
  }

  async signOut(): Promise<void> {
    this.#credentials = undefined;
  }
}

function toConnection(host: DirectHost, credentials: Credentials, defaultDomain: string | undefined, allowInsecure: boolean): ConnectionSpec {
  const bareHost = host.host.replace(/^\[(.*)\]$/, '$1');
  if (host.protocol === 'spice') {
    return {
      protocol: 'spice',
      host: bareHost,
      title: host.name,
      ...(host.port !== undefined || host.spice.tlsPort === undefined ? { port: host.port ?? defaultPorts.spice } : {}),
      ...(host.spice.tlsPort !== undefined ? { tlsPort: host.spice.tlsPort } : {}),
      ...(credentials.password.empty ? {} : { password: credentials.password }),
      ...(host.spice.ca ? { ca: host.spice.ca } : {}),
      ...(host.spice.hostSubject ? { hostSubject: host.spice.hostSubject } : {}),
      ...(host.spice.proxy ? { proxy: host.spice.proxy } : {}),
    };
  }
  const mode = host.rdp.certificate === 'ignore' && !allowInsecure ? 'system' : host.rdp.certificate;
  const domain = credentials.domain || defaultDomain;
  return {
    protocol: 'rdp',
    host: bareHost,
    port: host.port ?? defaultPorts.rdp,
    username: credentials.username,
    ...(domain ? { domain } : {}),
    password: credentials.password,
    security: host.rdp.security,
    certificate: { mode, fingerprints: host.rdp.fingerprints },
    multimon: host.rdp.multimon,
    title: host.name,
  };
}
