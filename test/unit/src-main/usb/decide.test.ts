import { describe, expect, it } from 'vitest';
import { Policy } from '../../../../src-main/policy/schema.ts';
import { decide } from '../../../../src-main/usb/decide.ts';
import { catalogue, usbDevice } from '../../../fakes/usb.ts';
import { settings } from './settings-helper.ts';

describe('decide: the policy on one device', () => {
  it('keyboards, mice and hubs stay local by default, whole composite devices included', () => {
    const s = settings();
    expect(decide(catalogue.keyboard(), s)).toEqual({ kind: 'keep-local', why: 'keyboard' });
    expect(decide(catalogue.mouse(), s)).toEqual({ kind: 'keep-local', why: 'mouse' });
    expect(decide(catalogue.hub(), s)).toEqual({ kind: 'keep-local', why: 'hub' });
    // OTP keyboard interface + FIDO + CCID: the keyboard part keeps the whole key here.
    expect(decide(catalogue.yubikey(), s)).toEqual({ kind: 'keep-local', why: 'keyboard' });
    expect(decide(catalogue.gamingKeyboard(), s)).toEqual({ kind: 'keep-local', why: 'keyboard' });
    // Non-boot HID (FIDO, a headset's buttons) is not a keyboard.
    expect(decide(catalogue.fidoKey(), s)).toEqual({ kind: 'allow', why: 'default' });
    expect(decide(catalogue.headset(), s)).toEqual({ kind: 'allow', why: 'default' });
  });

  it('protections can be switched off; then the rules decide', () => {
    const s = settings({ keepLocal: { keyboards: false }, rules: [{ action: 'allow', vendor: '1050' }] });
    expect(decide(catalogue.yubikey(), s)).toMatchObject({ kind: 'allow', why: 'rule', rule: { index: 0 } });
    expect(decide(catalogue.mouse(), s)).toEqual({ kind: 'keep-local', why: 'mouse' });
  });

  it('the first matching rule decides, in the admin\'s order; else the default', () => {
    const s = settings({
      default: 'deny',
      rules: [
        { action: 'deny', class: 'mass-storage', vendor: '0781', serial: 'BAD' },
        { action: 'allow', class: 'mass-storage', name: 'USB sticks' },
        { action: 'deny', vendor: '0781' },
      ],
    });
    expect(decide(catalogue.stick('BAD'), s)).toMatchObject({ kind: 'deny', rule: { index: 0 } });
    expect(decide(catalogue.stick('GOOD'), s)).toEqual({ kind: 'allow', why: 'rule', rule: { index: 1, text: '#2 allow "USB sticks"' } });
    expect(decide(catalogue.printer(), s)).toEqual({ kind: 'deny', why: 'default' });
  });

  it('class matches the device class or an interface class, subclass and protocol the same descriptor', () => {
    const s = settings({ default: 'deny', rules: [{ action: 'allow', class: 3, subclass: 0, protocol: 0 }, { action: 'allow', class: 'video' }] });
    expect(decide(catalogue.fidoKey(), s).kind).toBe('allow');
    expect(decide(catalogue.webcam(), s)).toMatchObject({ kind: 'allow', rule: { index: 1 } });
    expect(decide(catalogue.printer(), s).kind).toBe('deny');
  });

  it("a headset's non-boot HID buttons do not make it HID (as usbredir skips them); a FIDO key's only interfaces do", () => {
    const s = settings({ rules: [{ action: 'deny', class: 'hid' }] });
    expect(decide(catalogue.headset(), s).kind).toBe('allow');
    expect(decide(catalogue.fidoKey(), s).kind).toBe('deny');
  });

  it('interfaceClass looks at interfaces only; vendor/product compare as hex', () => {
    const dev = usbDevice({ vendorId: 0xabcd, productId: 0x0001, deviceClass: 0xff, interfaces: [{ class: 8, subclass: 6, protocol: 80 }] });
    expect(decide(dev, settings({ default: 'deny', rules: [{ action: 'allow', interfaceClass: 255 }] })).kind).toBe('deny');
    expect(decide(dev, settings({ default: 'deny', rules: [{ action: 'allow', interfaceClass: 'mass-storage' }] })).kind).toBe('allow');
    expect(decide(dev, settings({ default: 'deny', rules: [{ action: 'allow', vendor: '0xABCD', product: '0001' }] })).kind).toBe('allow');
    expect(decide(dev, settings({ default: 'deny', rules: [{ action: 'allow', vendor: 'abcd', product: '0002' }] })).kind).toBe('deny');
  });

  it('usb.enabled false refuses everything, even what a rule allows', () => {
    expect(decide(catalogue.stick(), settings({ enabled: false, rules: [{ action: 'allow' }] }))).toEqual({ kind: 'deny', why: 'disabled' });
  });

  it('a broker override replaces keys, and its rules replace the list whole', () => {
    const input = { default: 'deny', rules: [{ action: 'allow', class: 'printer' }], brokers: { lab: { rules: [{ action: 'allow', class: 'mass-storage' }] } } };
    expect(decide(catalogue.printer(), settings(input)).kind).toBe('allow');
    expect(decide(catalogue.printer(), settings(input, 'lab')).kind).toBe('deny');
    expect(decide(catalogue.stick(), settings(input, 'lab')).kind).toBe('allow');
    expect(decide(catalogue.stick(), settings(input, 'other')).kind).toBe('deny');
  });
});

