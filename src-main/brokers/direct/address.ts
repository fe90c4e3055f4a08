import { ShellError } from '../../contract/index.ts';
import type { DirectBroker } from '../../policy/schema.ts';

const defaultPorts = { rdp: 3389, spice: 5900 } as const;

/**
 * Turns an address typed at first-run setup (or set as `brokerAddress`) into a direct broker
 * with one host: `rdp://host[:port]`, `spice://host[:port]`, or a bare `host[:port]` (RDP).
 * IPv6 literals go in brackets, as in URLs.
 */
export function directBrokerFromAddress(address: string, source: string): DirectBroker {
  const text = address.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme && scheme !== 'rdp' && scheme !== 'spice') {
    throw new ShellError(
      'no-broker',
      `"${scheme}://" addresses name a broker type this version cannot use; enter rdp://host or spice://host`,
    );
  }
  const protocol = scheme === 'spice' ? 'spice' : 'rdp';
  const rest = scheme ? text.slice(scheme.length + 3).replace(/\/+$/, '') : text;
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:/[\]\s]+))(?::(\d{1,5}))?$/.exec(rest);
  const host = m?.[1] ?? m?.[2];
  if (!m || !host) {
    throw new ShellError('invalid-argument', `"${address}" is not a host name, IP address or host:port`);
  }
  const port = m[3] === undefined ? defaultPorts[protocol] : Number(m[3]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ShellError('invalid-argument', `port ${m[3]} is outside 1-65535`);
  }
  const hostForPolicy = m[1] ? `[${host}]` : host;
  const label = m[3] === undefined ? hostForPolicy : `${hostForPolicy}:${port}`;
  return {
    type: 'direct',
    id: `${source}-${protocol}`,
    name: label,
    domain: 'optional',
    hosts: [
      {
        id: 'host',
        name: label,
        protocol,
        host: hostForPolicy,
        port,
        rdp: { security: 'auto', certificate: 'system', fingerprints: [], multimon: false },
        spice: {},
      },
    ],
  };
}
