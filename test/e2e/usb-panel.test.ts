import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSpiceServer, type LoopbackServer } from '../../src-main/demo/servers.ts';
import { hashPin } from '../../src-main/policy/pin.ts';
import { catalogue, FakeUsbMonitor } from '../fakes/usb.ts';
import { pixel, startKiosk, type Kiosk } from './kiosk.ts';

// The devices panel in the real renderer and Chromium, over the real core and policy, with a
// fake USB monitor injected (this machine has no USB): sign-in, the admin's view, and a device
// plugged in during a real SPICE session. Screenshots go to test-results/screenshots (README).

const PIN = '2468';
let kiosk: Kiosk;
let spice: LoopbackServer;
let dir: string;
const monitor = new FakeUsbMonitor([catalogue.keyboard(), catalogue.mouse(), catalogue.stick(), catalogue.yubikey(), catalogue.headset(), catalogue.printer()]);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thinshell-e2e-usb-'));
  spice = await startSpiceServer({ usbRedir: 2, lifetimeSec: 300 });
  kiosk = await startKiosk(
    {
      terminal: { name: 'e2e-usb-terminal' },
      brokers: [{ type: 'direct', id: 'demo', name: 'thinshell demo', hosts: [{ id: 'spice', name: 'Demo VM (SPICE)', protocol: 'spice', host: spice.host, port: spice.port }] }],
      session: { connectTimeoutSec: 20 },
      kiosk: { adminPinHash: await hashPin(PIN) },
      usb: { onConnect: 'ask', onPlug: 'ask', remember: 'terminal', rules: [{ action: 'deny', class: 'printer', name: 'no printers' }, { action: 'allow', class: 'mass-storage' }] },
    },
    'e2e-usb',
    { usb: { monitor, choicesPath: join(dir, 'usb-choices.json') } },
  );
});

afterAll(async () => {
  await kiosk?.stop();
  await spice?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('the USB devices panel', () => {
  it('from sign-in: the devices, what happens to each and why; a choice goes through main', async () => {
    const { page } = kiosk;
    await page.getByLabel('Username').waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'USB devices' }).click();
    const dialog = page.getByRole('dialog', { name: 'USB devices' });
    await dialog.waitFor();
    const items = dialog.getByRole('listitem');
    await expect.poll(() => items.count()).toBe(6);
    const text = await dialog.innerText();
    expect(text).toContain('Keyboards stay on the terminal');
    expect(text).toContain('Mice stay on the terminal');
    expect(text).toContain('Policy rule #1 deny "no printers"');
    await kiosk.shot('16-usb-devices');
    await dialog.getByRole('button', { name: 'Use SanDisk Ultra in the desktop' }).click();
    await expect.poll(() => dialog.getByRole('listitem').filter({ hasText: 'SanDisk Ultra' }).innerText()).toContain('Goes to the desktop when you connect');
    await page.keyboard.press('Escape');
    await page.getByLabel('Username').waitFor();
  });

  it('the admin sees everything: descriptors, verdicts and the plans', async () => {
    const { page } = kiosk;
    await page.keyboard.press('Control+Alt+s');
    await page.getByLabel('PIN').fill(PIN);
    await page.getByLabel('PIN').press('Enter');
    const settings = page.getByRole('dialog', { name: 'Terminal settings' });
    await settings.waitFor();
    await settings.getByRole('button', { name: 'USB devices' }).click();
    const admin = page.getByRole('region', { name: 'Everything about USB' });
    await admin.waitFor();
    const text = await admin.innerText();
    expect(text).toContain('4C530001230101117453');
    expect(text).toContain('-1,0x0781,0x5581,-1,1|-1,-1,-1,-1,0');
    await admin.getByRole('list', { name: 'Devices' }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await kiosk.shot('17-usb-admin');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Terminal settings' }).getByRole('button', { name: 'Lock' }).click();
    await page.getByLabel('Username').waitFor();
  });

  it('a device plugged in during a SPICE session brings the panel up over the session', async () => {
    const { page } = kiosk;
    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Password').fill('any');
    await page.getByLabel('Password').press('Enter');
    await page.getByRole('option', { name: /Demo VM/ }).click();
    await page.getByRole('heading', { name: /Connected to Demo VM/ }).waitFor({ timeout: 30_000 });
    const reader = catalogue.cardReader();
    monitor.plug(reader);
    const dialog = page.getByRole('dialog', { name: 'USB devices' });
    await dialog.waitFor({ timeout: 10_000 });
    expect(await dialog.innerText()).toContain('OMNIKEY 3x21 Smart Card Reader was plugged in. Use it in the desktop?');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Use OMNIKEY 3x21 Smart Card Reader in the desktop');
    // The shell's window comes above the session window: poll the real display until the
    // dialog's card (--bg-raised, #1d2128) is where the VM's console was.
    await expect
      .poll(async () => pixel(await kiosk.screen('18-usb-offer'), 1035, 300), { timeout: 10_000, interval: 250 })
      .toEqual([0x1d, 0x21, 0x28]);
    await dialog.getByRole('button', { name: 'Use OMNIKEY 3x21 Smart Card Reader in the desktop' }).click();
    await dialog.getByRole('listitem').filter({ hasText: 'OMNIKEY' }).getByText('Applies when the session reconnects.').waitFor();
    // Closed, the panel leaves the session menu it came up in.
    await dialog.getByRole('button', { name: 'Close' }).click();
    const menu = page.getByRole('dialog', { name: 'Session menu' });
    await menu.waitFor();
    await menu.getByRole('button', { name: 'Disconnect' }).click();
    await page.getByRole('heading', { name: 'Session ended' }).waitFor({ timeout: 15_000 });
  });
});
