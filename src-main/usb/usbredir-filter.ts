import { classPasses } from './classes.ts';
import type { UsbDevice } from './device.ts';

/**
 * usbredir filter strings, the format spice-gtk reads for remote-viewer's `usb-filter` (the
 * auto-connect filter) and `--spice-usbredir-redirect-on-connect`, and QEMU's usb-redir
 * `filter`: rules `class,vendor,product,version,allow` joined by `|`, -1 for "any".
 * Written exactly as libusbredirparser's usbredirfilter_rules_to_string writes them; the tests
 * check every string we write against the real library (usbredir-lib.ts).
 */
export interface FilterRule {
  /** 0-255 or -1. */
  deviceClass: number;
  vendorId: number;
  productId: number;
  /** bcdDevice or -1. */
  version: number;
  allow: boolean;
}

export const ANY = -1;

export function filterRule(over: Partial<FilterRule> & Pick<FilterRule, 'allow'>): FilterRule {
  return { deviceClass: ANY, vendorId: ANY, productId: ANY, version: ANY, ...over };
}

function hex(n: number, digits: number): string {
  return n === ANY ? '-1' : `0x${n.toString(16).padStart(digits, '0')}`;
}

export function formatFilter(rules: readonly FilterRule[], tokenSep = ',', ruleSep = '|'): string {
  return rules
    .map((r) => [hex(r.deviceClass, 2), hex(r.vendorId, 4), hex(r.productId, 4), hex(r.version, 4), r.allow ? '1' : '0'].join(tokenSep))
    .join(ruleSep);
}

export type ParsedFilter = { ok: true; rules: FilterRule[] } | { ok: false; reason: string };

/** C strtol(s, &end, 0) over the whole token: leading blanks, a sign, 0x hex, 0 octal, decimal. */
function strtol0(token: string): number | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(token);
  if (!m) return undefined;
  const body = m[2]!;
  const value = /^0[xX]/.test(body) ? parseInt(body.slice(2), 16) : body.length > 1 && body.startsWith('0') ? parseInt(body, 8) : parseInt(body, 10);
  return m[1] === '-' ? -value : value;
}

const FIELDS = [
  ['class', 255],
  ['vendor', 0xffff],
  ['product', 0xffff],
  ['version', 0xffff],
] as const;

/**
 * Reads a filter the way usbredirfilter_string_to_rules does (separators work like strtok's:
 * empty pieces are skipped), saying in words what is wrong. The library is the authority; this
 * is for the explanation (`thinshell usb check-filter`) and for planning without the library.
 */
export function parseFilter(text: string, tokenSep = ',', ruleSep = '|'): ParsedFilter {
  const split = (s: string, seps: string) => s.split(new RegExp(`[${seps.replace(/[\]\\^-]/g, '\\$&')}]`)).filter((p) => p !== '');
  const rules: FilterRule[] = [];
  const pieces = split(text, ruleSep);
  for (const [i, piece] of pieces.entries()) {
    const where = `rule ${i + 1} ("${piece.length > 40 ? `${piece.slice(0, 37)}...` : piece}")`;
    const tokens = split(piece, tokenSep);
    if (tokens.length !== 5) return { ok: false, reason: `${where}: expected 5 fields class,vendor,product,version,allow; got ${tokens.length}` };
    const values: number[] = [];
    for (const [f, token] of tokens.entries()) {
      const value = strtol0(token);
      const name = f < 4 ? FIELDS[f]![0] : 'allow';
      if (value === undefined) return { ok: false, reason: `${where}: ${name} "${token}" is not a number (write hex as 0x.., "08" is read as octal)` };
      if (f < 4 && (value < -1 || value > FIELDS[f]![1])) return { ok: false, reason: `${where}: ${name} ${token} is out of range (-1 or 0..${FIELDS[f]![1]})` };
      values.push(value);
    }
    rules.push({ deviceClass: values[0]!, vendorId: values[1]!, productId: values[2]!, version: values[3]!, allow: values[4] !== 0 });
  }
  return { ok: true, rules };
}

export type FilterResult = 'allow' | 'deny' | 'no-match';

function pass(rules: readonly FilterRule[], cls: number, device: UsbDevice): FilterResult {
  for (const r of rules) {
    if (
      (r.deviceClass === ANY || r.deviceClass === cls) &&
      (r.vendorId === ANY || r.vendorId === device.vendorId) &&
      (r.productId === ANY || r.productId === device.productId) &&
      (r.version === ANY || r.version === device.version)
    ) {
      return r.allow ? 'allow' : 'deny';
    }
  }
  return 'no-match';
}

/**
 * What usbredirfilter_check(flags 0) says about a device, as spice-gtk and QEMU call it: a pass
 * with the device class (skipped for class 0x00 and 0xef), then one per interface (skipping
 * non-boot HID interfaces of multi-interface devices, unless all are); every pass must end in
 * an allow rule. A device with no passes at all (class 0, no interfaces known) passes any filter.
 */
export function checkFilter(rules: readonly FilterRule[], device: UsbDevice): FilterResult {
  for (const p of classPasses(device)) {
    const r = pass(rules, p.class, device);
    if (r !== 'allow') return r;
  }
  return 'allow';
}

/** Why spice-gtk / libusbredirparser would reject this filter, in words; undefined when valid. */
export function usbFilterProblem(filter: string): string | undefined {
  if (filter.length > 4096) return 'the USB filter is longer than 4096 characters';
  const parsed = parseFilter(filter);
  return parsed.ok ? undefined : parsed.reason;
}
