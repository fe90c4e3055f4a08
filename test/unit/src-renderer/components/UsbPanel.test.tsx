import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Screen, UsbAdminView, UsbDeviceView, UsbView } from '../../../../src-main/contract/index.ts';
import { press, tabTo } from '../helpers/keyboard.ts';
import { renderShell } from '../helpers/render.tsx';
import { signInScreen, viewOf } from '../helpers/views.ts';

const keyboard: UsbDeviceView = { id: '1-1', name: 'Logitech USB Keyboard', ids: '046d:c31c', kind: 'keyboard', status: 'local', why: 'keyboard', canRedirect: false, canKeepLocal: false };
const stick: UsbDeviceView = { id: '1-2', name: 'SanDisk Ultra', ids: '0781:5581', kind: 'storage', status: 'offered', why: 'default', canRedirect: true, canKeepLocal: true };
const printer: UsbDeviceView = { id: '1-3', name: 'HP LaserJet', ids: '03f0:c511', kind: 'printer', status: 'refused', why: 'rule', rule: '#1 deny printer (0x07)', canRedirect: false, canKeepLocal: false };
const usbView = (over: Partial<UsbView> = {}): UsbView => ({ available: true, hotplug: true, devices: [keyboard, stick, printer], ...over });
const session = (menu: boolean): Screen => ({ kind: 'session', desktop: { id: 'vm', name: 'Lab VM', protocol: 'rdp' }, engine: 'native', menu });

