import koffi from 'koffi';
import type { UsbDevice } from './device.ts';
import type { FilterResult, FilterRule } from './usbredir-filter.ts';

/**
 * libusbredirparser's filter functions (Debian: libusbredirparser1), through koffi: the very
 * parser and check spice-gtk (remote-viewer) and QEMU run, so `thinshell usb check-filter` and
 * the tests judge our filters by what those programs will read. Loaded on first use, by the
 * CLI and tests only; the kiosk's main process never needs it (planning is pure TypeScript).
 */
export interface UsbredirLib {
  /** usbredirfilter_string_to_rules: the rules, or the library's error (-EINVAL, -ENOMEM). */
  parse(filter: string, tokenSep?: string, ruleSep?: string): { ok: true; rules: FilterRule[] } | { ok: false; errno: number };
  /** usbredirfilter_check (flags 0) of a filter string on a device; undefined if the string does not parse. */
  check(filter: string, device: UsbDevice): FilterResult | undefined;
  /** usbredirfilter_rules_to_string of the parsed string: the library's own spelling of it. */
  normalise(filter: string): string | undefined;
}

const EPERM = 1;
const ENOENT = 2;
let loaded: UsbredirLib | undefined;

export function loadUsbredirLib(path = 'libusbredirparser.so.1'): UsbredirLib {
  if (loaded) return loaded;
  const lib = koffi.load(path);
  const Rule = koffi.struct('usbredirfilter_rule', { device_class: 'int', vendor_id: 'int', product_id: 'int', device_version_bcd: 'int', allow: 'int' });
  const toRules = lib.func('int usbredirfilter_string_to_rules(const char *s, const char *ts, const char *rs, _Out_ usbredirfilter_rule **rules, _Out_ int *count)');
  const toString = lib.func('void *usbredirfilter_rules_to_string(usbredirfilter_rule *rules, int count, const char *ts, const char *rs)');
  const check = lib.func(
    'int usbredirfilter_check(usbredirfilter_rule *rules, int n, uint8_t dc, uint8_t ds, uint8_t dp, uint8_t *ic, uint8_t *is, uint8_t *ip, int icount, uint16_t vid, uint16_t pid, uint16_t bcd, int flags)',
  );
  const free = lib.func('void usbredirfilter_free(void *p)');

  /** Runs fn on the library's own rules array, freed afterwards. */
  const withRules = <T>(filter: string, ts: string, rs: string, fn: (ptr: unknown, count: number) => T): { ok: true; value: T } | { ok: false; errno: number } => {
    const out: unknown[] = [null];
    const count = [0];
    const rc = toRules(filter, ts, rs, out, count) as number;
    if (rc !== 0) return { ok: false, errno: -rc };
    try {
      return { ok: true, value: fn(out[0], count[0]!) };
    } finally {
      if (out[0]) free(out[0]);
    }
  };

  loaded = {
    parse(filter, ts = ',', rs = '|') {
      const r = withRules(filter, ts, rs, (ptr, n) =>
        n === 0 ? [] : (koffi.decode(ptr, Rule, n) as { device_class: number; vendor_id: number; product_id: number; device_version_bcd: number; allow: number }[]),
      );
      if (!r.ok) return r;
      return {
        ok: true,
        rules: r.value.map((x) => ({ deviceClass: x.device_class, vendorId: x.vendor_id, productId: x.product_id, version: x.device_version_bcd, allow: x.allow !== 0 })),
      };
    },
    check(filter, device) {
      const ifs = device.interfaces;
      const bytes = (f: (i: (typeof ifs)[number]) => number) => Uint8Array.from(ifs.length ? ifs.map(f) : [0]);
      const r = withRules(filter, ',', '|', (ptr, n) =>
        check(ptr, n, device.deviceClass, device.deviceSubclass, device.deviceProtocol, bytes((i) => i.class), bytes((i) => i.subclass), bytes((i) => i.protocol), ifs.length, device.vendorId, device.productId, device.version, 0) as number,
      );
      if (!r.ok) return undefined;
      if (r.value === 0) return 'allow';
      if (r.value === -EPERM) return 'deny';
      if (r.value === -ENOENT) return 'no-match';
      throw new Error(`usbredirfilter_check returned ${r.value}`);
    },
    normalise(filter) {
      const r = withRules(filter, ',', '|', (ptr, n) => {
        const p = toString(ptr, n, ',', '|');
        if (!p) return undefined;
        try {
          return koffi.decode(p, 'char', -1) as string;
        } finally {
          free(p);
        }
      });
      return r.ok ? r.value : undefined;
    },
  };
  return loaded;
}
