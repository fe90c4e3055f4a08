import { ShellError } from '../contract/index.ts';
import { RdwebRdp, type BrokerPolicy } from '../policy/schema.ts';
import { directBrokerFromAddress } from './direct/address.ts';

/**
 * Turns a broker address (typed at first-run setup, set as `brokerAddress`, or found by
 * discovery) into a broker entry:
 * - `rdp://host[:port]`, `spice://host[:port]`, a bare `host[:port]`: a direct host;
 * - `pve://host[:port]`, `ovirt://host[:port]`, `rdweb://host[:port]`: that broker at its usual path;
 * - an `https://` URL whose path or port says which broker it is (`/RDWeb/`, `/ovirt-engine`,
 *   port 8006 or `/api2/`).
 */
export function brokerFromAddress(address: string, source: string): BrokerPolicy {
  const text = address.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (!scheme || scheme === 'rdp' || scheme === 'spice') return directBrokerFromAddress(text, source);
  const named = scheme === 'pve' || scheme === 'ovirt' || scheme === 'rdweb' ? scheme : undefined;
  if (!named && scheme !== 'https' && scheme !== 'http') {
    throw new ShellError('no-broker', `"${scheme}://" addresses name a broker type this version cannot use; enter rdp://, spice://, pve://, ovirt://, rdweb:// or https://`);
  }
  let url: URL;
  let port: string;
  try {
    url = new URL(named ? `x-thinshell://${text.slice(scheme.length + 3)}` : text);
    // A scheme without default ports keeps an explicit :443, which an https: URL drops (and
    // Proxmox's default is 8006, not 443).
    port = named ? url.port : new URL(`x-thinshell://${text.slice(scheme.length + 3)}`).port;
  } catch {
    throw new ShellError('invalid-argument', `"${address}" is not a usable address`);
  }
  if (!url.hostname) throw new ShellError('invalid-argument', `"${address}" names no host`);
  if (url.username || url.password) throw new ShellError('invalid-argument', 'a broker address must not carry a user name or password');
  const where: Place = { origin: `${named ? 'https:' : url.protocol}//${url.host}`, hostname: url.hostname, port, path: url.pathname, search: url.search };
  const kind = named ?? kindOfUrl(where);
  if (!kind) {
    throw new ShellError('invalid-argument', `cannot tell which broker "${address}" is; write pve://, ovirt:// or rdweb:// before the host`);
  }
  const base = { id: `${source}-${kind}`, name: url.host, domain: kind === 'rdweb' ? 'optional' : 'hidden' } as const;
  const tls = { ca: [], fingerprints: [], insecure: false };
  switch (kind) {
    case 'pve': {
      const scheme = where.origin.slice(0, where.origin.indexOf('//'));
      return { ...base, type: 'pve', url: `${scheme}//${where.hostname}:${where.port || '8006'}`, tls, timeoutSec: 15, realm: 'pam' };
    }
    case 'ovirt':
      return { ...base, type: 'ovirt', url: withPath(where, '/ovirt-engine'), tls, timeoutSec: 15 };
    case 'rdweb':
      return { ...base, type: 'rdweb', url: withPath(where, '/RDWeb/Feed/webfeed.aspx'), tls, timeoutSec: 15, auth: 'auto', rdp: RdwebRdp.parse({}) };
    default: {
      const never: never = kind;
      throw new Error(`unknown broker kind ${String(never)}`);
    }
  }
}

interface Place {
  /** scheme://host[:port], the scheme always http(s). */
  origin: string;
  hostname: string;
  port: string;
  path: string;
  search: string;
}

function kindOfUrl(url: Place): 'pve' | 'ovirt' | 'rdweb' | undefined {
  const path = url.path.toLowerCase();
  if (path.includes('/rdweb/') || path.endsWith('/rdweb') || path.endsWith('webfeed.aspx')) return 'rdweb';
  if (path.startsWith('/ovirt-engine')) return 'ovirt';
  if (url.port === '8006' || path.startsWith('/api2/')) return 'pve';
  return undefined;
}

/** The URL as given when it has a path; else the broker's usual path on that host. */
function withPath(url: Place, usual: string): string {
  const path = url.path === '/' || url.path === '' ? usual : url.path.replace(/\/+$/, '');
  return `${url.origin}${path}${url.search}`;
}
