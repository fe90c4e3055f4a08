import { describe, expect, it } from 'vitest';
import type { UsbSettings } from '../../../../src-main/policy/usb.ts';
import type { UsbDevice } from '../../../../src-main/usb/device.ts';
import { planRdp, urbdrcAutoTakes } from '../../../../src-main/usb/plan-rdp.ts';
import { planDevices, type Choices } from '../../../../src-main/usb/planned.ts';
import { catalogue, usbDevice } from '../../../fakes/usb.ts';
import { settings } from './settings-helper.ts';

const none: Choices = new Map();
const plan = (s: UsbSettings, devices: UsbDevice[], choices: Choices = none) => planRdp(s, planDevices(devices, s, choices), choices);

describe('planRdp', () => {
  it('devices redirected at connect go by bus:address in hex, all in one urbdrc entry', () => {
    const s = settings({ onConnect: 'redirect' });
    const stick = usbDevice({ bus: 1, address: 10, vendorId: 0x0781, productId: 0x5581, interfaces: [{ class: 8, subclass: 6, protocol: 80 }] });
    const reader = usbDevice({ bus: 2, address: 27, vendorId: 0x076b, productId: 0x3031, interfaces: [{ class: 0x0b, subclass: 0, protocol: 0 }] });
    const p = plan(s, [catalogue.keyboard(), stick, reader, catalogue.hub()]);
    expect(p).toEqual({ entries: ['addr,dev:01:0a#02:1b'], auto: false, atConnect: [stick.id, reader.id], notes: [] });
  });

  it('nothing to redirect: no entry at all (urbdrc not loaded)', () => {
    expect(plan(settings(), [catalogue.stick(), catalogue.keyboard()])).toMatchObject({ entries: [], auto: false });
    expect(plan(settings({ enabled: false, onConnect: 'redirect', onPlug: 'redirect' }), [catalogue.stick()])).toMatchObject({ entries: [], auto: false });
  });

  it('auto only where urbdrc, which applies none of our rules, could take nothing the policy refuses', () => {
    expect(plan(settings({ onPlug: 'redirect' }), [])).toMatchObject({ entries: ['auto'], auto: true });
    expect(plan(settings({ onPlug: 'redirect', default: 'deny' }), [])).toMatchObject({ entries: [], auto: false });
    expect(plan(settings({ onPlug: 'redirect', rules: [{ action: 'deny', class: 'printer' }] }), [])).toMatchObject({ auto: false });
    expect(plan(settings({ onPlug: 'redirect' }), [], new Map([['03f0:c511', 'local']]))).toMatchObject({ auto: false });
    const p = plan(settings({ onPlug: 'redirect', onConnect: 'redirect' }), [usbDevice({ bus: 3, address: 4, interfaces: [{ class: 7, subclass: 1, protocol: 2 }] })]);
    expect(p.entries).toEqual(['addr,dev:03:04,auto']);
    expect(plan(settings({ onPlug: 'redirect', default: 'deny' }), []).notes.join()).toMatch(/wait for the next connect/);
  });

  it("urbdrc's own auto filter: no audio, HID, storage, hub or smart card; interfaces only for class-0 devices", () => {
    expect(urbdrcAutoTakes(catalogue.printer())).toBe(true);
    expect(urbdrcAutoTakes(catalogue.serialAdapter())).toBe(true);
    expect(urbdrcAutoTakes(catalogue.stick())).toBe(false);
    expect(urbdrcAutoTakes(catalogue.keyboard())).toBe(false);
    expect(urbdrcAutoTakes(catalogue.headset())).toBe(false);
    expect(urbdrcAutoTakes(catalogue.cardReader())).toBe(false);
    expect(urbdrcAutoTakes(catalogue.hub())).toBe(false);
    // Class 0xef composites are judged by their device class only: urbdrc would take these.
    expect(urbdrcAutoTakes(catalogue.webcam())).toBe(true);
    expect(urbdrcAutoTakes(catalogue.gamingKeyboard())).toBe(true);
  });
});
