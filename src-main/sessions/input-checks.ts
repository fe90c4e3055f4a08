const HOSTNAME = /^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?$/;
const IPV6 = /^(?:\[([0-9A-Fa-f.]*:[0-9A-Fa-f:.]*)\]|([0-9A-Fa-f.]*:[0-9A-Fa-f:.]*))$/;

/**
 * A host as a client's argument takes it, or undefined when it is neither a host name nor an
 * IP address (so nothing else can ride along into the client's option parser). IPv6 comes back
 * in brackets: FreeRDP 2 splits `/v:a:b` at the last ':'.
 */
export function hostArgument(host: string): string | undefined {
  if (host.length === 0 || host.length > 253) return undefined;
  if (HOSTNAME.test(host)) return host;
  const v6 = IPV6.exec(host);
  return v6 ? `[${v6[1] ?? v6[2]}]` : undefined;
}

export { hasControlCharacters } from '../common/text.ts';

/** A TCP port number: a whole number from 1 to 65535. */
export function isPort(port: unknown): port is number {
  return typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535;
}
