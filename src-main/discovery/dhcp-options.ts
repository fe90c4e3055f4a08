import { addOptionValue } from './candidates.ts';
import type { LeaseOption } from './parsers/dhclient-lease.ts';
import { parseSubOptions, VendorOptionError } from './parsers/vendor-options.ts';
import type { Findings } from './types.ts';

/** Wyse ThinOS reads its virtual desktop broker from option 188. */
export const wyseBrokerOption = 188;
export const vendorOption = 43;

/**
 * What a lease's options say about the broker, best first:
 * 1. the site option (policy `discovery.dhcpOption`, 224-254): a broker address or record;
 * 2. option 43, sub-option of the same number (IGEL nests its 224 in 43 this way);
 * 3. option 188 (Wyse): a broker host or address.
 * `where` names the lease in the detail: "on eth0", "on eth0 (nmcli)".
 */
export function readDhcpOptions(options: readonly LeaseOption[], site: number, where: string, into: Findings, idPrefix = 'dhcp'): void {
  const byCode = (code: number) => options.filter((o) => o.code === code).at(-1);
  const siteOption = byCode(site);
  if (siteOption) {
    addOptionValue(into, bytesOf(siteOption), { source: 'dhcp', detail: `dhcp option ${site} ${where}`, idPrefix: `${idPrefix}-${site}`, rank: 0 });
  }
  const vendor = byCode(vendorOption);
  if (vendor) {
    try {
      const sub = parseSubOptions(bytesOf(vendor)).filter((s) => s.code === site).at(-1);
      if (sub) {
        addOptionValue(into, sub.bytes, { source: 'dhcp', detail: `dhcp option 43 sub-option ${site} ${where}`, idPrefix: `${idPrefix}-43-${site}`, rank: 100 });
      }
    } catch (err) {
      if (!(err instanceof VendorOptionError)) throw err;
      into.problems.push(`dhcp option 43 ${where}: not a list of sub-options (${err.message})`);
    }
  }
  const wyse = byCode(wyseBrokerOption);
  if (wyse) {
    addOptionValue(into, bytesOf(wyse), { source: 'dhcp', detail: `dhcp option 188 ${where}`, idPrefix: `${idPrefix}-188`, rank: 200 });
  }
}

function bytesOf(option: LeaseOption): Uint8Array {
  return option.bytes ?? new TextEncoder().encode(option.value);
}