describe('the usb policy schema', () => {
  const problems = (usb: unknown) => {
    const r = Policy.safeParse({ usb });
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('defaults: on, keyboards/mice/hubs local, allow, ask on connect and plug, remembered per user', () => {
    expect(Policy.parse({}).usb).toEqual({
      enabled: true,
      keepLocal: { keyboards: true, mice: true, hubs: true },
      rules: [],
      default: 'allow',
      onConnect: 'ask',
      onPlug: 'ask',
      remember: 'user',
      brokers: {},
    });
  });

  it('refuses malformed rules and overrides with the key that is wrong', () => {
    expect(problems({ rules: [{ action: 'maybe' }] })).toEqual([expect.stringMatching(/^usb\.rules\.0\.action/)]);
    expect(problems({ rules: [{ action: 'allow', vendor: '781' }] })).toEqual(['usb.rules.0.vendor: four hex digits, e.g. "0781"']);
    expect(problems({ rules: [{ action: 'allow', class: 256 }] })).toHaveLength(1);
    expect(problems({ rules: [{ action: 'allow', class: 'toaster' }] })).toHaveLength(1);
    expect(problems({ rules: [{ action: 'allow', protocol: 1 }] })).toEqual(['usb.rules.0.subclass: subclass and protocol need a class']);
    expect(problems({ rules: [{ action: 'allow', colour: 'red' }] })).toHaveLength(1);
    expect(problems({ brokers: { 'bad id!': {} } })).toHaveLength(1);
    expect(problems({ brokers: { lab: { brokers: {} } } })).toHaveLength(1);
    expect(problems({ remember: 'forever' })).toHaveLength(1);
  });

  it('a parsed policy parses again to itself (layers are re-checked over the defaults)', () => {
    const once = Policy.parse({ usb: { rules: [{ action: 'allow', class: 'hid', subclass: 0, vendor: '0x046D' }], brokers: { b: { onPlug: 'redirect' } } } });
    expect(Policy.parse(JSON.parse(JSON.stringify(once)))).toEqual(once);
  });
});

describe('broker overrides of keepLocal', () => {
  it('change only the keys they name', () => {
    const s = settings({ keepLocal: { keyboards: false }, brokers: { b: { keepLocal: { hubs: false } } } }, 'b');
    expect(s.keepLocal).toEqual({ keyboards: false, mice: true, hubs: false });
  });
});
