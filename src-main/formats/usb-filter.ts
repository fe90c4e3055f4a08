/**
 * The usbredir filter syntax that .vv `usb-filter` and `usb-redirect-on-connect` use (and
 * spice-gtk hands to libusbredirparser's usbredirfilter_string_to_rules): rules joined by `|`,
 * each `class,vendor,product,version,allow`; -1 means any, allow is 0 (block) or else allow; numbers as C's strtol(.., 0) reads
 * them (decimal, 0x hex, 0 octal). spice-gtk drops a filter it cannot parse, so we say so first.
 */

const LIMITS = [
  ['class', 0xff],
  ['vendor', 0xffff],
  ['product', 0xffff],
  ['version', 0xffff],
] as const;

/** strtol(text, &end, 0) that must consume the whole token; undefined when it does not. */
function cNumber(token: string): number | undefined {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(token);
  if (!m) return undefined;
  const digits = m[2]!;
  const value = /^0[xX]/.test(digits) ? parseInt(digits.slice(2), 16) : digits.length > 1 && digits.startsWith('0') ? parseInt(digits, 8) : Number(digits);
  return m[1] === '-' ? -value : value;
}

/** Why the filter would be rejected, in words; undefined when it is a valid filter. */
export function usbFilterProblem(filter: string): string | undefined {
  if (filter.length > 4096) return 'the USB filter is longer than 4096 characters';
  // No rules at all is valid: no device matches.
  const rules = filter.split('|').filter((r) => r !== '');
  for (const [index, rule] of rules.entries()) {
    const where = `USB filter rule ${index + 1} (${JSON.stringify(rule.slice(0, 40))})`;
    const tokens = rule.split(',');
    if (tokens.length !== 5) return `${where} needs 5 values: class,vendor,product,version,allow`;
    const values = tokens.map(cNumber);
    for (const [i, [name, max]] of LIMITS.entries()) {
      const v = values[i];
      if (v === undefined || !(v === -1 || (v >= 0 && v <= max))) return `${where}: the ${name} must be -1 (any) or 0-0x${max.toString(16)}`;
    }
    // Any integer: 0 blocks, anything else allows.
    if (values[4] === undefined) return `${where}: allow must be 1 (allow) or 0 (block)`;
  }
  return undefined;
}
