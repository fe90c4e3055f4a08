import { describe, expect, it } from 'vitest';
import { checkFilter, filterRule, formatFilter, parseFilter, type FilterRule } from '../../../../src-main/usb/usbredir-filter.ts';
import { loadUsbredirLib } from '../../../../src-main/usb/usbredir-lib.ts';
import { catalogue, everyDevice, usbDevice } from '../../../fakes/usb.ts';

// The real libusbredirparser (Debian libusbredirparser1) through koffi: the parser spice-gtk and QEMU use.
const lib = loadUsbredirLib();

describe('usbredir filter strings', () => {
  it('we write them exactly as libusbredirparser writes them back', () => {
    const rules: FilterRule[] = [
      filterRule({ deviceClass: 0x03, allow: false }),
      filterRule({ vendorId: 0x0781, productId: 0x5581, allow: true }),
      filterRule({ deviceClass: 0xef, vendorId: 0x046d, version: 0x0100, allow: true }),
      filterRule({ allow: false }),
    ];
    const text = formatFilter(rules);
    expect(text).toBe('0x03,-1,-1,-1,0|-1,0x0781,0x5581,-1,1|0xef,0x046d,-1,0x0100,1|-1,-1,-1,-1,0');
    expect(lib.normalise(text)).toBe(text);
    expect(lib.parse(text)).toEqual({ ok: true, rules });
    expect(parseFilter(text)).toEqual({ ok: true, rules });
  });

  // Our explanations must agree with the library on what is valid: each of these goes to both.
  const corpus = [
    '', '|', '||', '-1,-1,-1,-1,1', ' -1,-1,-1,-1,1', '-1,-1,-1,-1,1 ', '-1,-1,-1,-1,1|', ',,-1,,-1,-1,-1,1,,', '0x03,-1,-1,-1,0|-1,-1,-1,-1,1',
    '1,2,3', '1,2,3,4,5,6', '08,-1,-1,-1,1', '010,-1,-1,-1,1', '0x100,-1,-1,-1,1', '255,65535,65535,65535,1', '256,-1,-1,-1,1',
    '-1,0x10000,-1,-1,1', '-2,-1,-1,-1,1', 'a,b,c,d,e', '0x,-1,-1,-1,1', '+3,-1,-1,-1,0', '- 1,-1,-1,-1,1', '3,-1,-1,-1,1x', '3,-1,-1,-1,-7',
    '0X0a,0XABCD,-1,-1,1', '3 ,-1,-1,-1,1', '\t3,-1,-1,-1,1',
  ];
  it.each(corpus)('%j: valid for us exactly when valid for libusbredirparser, with the same rules', (text) => {
    const ours = parseFilter(text);
    const theirs = lib.parse(text);
    expect(ours.ok).toBe(theirs.ok);
    if (ours.ok && theirs.ok) expect(ours.rules).toEqual(theirs.rules);
    if (!ours.ok) expect(ours.reason).toMatch(/^rule \d+ /);
  });

  it('says what is wrong in words', () => {
    expect(parseFilter('0x03,-1,-1,-1,0|1,2,3')).toEqual({ ok: false, reason: 'rule 2 ("1,2,3"): expected 5 fields class,vendor,product,version,allow; got 3' });
    expect(parseFilter('08,-1,-1,-1,1')).toMatchObject({ reason: expect.stringContaining('read as octal') });
    expect(parseFilter('0x100,-1,-1,-1,1')).toMatchObject({ reason: expect.stringContaining('class 0x100 is out of range') });
  });

  it('checkFilter gives the verdict usbredirfilter_check gives, for every catalogue device and many filters', () => {
    const filters = [
      '-1,-1,-1,-1,1',
      '-1,-1,-1,-1,0',
      '0x03,-1,-1,-1,0|-1,-1,-1,-1,1',
      '0x08,-1,-1,-1,1',
      '0x01,-1,-1,-1,1|0x0e,-1,-1,-1,1',
      '0x0e,-1,-1,-1,1|-1,0x046d,-1,-1,0|-1,-1,-1,-1,1',
      '-1,0x0781,0x5581,-1,1|-1,-1,-1,-1,0',
      '-1,0x1050,-1,0x0100,1|0x03,-1,-1,-1,0',
      '0xef,-1,-1,-1,1|0x01,-1,-1,-1,1|0x03,-1,-1,-1,1',
      '0x09,-1,-1,-1,0|0x03,-1,-1,-1,1|0xff,-1,-1,-1,1|0x07,-1,-1,-1,1',
      '',
    ];
    const devices = [...everyDevice(), usbDevice({ interfaces: [] }), usbDevice({ deviceClass: 3, interfaces: [{ class: 3, subclass: 0, protocol: 0 }, { class: 3, subclass: 0, protocol: 0 }] })];
    let compared = 0;
    for (const f of filters) {
      const parsed = parseFilter(f);
      if (!parsed.ok) throw new Error(parsed.reason);
      for (const d of devices) {
        expect({ f, d: d.product, r: checkFilter(parsed.rules, d) }).toEqual({ f, d: d.product, r: lib.check(f, d) });
        compared++;
      }
    }
    expect(compared).toBe(filters.length * devices.length);
  });

  it('a keyboard is refused by spice-gtk\'s own default filter, a stick allowed (sanity of the binding)', () => {
    expect(lib.check('0x03,-1,-1,-1,0|-1,-1,-1,-1,1', catalogue.keyboard())).toBe('deny');
    expect(lib.check('0x03,-1,-1,-1,0|-1,-1,-1,-1,1', catalogue.stick())).toBe('allow');
    expect(lib.check('0x08,-1,-1,-1,1', catalogue.printer())).toBe('no-match');
    expect(lib.check('1,2', catalogue.stick())).toBeUndefined();
  });
});
