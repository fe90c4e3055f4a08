import { describe, expect, it } from 'vitest';
import type { UsbSettings } from '../../../../src-main/policy/usb.ts';
import { decide } from '../../../../src-main/usb/decide.ts';
import { choiceKey, type UsbDevice } from '../../../../src-main/usb/device.ts';
import { planSpice } from '../../../../src-main/usb/plan-spice.ts';
import { planDevices, type Choices } from '../../../../src-main/usb/planned.ts';
import { loadUsbredirLib } from '../../../../src-main/usb/usbredir-lib.ts';
import { catalogue, everyDevice, usbDevice } from '../../../fakes/usb.ts';
import { settings } from './settings-helper.ts';

const lib = loadUsbredirLib();
const none: Choices = new Map();

function plan(s: UsbSettings, devices: UsbDevice[], choices: Choices = none) {
  return planSpice(s, planDevices(devices, s, choices), choices);
}

describe('planSpice', () => {
  it('defaults (ask on connect and plug): nothing at connect, no autoshare, a filter that takes nothing', () => {
    const p = plan(settings(), everyDevice());
    expect(p).toMatchObject({ enabled: true, autoshare: false, atConnect: [] });
    expect(p.redirectOnConnect).toBeUndefined();
    for (const d of everyDevice()) expect(lib.check(p.filter, d)).not.toBe('allow');
  });

  it('onConnect redirect: the allowed devices present go at connect by vendor:product, and nothing else does', () => {
    const s = settings({ onConnect: 'redirect', default: 'deny', rules: [{ action: 'allow', class: 'mass-storage' }, { action: 'allow', class: 'smart-card' }] });
    const devices = [catalogue.keyboard(), catalogue.stick(), catalogue.cardReader(), catalogue.printer(), catalogue.yubikey()];
    const p = plan(s, devices);
    expect(p.atConnect).toEqual([devices[1]!.id, devices[2]!.id]);
    expect(p.redirectOnConnect).toBe('-1,0x0781,0x5581,-1,1|-1,0x076b,0x3031,-1,1|-1,-1,-1,-1,0');
    // Judged by libusbredirparser, as spice-gtk will: exactly the planned devices pass.
    expect(devices.filter((d) => lib.check(p.redirectOnConnect!, d) === 'allow')).toEqual([devices[1], devices[2]]);
  });

  it('a user choice moves an allowed device either way, never a kept or refused one', () => {
    const s = settings({ onConnect: 'redirect', rules: [{ action: 'deny', class: 'printer' }] });
    const stick = catalogue.stick();
    const printer = catalogue.printer();
    const kb = catalogue.keyboard();
    const choices = new Map([[choiceKey(stick), 'local' as const], [choiceKey(printer), 'redirect' as const], [choiceKey(kb), 'redirect' as const]]);
    const p = plan(s, [stick, printer, kb, catalogue.cardReader()], choices);
    expect(p.redirectOnConnect).toBe('-1,0x076b,0x3031,-1,1|-1,-1,-1,-1,0');
  });

  it('two sticks of one model, one allowed by serial: neither goes at connect, and the plan says why', () => {
    const s = settings({ onConnect: 'redirect', default: 'deny', rules: [{ action: 'allow', class: 'mass-storage', serial: 'OK1' }] });
    const good = catalogue.stick('OK1');
    const other = catalogue.stick('NOPE');
    const p = plan(s, [good, other]);
    expect(p.atConnect).toEqual([]);
    expect(p.ambiguous).toEqual([good.id]);
    expect(p.redirectOnConnect).toBeUndefined();
    expect(p.notes.join('\n')).toMatch(/same model/);
  });

  it('onPlug redirect: autoshare with a filter translated from the rules, keyboards and hubs refused first', () => {
    const s = settings({ onPlug: 'redirect', default: 'deny', rules: [{ action: 'deny', vendor: '0781' }, { action: 'allow', class: 'mass-storage' }, { action: 'allow', class: 'smart-card' }] });
    const p = plan(s, []);
    expect(p.autoshare).toBe(true);
    expect(p.filter).toBe('0x03,-1,-1,-1,0|0x09,-1,-1,-1,0|-1,0x0781,-1,-1,0|0x08,-1,-1,-1,1|0x0b,-1,-1,-1,1|-1,-1,-1,-1,0');
    expect(lib.check(p.filter, catalogue.stick())).toBe('deny');
    expect(lib.check(p.filter, usbDevice({ vendorId: 0x090c, productId: 0x1000, interfaces: [{ class: 8, subclass: 6, protocol: 80 }] }))).toBe('allow');
    expect(lib.check(p.filter, catalogue.cardReader())).toBe('allow');
    expect(lib.check(p.filter, catalogue.keyboard())).toBe('deny');
  });

  it('rules a filter cannot say: a deny gets wider, an allow is left out (with notes)', () => {
    const s = settings({ onPlug: 'redirect', rules: [{ action: 'deny', class: 'mass-storage', serial: 'X' }, { action: 'allow', class: 'video', subclass: 1 }], default: 'deny' });
    const p = plan(s, []);
    expect(p.filter).toBe('0x03,-1,-1,-1,0|0x09,-1,-1,-1,0|0x08,-1,-1,-1,0|-1,-1,-1,-1,0');
    expect(p.notes).toEqual(expect.arrayContaining([expect.stringMatching(/#1: the filter refuses more/), expect.stringMatching(/#2: left out/)]));
  });

  it('devices present that stay (kept, refused, offered, chosen local) are refused by the plug-in filter too', () => {
    const s = settings({ onPlug: 'redirect', onConnect: 'ask' });
    const stick = catalogue.stick();
    const p = plan(s, [stick, catalogue.printer()], new Map([['03f0:c511', 'local']]));
    expect(lib.check(p.filter, stick)).toBe('deny');
    expect(lib.check(p.filter, catalogue.printer())).toBe('deny');
    expect(lib.check(p.filter, catalogue.cardReader())).toBe('allow');
  });

  it('usb.enabled false: enable-usbredir off and a deny-all filter', () => {
    expect(plan(settings({ enabled: false, onConnect: 'redirect', onPlug: 'redirect' }), everyDevice())).toMatchObject({
      enabled: false,
      autoshare: false,
      filter: '-1,-1,-1,-1,0',
      atConnect: [],
    });
  });

  it('a device no filter can refuse (no interfaces) stays: then nothing goes automatically', () => {
    const s = settings({ onConnect: 'redirect', onPlug: 'redirect', rules: [{ action: 'deny', vendor: 'dead' }] });
    const blind = usbDevice({ vendorId: 0xdead, productId: 1, interfaces: [] });
    const p = plan(s, [blind, catalogue.stick()]);
    expect(p).toMatchObject({ autoshare: false, atConnect: [] });
    expect(p.redirectOnConnect).toBeUndefined();
  });
});

/** Random policies over the catalogue: the generated filters never let through what the policy keeps. */
describe('planSpice never lets spice-gtk take a device the policy would not give', () => {
  const classes = [1, 2, 3, 7, 8, 9, 0x0b, 0x0e, 0xef, 0xff, 'hid', 'mass-storage', 'video'] as const;
  const vendors = ['046d', '0781', '1050', '0b0e', '03f0', '076b', '0403', '1532', '096e', '05e3'];
  function rng(seed: number) {
    let x = seed;
    return () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  }
  const pick = <T,>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

  it('for 300 random policies x every catalogue device, by libusbredirparser\'s own check', () => {
    const r = rng(42);
    const devices = [...everyDevice(), catalogue.stick('second')];
    let allowedSomewhere = 0;
    for (let n = 0; n < 300; n++) {
      const rules = Array.from({ length: Math.floor(r() * 5) }, () => {
        const rule: Record<string, unknown> = { action: r() < 0.5 ? 'allow' : 'deny' };
        if (r() < 0.5) rule.class = pick(r, classes);
        if (rule.class !== undefined && r() < 0.2) rule.subclass = Math.floor(r() * 3);
        if (r() < 0.2) rule.interfaceClass = pick(r, classes);
        if (r() < 0.4) rule.vendor = pick(r, vendors);
        if (r() < 0.1) rule.serial = 'A50285BI';
        return rule;
      });
      const s = settings({
        rules,
        default: r() < 0.5 ? 'allow' : 'deny',
        onConnect: r() < 0.5 ? 'redirect' : 'ask',
        onPlug: 'redirect',
        keepLocal: { keyboards: r() < 0.8, mice: r() < 0.8, hubs: r() < 0.8 },
      });
      const present = devices.filter(() => r() < 0.3);
      const p = plan(s, present);
      const staying = new Set(planDevices(present, s, none).filter((d) => d.status !== 'redirected').map((d) => d.device.id));
      for (const d of devices) {
        const verdict = decide(d, s);
        if (p.autoshare && lib.check(p.filter, d) === 'allow') {
          allowedSomewhere++;
          expect({ rules, device: d.product, verdict: verdict.kind }).toEqual({ rules, device: d.product, verdict: 'allow' });
          expect(present.some((x) => staying.has(x.id) && x.vendorId === d.vendorId && x.productId === d.productId)).toBe(false);
        }
        if (p.redirectOnConnect && present.includes(d) && lib.check(p.redirectOnConnect, d) === 'allow') {
          expect(p.atConnect).toContain(d.id);
        }
      }
    }
    // The property is not vacuous: plenty of devices did pass a filter.
    expect(allowedSomewhere).toBeGreaterThan(100);
  });
});
