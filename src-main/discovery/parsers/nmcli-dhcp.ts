import { hexBytes } from './hex.ts';
import type { LeaseOption } from './dhclient-lease.ts';

/** The DHCP options NetworkManager holds for one device. */
export interface NmDevice {
  /** From GENERAL.DEVICE, when it was asked for. */
  device?: string;
  options: LeaseOption[];
}

export interface NmDhcpOutput {
  devices: NmDevice[];
  problems: string[];
}

const namedCodes: Record<string, number> = {
  subnet_mask: 1,
  routers: 3,
  domain_name_servers: 6,
  host_name: 12,
  domain_name: 15,
  vendor_encapsulated_options: 43,
  dhcp_lease_time: 51,
  dhcp_server_identifier: 54,
  domain_search: 119,
};

const maxLines = 10_000;

/**
 * Reads `nmcli -t -f GENERAL.DEVICE,DHCP4 device show [DEV]`: `KEY:VALUE` lines, devices apart
 * by a blank line, `DHCP4.OPTION[n]:name = value`, with `:` and `\` in values written `\:` and
 * `\\` (terse mode). NetworkManager's own DHCP client hands on options 224-254 (but 249, 252) as
 * `private_N = 68:74:...`, lower-case colon hex; with the dhclient back end, `unknown_N`.
 */
export function parseNmcliDhcp(text: string): NmDhcpOutput {
  const devices: NmDevice[] = [];
  const problems: string[] = [];
  let current: NmDevice | undefined;
  const lines = text.split(/\r?\n/);
  if (lines.length > maxLines) return { devices, problems: [`more than ${maxLines} lines; not nmcli output`] };
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') {
      current = undefined;
      return;
    }
    const m = /^([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*(?:\[\d{1,5}\])?):(.*)$/.exec(raw);
    if (!m) {
      problems.push(`line ${line}: not "KEY:VALUE" as nmcli -t writes`);
      return;
    }
    const key = m[1]!;
    const value = unescapeTerse(m[2]!).trim();
    if (key === 'GENERAL.DEVICE') {
      current = { device: value, options: [] };
      devices.push(current);
      return;
    }
    if (!/^DHCP4\.OPTION\[\d+\]$/.test(key)) return; // other fields: nothing discovery reads
    const eq = /^([A-Za-z0-9_]+) = (.*)$/.exec(value);
    if (!eq) {
      problems.push(`line ${line}: ${key} is not "name = value"`);
      return;
    }
    if (!current) {
      current = { options: [] };
      devices.push(current);
    }
    current.options.push(nmOption(eq[1]!, eq[2]!));
  });
  return { devices, problems };
}

function nmOption(name: string, value: string): LeaseOption {
  const numbered = /^(?:private|unknown)_(\d{1,3})$/.exec(name);
  const code = numbered ? Number(numbered[1]) : namedCodes[name];
  const opaque = numbered !== null || name === 'vendor_encapsulated_options';
  const bytes = opaque ? (hexBytes(value) ?? new TextEncoder().encode(value)) : undefined;
  return { name, ...(code !== undefined && code >= 1 && code <= 254 ? { code } : {}), value, ...(bytes ? { bytes } : {}) };
}

/** Terse mode escapes `:` and `\` in values; anything else after a backslash stays as it is. */
function unescapeTerse(value: string): string {
  return value.replace(/\\([:\\])/g, '$1');
}
