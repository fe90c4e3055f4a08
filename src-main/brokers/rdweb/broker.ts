import { ShellError, type BrokerInfo, type ConnectStep, type Desktop } from '../../contract/index.ts';
import { silentLogger, type Logger } from '../../common/log.ts';
import { parseRdpFile, RdpFileError } from '../../formats/rdp.ts';
import { MAX_RDP_BYTES } from '../../formats/rdp-lines.ts';
import { rdpConnectionFromFile, type RdpRules } from '../../formats/rdp-connection.ts';
import type { Policy, RdwebBroker } from '../../policy/schema.ts';
import type { ConnectionSpec } from '../../sessions/types.ts';
import { HttpClient } from '../common/http-client.ts';
import type { Broker, BrokerSession, Credentials, SignInResult } from '../types.ts';
import { RdwebAuth, rdwebUser } from './auth.ts';
import { FeedError, MAX_FEED_BYTES, parseFeed, type FeedResource } from './feed.ts';
import { serverBrokerInfo } from '../common/broker-info.ts';

/** What Windows' RemoteApp and Desktop Connections asks for: the 2.0 schema (else 1.1 comes). */
export const FEED_ACCEPT = 'application/x-msts-radc+xml; radc_schema_version=2.0';
const RDP_ACCEPT = 'application/x-rdp, text/plain;q=0.5, */*;q=0.1';

/**
 * The RD Web Access broker ([MS-TSWP]): sign-in is fetching the feed (NTLM or forms), the
 * desktops are its Desktops and RemoteApps, and a launch downloads the resource's .rdp with the
 * same sign-in and hands it, with the feed's credentials, to the RDP engine.
 */
export class RdwebBrokerAdapter implements Broker {
  readonly info: BrokerInfo;

  constructor(
    private readonly config: RdwebBroker,
    source: string,
    private readonly kiosk: Pick<Policy['kiosk'], 'allowInsecure'>,
    private readonly log: Logger = silentLogger,
  ) {
    this.info = serverBrokerInfo(config, 'rdweb', source, kiosk.allowInsecure);
  }

  async signIn(credentials: Credentials, signal: AbortSignal): Promise<SignInResult> {
    signal.throwIfAborted();
    if (this.config.domain === 'required' && !credentials.domain && !/[\\@]/.test(credentials.username)) {
      throw new ShellError('invalid-argument', 'this broker needs a domain');
    }
    const client = new HttpClient({
      url: this.config.url,
      tls: this.config.tls,
      allowInsecure: this.kiosk.allowInsecure,
      timeoutSec: this.config.timeoutSec,
      singleConnection: true,
      log: this.log.child('http'),
    });
    const who = rdwebUser(credentials.username, credentials.domain || this.config.defaultDomain, credentials.password);
    const auth = new RdwebAuth(client, client.base, this.config.auth, who, this.config.workstation);
    try {
      const resources = await fetchFeed(auth, client, signal, this.log);
      this.log.info('rd web feed', { broker: this.config.id, method: auth.method, resources: resources.length });
      return { kind: 'signedIn', session: new RdwebSession(this.config, this.kiosk.allowInsecure, credentials, client, auth, resources, this.log) };
    } catch (err) {
      client.close();
      throw err;
    }
  }
}

async function fetchFeed(auth: RdwebAuth, client: HttpClient, signal: AbortSignal, log: Logger): Promise<FeedResource[]> {
  const reply = await auth.get(client.base.href, FEED_ACCEPT, signal, MAX_FEED_BYTES);
  const type = String(reply.headers['content-type'] ?? '');
  if (!/xml/i.test(type)) throw new ShellError('broker-bad-reply', `${client.base.host}: the feed came as "${type.slice(0, 60) || 'no type'}", not application/x-msts-radc+xml (is this an RD Web feed address?)`);
  try {
    const feed = parseFeed(reply.text(), reply.url);
    for (const w of feed.warnings) log.warn('rd web feed', { warning: w });
    return feed.resources.filter((r) => r.showByDefault);
  } catch (err) {
    if (err instanceof FeedError) throw new ShellError('broker-bad-reply', `${client.base.host}: ${err.message}`);
    throw err;
  }
}

