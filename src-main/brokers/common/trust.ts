import { readFileSync } from 'node:fs';
import { checkServerIdentity, createSecureContext, rootCertificates, type SecureContext, type TLSSocket } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import type { BrokerTls } from '../../policy/schema.ts';

/**
 * How one broker's certificate is judged: the system store plus the policy's CAs, optionally
 * pinned, or (only with kiosk.allowInsecure) not at all. Built per broker client (each sign-in);
 * the secure context behind it is cached, so the system store is parsed once per CA set.
 */
export interface TrustRules {
  readonly context: SecureContext;
  /** SHA-256 fingerprints, upper-case hex without colons. */
  readonly pins: ReadonlySet<string>;
  /** Verification off: policy `tls.insecure` AND kiosk.allowInsecure. */
  readonly insecure: boolean;
}

/** A certificate the rules refuse: always `broker-tls`, never retried. */
export class TlsTrustError extends Error {
  override readonly name = 'TlsTrustError';
}

/** By bundle path: each is read once per process. */
const systemStores = new Map<string, string[]>();

/**
 * The system's CA store: Debian's bundle (or $SSL_CERT_FILE), which is what the admin manages
 * with update-ca-certificates; Node's built-in Mozilla list only when that file is unreadable.
 */
function systemCertificates(): string[] {
  const file = process.env.SSL_CERT_FILE || '/etc/ssl/certs/ca-certificates.crt';
  let store = systemStores.get(file);
  if (!store) {
    let found: string[];
    try {
      found = readFileSync(file, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    } catch {
      found = [];
    }
    store = found.length > 0 ? found : [...rootCertificates];
    systemStores.set(file, store);
  }
  return store;
}

/**
 * Secure contexts by (system bundle, policy CAs): building one parses the whole system store
 * (~20 ms here, more on a thin client), and a broker client is made at every sign-in.
 */
const contexts = new Map<string, SecureContext>();
const MAX_CONTEXTS = 32;

function secureContext(ca: readonly string[]): SecureContext {
  const key = [process.env.SSL_CERT_FILE ?? '', ...ca].join('\0');
  let context = contexts.get(key);
  if (!context) {
    // createSecureContext skips what it cannot read: check each policy CA ourselves.
    for (const pem of ca) new X509Certificate(pem);
    context = createSecureContext({ ca: [...systemCertificates(), ...ca] });
    // Policy changes make new keys; old ones are dropped rather than kept for ever.
    if (contexts.size >= MAX_CONTEXTS) contexts.clear();
    contexts.set(key, context);
  }
  return context;
}

export function normaliseFingerprint(print: string): string {
  return print.replace(/^sha256:/i, '').replace(/:/g, '').toUpperCase();
}

export function trustRules(tls: BrokerTls, allowInsecure: boolean): TrustRules {
  let context: SecureContext;
  try {
    context = secureContext(tls.ca);
  } catch (err) {
    throw new TlsTrustError(`a CA in the broker's tls.ca is not a readable PEM certificate (${(err as Error).message})`);
  }
  return { context, pins: new Set(tls.fingerprints.map(normaliseFingerprint)), insecure: tls.insecure && allowInsecure };
}

/** The peer's chain, leaf first, as the server sent it (completed from the store when it verified). */
function peerChain(socket: TLSSocket): X509Certificate[] {
  const chain: X509Certificate[] = [];
  let cert = socket.getPeerCertificate(true);
  const seen = new Set<string>();
  while (cert && cert.raw && !seen.has(cert.fingerprint256) && chain.length < 16) {
    seen.add(cert.fingerprint256);
    chain.push(new X509Certificate(cert.raw));
    cert = cert.issuerCertificate;
  }
  return chain;
}

/**
 * Judges a finished handshake, before a byte of the request leaves. Returns why the peer is
 * refused, or undefined. A pinned leaf passes on its own (the handshake proved the server holds
 * its key); a pinned CA must really have issued the chain down to a leaf that names the host.
 */
export function judgePeer(socket: TLSSocket, host: string, rules: TrustRules): TlsTrustError | undefined {
  if (rules.insecure) return undefined;
  if (rules.pins.size === 0) {
    return socket.authorized ? undefined : new TlsTrustError(`the certificate of ${host} is not trusted (${String(socket.authorizationError)})`);
  }
  const chain = peerChain(socket);
  const prints = chain.map((c) => normaliseFingerprint(c.fingerprint256));
  if (prints[0] !== undefined && rules.pins.has(prints[0])) return undefined;
  const at = prints.findIndex((p) => rules.pins.has(p));
  if (at < 0) return new TlsTrustError(`the certificate of ${host} (SHA-256 ${prints[0] ?? 'none'}) matches no pinned fingerprint`);
  for (let i = 0; i < at; i++) {
    const child = chain[i]!;
    const parent = chain[i + 1]!;
    if (!child.checkIssued(parent) || !child.verify(parent.publicKey)) {
      return new TlsTrustError(`the chain of ${host} does not lead to the pinned certificate`);
    }
  }
  const leaf = chain[0]!;
  const now = Date.now();
  if (now < Date.parse(leaf.validFrom) || now > Date.parse(leaf.validTo)) {
    return new TlsTrustError(`the certificate of ${host} is outside its validity (${leaf.validFrom} - ${leaf.validTo})`);
  }
  const identity = checkServerIdentity(host, socket.getPeerCertificate());
  return identity ? new TlsTrustError(`the certificate does not name ${host} (${identity.message})`) : undefined;
}
