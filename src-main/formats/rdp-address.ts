/**
 * Host addresses as .rdp files write them (`full address`, `gatewayhostname`): `host`,
 * `host:port`, `[v6]`, `[v6]:port`, and a bare IPv6 literal (more than one ':' and no brackets:
 * all host, as FreeRDP reads it). Returns the bare host (no brackets) or a reason it is unusable.
 */

const HOSTNAME = /^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?$/;
const IPV6 = /^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$/;

export type RdpAddress = { ok: true; host: string; port?: number } | { ok: false; problem: string };

export function parseRdpAddress(text: string): RdpAddress {
  const address = text.trim();
  if (address.length === 0) return { ok: false, problem: 'it is empty' };
  if (address.length > 260) return { ok: false, problem: 'it is too long for a host name' };
  let host: string;
  let portText: string | undefined;
  if (address.startsWith('[')) {
    const close = address.indexOf(']');
    if (close < 0) return { ok: false, problem: 'an IPv6 address without its closing "]"' };
    host = address.slice(1, close);
    const rest = address.slice(close + 1);
    if (rest.length > 0) {
      if (!rest.startsWith(':')) return { ok: false, problem: 'text after the IPv6 address that is not ":port"' };
      portText = rest.slice(1);
    }
    if (!IPV6.test(host)) return { ok: false, problem: 'not an IPv6 address inside the brackets' };
  } else {
    const colons = address.split(':').length - 1;
    if (colons > 1) {
      host = address;
      if (!IPV6.test(host)) return { ok: false, problem: 'not a host name, IPv4 or IPv6 address' };
    } else {
      [host, portText] = colons === 1 ? (address.split(':') as [string, string]) : [address, undefined];
      if (!HOSTNAME.test(host) || host.length > 253) return { ok: false, problem: 'not a host name or IP address' };
    }
  }
  if (portText === undefined) return { ok: true, host };
  const port = parsePort(portText);
  if (port === undefined) return { ok: false, problem: `"${portText.slice(0, 12)}" is not a port from 1 to 65535` };
  return { ok: true, host, port };
}

export function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text.trim())) return undefined;
  const port = Number(text.trim());
  return port >= 1 && port <= 65535 ? port : undefined;
}
