import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Policy } from '../../../src-main/policy/schema.ts';
import { planSession } from '../../../src-main/usb/plan.ts';
import { usbSettingsFor } from '../../../src-main/usb/settings.ts';
import { catalogue } from '../../fakes/usb.ts';
import { buildFakeUsbHost, startFakeUsbHost, type FakeUsbHost } from '../../support/usbredir/fake-usb-host.ts';
import { startQemuUsbredir, type QemuUsbredir } from '../../support/usbredir/qemu-usbredir.ts';

// End to end without USB hardware: the policy's SPICE plan, as a usbredir filter, enforced by a
// real usbredir peer (QEMU's usb-redir device, which applies `filter` with libusbredirparser)
// against a fake USB host speaking usbredir over a TCP chardev; the guest firmware (SeaBIOS on
// xHCI) then enumerates the device it let in.

let build: Awaited<ReturnType<typeof buildFakeUsbHost>>;
const started: { qemu?: QemuUsbredir; host?: FakeUsbHost }[] = [];
beforeAll(async () => (build = await buildFakeUsbHost()));
afterAll(async () => {
  for (const s of started) {
    await s.host?.stop();
    await s.qemu?.stop();
  }
  await build?.remove();
});

const policy = Policy.parse({ usb: { onConnect: 'redirect', default: 'deny', rules: [{ action: 'allow', class: 'mass-storage' }] } });
const stick = catalogue.stick();
const keyboard = catalogue.keyboard();
/** The filter a session would get for a terminal with these two devices plugged in. */
function plannedFilter(): string {
  const plan = planSession('spice', [stick, keyboard], usbSettingsFor(policy.usb, undefined), new Map());
  if (plan.protocol !== 'spice' || !plan.spice.redirectOnConnect) throw new Error('expected a redirect-on-connect filter');
  return plan.spice.redirectOnConnect;
}

async function run(device: typeof stick) {
  const filter = plannedFilter();
  // QEMU's -device syntax needs ':' between fields (',' separates its own options).
  const qemu = await startQemuUsbredir({ filter: filter.replaceAll(',', ':') });
  const host = startFakeUsbHost(build.binary, qemu.port, device);
  started.push({ qemu, host });
  // QEMU's usb-redir talks only while the VM runs: connected first, then the firmware may start.
  await host.waitFor(/^connected$/);
  await qemu.qmp('cont');
  await host.waitFor(/^hello /);
  return { qemu, host, filter };
}

describe('a usb-redir chardev in QEMU and a fake USB host', () => {
  it('the planned filter lets the stick in, and the guest enumerates it (descriptors, address, configuration)', async () => {
    const { qemu, host, filter } = await run(stick);
    // QEMU read our filter and sent it on: libusbredirparser's spelling of it is ours.
    expect(await host.waitFor(/^filter /)).toBe(`filter ${filter}`);
    await host.waitFor(/^control GET_DESCRIPTOR type=1 /);
    await host.waitFor(/^control GET_DESCRIPTOR type=2 /);
    // SET_ADDRESS is QEMU's own business (it never reaches a usbredir host); the configuration does.
    await host.waitFor(/^set_configuration 1$/);
    expect(host.lines).not.toContain('filter-reject');
    // The guest gave it an address (SET_ADDRESS, handled in QEMU) at the speed the host announced.
    const usb = await qemu.hmp('info usb');
    expect(usb).toMatch(/Device 0\.[1-9]\d*, Port 1, Speed 12 Mb\/s, Product USB Redirection Device/);
    // SeaBIOS found a mass-storage device behind xHCI (it has no medium to boot from).
    await expect.poll(() => qemu.biosLog(), { timeout: 20_000 }).toMatch(/USB MSC/);
  });

  it('the same filter keeps a keyboard out: QEMU rejects it, the guest never sees it', async () => {
    const { qemu, host } = await run(keyboard);
    await host.waitFor(/^filter-reject$/);
    // Give the firmware time to scan the (empty) port.
    await expect.poll(() => qemu.biosLog(), { timeout: 20_000 }).toMatch(/XHCI/);
    await new Promise((r) => setTimeout(r, 1500));
    expect(host.lines.filter((l) => l.startsWith('control '))).toEqual([]);
    // The usb-redir port stays empty: no device with an address on it.
    expect(await qemu.hmp('info usb')).not.toMatch(/Device \d+\.[1-9]/);
  });
});