class RdwebSession implements BrokerSession {
  readonly user: string;
  #credentials: Credentials | undefined;
  #fresh = true;

  constructor(
    private readonly config: RdwebBroker,
    private readonly allowInsecure: boolean,
    credentials: Credentials,
    private readonly client: HttpClient,
    private readonly auth: RdwebAuth,
    private resources: FeedResource[],
    private readonly log: Logger,
  ) {
    this.#credentials = credentials;
    this.user = credentials.username;
  }

  async listDesktops(signal: AbortSignal): Promise<Desktop[]> {
    this.#live();
    // The first list is the feed sign-in just read; later ones (Refresh) read it again.
    if (this.#fresh) this.#fresh = false;
    else this.resources = await fetchFeed(this.auth, this.client, signal, this.log);
    if (this.resources.length === 0) throw new ShellError('no-desktops', `${this.client.base.host}: the feed offers this user no desktops or RemoteApps`);
    return this.resources.map((r) => ({
      id: r.id,
      name: r.title,
      protocol: 'rdp' as const,
      // RD Web publishes what may be used; it says nothing about whether a host is up.
      status: 'unknown' as const,
      description: [r.type === 'RemoteApp' ? 'RemoteApp' : 'Desktop', ...r.folders.filter((f) => f !== '/')].join(' · '),
    }));
  }

  async prepareLaunch(desktopId: string, signal: AbortSignal, onStep: (step: ConnectStep) => void): Promise<ConnectionSpec> {
    const credentials = this.#live();
    onStep('prepare');
    const resource = this.resources.find((r) => r.id === desktopId);
    if (!resource) throw new ShellError('desktop-unavailable', `no resource "${desktopId}" in the feed of ${this.config.id}`);
    onStep('contact');
    const reply = await this.auth.get(resource.rdpUrl, RDP_ACCEPT, signal, MAX_RDP_BYTES);
    let file;
    try {
      file = parseRdpFile(new Uint8Array(reply.body));
    } catch (err) {
      if (err instanceof RdpFileError) throw new ShellError('broker-bad-reply', `the .rdp file of "${resource.title}" is unusable: ${err.message}`);
      throw err;
    }
    // The feed's credentials, split as NTLM sent them (CORP\alice: user alice in domain CORP).
    const who = rdwebUser(credentials.username, credentials.domain || this.config.defaultDomain, credentials.password);
    const { connection, warnings } = rdpConnectionFromFile(file, rules(this.config, this.allowInsecure), { username: who.user, ...(who.domain ? { domain: who.domain } : {}), password: who.password }, resource.title);
    for (const w of [...file.warnings, ...warnings]) this.log.info('rdp file', { resource: resource.id, ...w });
    if (resource.type === 'RemoteApp' && !connection.remoteApp) this.log.warn('rdp file', { resource: resource.id, message: 'a RemoteApp whose file opens a desktop' });
    return connection;
  }

  async signOut(): Promise<void> {
    this.#credentials = undefined;
    this.client.cookies.clear();
    this.client.close();
  }

  #live(): Credentials {
    if (!this.#credentials) throw new ShellError('not-allowed-now', 'signed out');
    return this.#credentials;
  }
}

/** The broker's `rdp` policy as rules for the file mapping; `ignore` counts only with allowInsecure. */
function rules(config: RdwebBroker, allowInsecure: boolean): RdpRules {
  const r = config.rdp;
  return {
    security: r.security,
    certificate: { mode: r.certificate === 'ignore' && !allowInsecure ? 'system' : r.certificate, fingerprints: [...r.fingerprints] },
    redirect: { ...r.redirect, drives: r.redirect.drives.map((d) => ({ ...d })) },
  };
}