describe('USB devices panel', () => {
  it('from sign-in: every device with what happened and why; choices only where policy allows; keyboard only', async () => {
    const { bridge } = await renderShell(viewOf(signInScreen(), { usb: usbView() }));
    const open = screen.getByRole('button', { name: 'USB devices' });
    tabTo(open);
    press(open, 'Enter');
    const dialog = screen.getByRole('dialog', { name: 'USB devices' });
    const list = within(dialog).getByRole('list', { name: 'USB devices on this terminal' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map((i) => i.getAttribute('aria-labelledby') && document.getElementById(i.getAttribute('aria-labelledby')!)?.textContent)).toEqual(['Logitech USB Keyboard', 'SanDisk Ultra', 'HP LaserJet']);
    expect(items[0]!.textContent).toContain('Stays on this terminal — Keyboards stay on the terminal');
    expect(items[1]!.textContent).toContain('Goes to the desktop only if you choose');
    expect(items[2]!.textContent).toContain('Not allowed — Policy rule #1 deny printer (0x07)');
    expect(within(items[0]!).queryAllByRole('button')).toEqual([]);
    expect(within(items[2]!).queryAllByRole('button')).toEqual([]);
    const use = within(items[1]!).getByRole('button', { name: 'Use SanDisk Ultra in the desktop' });
    tabTo(use);
    press(use, 'Enter');
    const keep = within(items[1]!).getByRole('button', { name: 'Keep SanDisk Ultra on this terminal' }) as HTMLButtonElement;
    // The buttons rest while a choice is on its way.
    await expect.poll(() => keep.disabled).toBe(false);
    tabTo(keep);
    press(keep, ' ');
    await expect.poll(() => bridge.callsOf('usbChoose')).toEqual([{ deviceId: '1-2', choice: 'redirect' }, { deviceId: '1-2', choice: 'local' }]);
    expect(document.querySelector('main')?.hasAttribute('inert')).toBe(true);
    press(document.activeElement ?? document.body, 'Escape');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('a terminal without USB says so', async () => {
    await renderShell(viewOf(signInScreen(), { usb: { available: false, reason: 'no-subsystem', hotplug: false, devices: [] } }));
    press(screen.getByRole('button', { name: 'USB devices' }), 'Enter');
    expect(within(screen.getByRole('dialog')).getByRole('status').textContent).toBe('This terminal has no USB: there are no devices to show.');
  });

  it('no USB service at all: no button', async () => {
    await renderShell(viewOf(signInScreen()));
    expect(screen.queryByRole('button', { name: 'USB devices' })).toBeNull();
  });

  it('from the session menu: says what a running session can do; a pending choice offers the reconnect', async () => {
    const pendingStick = { ...stick, status: 'offered' as const, why: 'choice' as const, pending: 'reconnect' as const, canRedirect: false };
    const { bridge } = await renderShell(viewOf(session(true), { usb: usbView({ devices: [keyboard, pendingStick], session: { protocol: 'rdp', engineTakesPlugIns: false } }) }));
    press(screen.getByRole('button', { name: 'USB devices' }), 'Enter');
    const dialog = screen.getByRole('dialog', { name: 'USB devices' });
    expect(dialog.textContent).toContain('A change applies when the session reconnects. Devices plugged in now reach the desktop after a reconnect.');
    expect(dialog.textContent).toContain('Can go to the desktop — Your choice');
    expect(dialog.textContent).toContain('Applies when the session reconnects.');
    press(within(dialog).getByRole('button', { name: 'Reconnect now' }), 'Enter');
    await expect.poll(() => bridge.callsOf('sessionMenu')).toEqual([{ action: 'reconnect' }]);
  });

  it('a device plugged in mid-session comes up by itself, its choice focused; Close goes back to the desktop', async () => {
    const { bridge } = await renderShell(viewOf(session(true), { usb: usbView({ offer: '1-2', session: { protocol: 'spice', engineTakesPlugIns: false } }) }));
    const dialog = screen.getByRole('dialog', { name: 'USB devices' });
    expect(within(dialog).getAllByRole('status')[0]!.textContent).toBe('SanDisk Ultra was plugged in. Use it in the desktop?');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Use SanDisk Ultra in the desktop' }));
    press(within(dialog).getByRole('button', { name: 'Close' }), 'Enter');
    await expect.poll(() => bridge.callsOf('sessionMenu')).toEqual([{ action: 'close' }]);
  });

  it('the admin (unlocked) sees everything: descriptors, verdicts, the plans', async () => {
    const admin: UsbAdminView = {
      monitor: { available: true, hotplug: true },
      settings: { enabled: true, onConnect: 'ask', onPlug: 'ask', remember: 'user', default: 'allow', keepLocal: { keyboards: true, mice: true, hubs: true }, rules: ['#1 deny printer (0x07)'] },
      devices: [{ ...stick, port: '1-2', bus: 1, address: 5, serial: '4C5300', version: '0100', deviceClass: '0x00/0/0', interfaces: ['mass-storage (0x08)/6/80'], verdict: 'allow (default)' }],
      plans: { rdp: { entries: ['addr,dev:01:05'], auto: false, notes: [] }, spice: { enabled: true, autoshare: false, filter: '-1,-1,-1,-1,0', notes: ['a note'] } },
    };
    await renderShell(viewOf(signInScreen(), { admin: { unlocked: true, pinSet: true }, usb: usbView() }), (b) => b.handle('adminUsb', () => admin));
    press(screen.getByRole('button', { name: 'USB devices' }), 'Enter');
    const section = await screen.findByRole('region', { name: 'Everything about USB' });
    expect(within(section).getByRole('list', { name: 'Devices' }).textContent).toContain('serial 4C5300');
    expect(section.textContent).toContain('addr,dev:01:05');
    expect(section.textContent).toContain('#1 deny printer (0x07)');
    expect(section.textContent).toContain('SPICE: a note');
  });

  it('the admin section asks again only when the USB state changes, not for every new view', async () => {
    const admin: UsbAdminView = {
      monitor: { available: true, hotplug: true },
      settings: { enabled: true, onConnect: 'ask', onPlug: 'ask', remember: 'user', default: 'allow', keepLocal: { keyboards: true, mice: true, hubs: true }, rules: [] },
      devices: [],
      plans: { rdp: { entries: [], auto: false, notes: [] }, spice: { enabled: true, autoshare: false, filter: '-1,-1,-1,-1,0', notes: [] } },
    };
    const unlocked = { admin: { unlocked: true, pinSet: true } };
    const { bridge, push } = await renderShell(viewOf(signInScreen(), { ...unlocked, usb: usbView() }), (b) => b.handle('adminUsb', () => admin));
    press(screen.getByRole('button', { name: 'USB devices' }), 'Enter');
    await screen.findByRole('region', { name: 'Everything about USB' });
    expect(bridge.callsOf('adminUsb')).toHaveLength(1);
    push(viewOf(signInScreen(), { ...unlocked, usb: usbView() }));
    push(viewOf(signInScreen(), { ...unlocked, usb: usbView() }));
    expect(bridge.callsOf('adminUsb')).toHaveLength(1);
    push(viewOf(signInScreen(), { ...unlocked, usb: usbView({ devices: [keyboard] }) }));
    await expect.poll(() => bridge.callsOf('adminUsb').length).toBe(2);
  });

  it('in German', async () => {
    await renderShell(viewOf(signInScreen(), { locale: 'de', usb: usbView() }));
    press(screen.getByRole('button', { name: 'USB-Geräte' }), 'Enter');
    const dialog = screen.getByRole('dialog', { name: 'USB-Geräte' });
    expect(within(dialog).getByRole('button', { name: 'SanDisk Ultra im Desktop verwenden' })).toBeTruthy();
    expect(dialog.textContent).toContain('Tastaturen bleiben am Terminal');
  });
});

describe('an offered device, answered', () => {
  it('the panel stays open after the answer (main drops the offer) and shows what follows', async () => {
    const { push } = await renderShell(viewOf(session(true), { usb: usbView({ offer: '1-2', session: { protocol: 'rdp', engineTakesPlugIns: false } }) }));
    press(screen.getByRole('button', { name: 'Use SanDisk Ultra in the desktop' }), 'Enter');
    const answered = { ...stick, why: 'choice' as const, pending: 'reconnect' as const, canRedirect: false };
    push(viewOf(session(true), { usb: usbView({ devices: [keyboard, answered], session: { protocol: 'rdp', engineTakesPlugIns: false } }) }));
    const dialog = screen.getByRole('dialog', { name: 'USB devices' });
    expect(dialog.textContent).toContain('Applies when the session reconnects.');
    expect(within(dialog).getByRole('button', { name: 'Reconnect now' })).toBeTruthy();
  });
});
