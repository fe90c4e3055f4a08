import koffi from 'koffi';
import { describe, expect, it } from 'vitest';
import { usbFilterProblem } from '../../../../src-main/usb/usbredir-filter.ts';

// The real parser spice-gtk hands these strings to (libusbredirparser), through koffi: our check
// must accept exactly what it accepts.
const lib = koffi.load('libusbredirparser.so.1');
const toRules = lib.func('int usbredirfilter_string_to_rules(const char *s, const char *tok, const char *rule, _Out_ void **rules, _Out_ int *count)');
const freeRules = lib.func('void usbredirfilter_free(void *p)');

function libraryAccepts(filter: string): boolean {
  const rules: unknown[] = [null];
  const count = [0];
  const rc = toRules(filter, ',', '|', rules, count) as number;
  if (rules[0]) freeRules(rules[0]);
  return rc === 0;
}

const CASES = [
  '-1,-1,-1,-1,1',
  '0x03,-1,-1,-1,0|-1,-1,-1,-1,1',
  '0x08,0x0781,0x5567,0x0100,1',
  '8,1921,21863,256,1',
  '010,-1,-1,-1,1',
  '-1,-1,-1,-1,1|',
  '|-1,-1,-1,-1,1',
  ' 3,-1,-1,-1,1',
  '',
  '|',
  '-1,-1,-1,1',
  '-1,-1,-1,-1,1,1',
  '-1,-1,-1,-1,2',
  '-1,-1,-1,-1,x',
  '-1,-1,-1,-1,1 ',
  '  ',
  ',,,,',
  '+3,-1,-1,-1,1',
  '0x100,-1,-1,-1,1',
  '-1,0x10000,-1,-1,1',
  '-2,-1,-1,-1,1',
  'x,-1,-1,-1,1',
  '3 ,-1,-1,-1,1',
  '0x,-1,-1,-1,1',
  '09,-1,-1,-1,1',
  '-1,-1,-1,-1,1||-1,-1,-1,-1,0',
  'null',
];

describe('usbFilterProblem', () => {
  it.each(CASES)('%j: the same verdict as libusbredirparser', (filter) => {
    expect(usbFilterProblem(filter) === undefined).toBe(libraryAccepts(filter));
  });

  it('says which rule and which value is wrong', () => {
    expect(usbFilterProblem('-1,-1,-1,-1,1|0x100,-1,-1,-1,1')).toMatch(/rule 2 .*class 0x100 is out of range/);
    expect(usbFilterProblem('-1,-1,-1,1')).toMatch(/rule 1 .*expected 5 fields/);
    expect(usbFilterProblem('-1,-1,-1,-1,yes')).toMatch(/allow "yes" is not a number/);
  });
});
