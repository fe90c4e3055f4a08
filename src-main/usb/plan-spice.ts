import type { UsbRule, UsbSettings } from '../policy/usb.ts';
import { classCode, classPasses } from './classes.ts';
import { vidPid, type UsbDevice } from './device.ts';
import type { Choices, PlannedDevice } from './planned.ts';
import { checkFilter, filterRule, formatFilter, type FilterRule } from './usbredir-filter.ts';

/**
 * SPICE (remote-viewer / spice-gtk): what the .vv and the command line say about USB.
 * - `redirectOnConnect`: the devices redirected when the session starts, by vendor:product;
 *   virt-viewer 11 reads it only as `--spice-usbredir-redirect-on-connect`, not from the .vv.
 * - `filter` (`usb-filter`, spice-gtk's auto-connect filter): what remote-viewer shares by
 *   itself while `autoshare` is on, i.e. devices plugged in mid-session. A usbredir filter knows
 *   only class, vendor, product and version, so the policy is translated conservatively: a deny
 *   loses the conditions a filter cannot say (it refuses more), an allow that needs them is left
 *   out (it allows less). The filter never allows what the policy would not.
 */
export interface SpicePlan {
  enabled: boolean;
  autoshare: boolean;
  filter: string;
  redirectOnConnect?: string;
  /** Ids of the present devices that go to the desktop when it starts. */
  atConnect: string[];
  /** Present devices the policy would redirect but a filter cannot single out (same model as one that stays). */
  ambiguous: string[];
  notes: string[];
}

const denyAll = filterRule({ allow: false });

export function planSpice(settings: UsbSettings, devices: readonly PlannedDevice[], choices: Choices): SpicePlan {
  if (!settings.enabled) {
    return { enabled: false, autoshare: false, filter: formatFilter([denyAll]), atConnect: [], ambiguous: [], notes: ['USB redirection is off (usb.enabled)'] };
  }
  const notes: string[] = [];
  const going = devices.filter((d) => d.status === 'redirected');
  const staying = devices.filter((d) => d.status !== 'redirected');
  const stayingModels = new Set(staying.map((d) => vidPid(d.device)));
  const ambiguous = going.filter((d) => stayingModels.has(vidPid(d.device)));
  for (const d of ambiguous) notes.push(`${d.device.id} (${vidPid(d.device)}) is not redirected at connect: another device of the same model stays here, and a filter cannot tell them apart`);
  const atConnect = going.filter((d) => !ambiguous.includes(d));

  // A device no filter can refuse (no descriptor to look at) must not be here when spice-gtk
  // applies filters to the devices present: without it, nothing goes automatically.
  const unfilterable = staying.filter((d) => classPasses(d.device).length === 0);
  for (const d of unfilterable) notes.push(`${d.device.id} (${vidPid(d.device)}) stays here but no filter can refuse it (no interface descriptors): nothing is redirected automatically`);
  const onConnect = unfilterable.length > 0 ? [] : uniqueModels(atConnect.map((d) => d.device)).map((d) => filterRule({ vendorId: d.vendorId, productId: d.productId, allow: true }));
  const autoshare = settings.onPlug === 'redirect' && unfilterable.length === 0;
  const filter = autoshare ? plugFilter(settings, staying, choices, notes) : [denyAll];
  return {
    enabled: true,
    autoshare,
    filter: formatFilter(filter),
    ...(onConnect.length > 0 ? { redirectOnConnect: formatFilter([...onConnect, denyAll]) } : {}),
    atConnect: onConnect.length > 0 ? atConnect.map((d) => d.device.id) : [],
    ambiguous: ambiguous.map((d) => d.device.id),
    notes,
  };
}

/** Whether remote-viewer will share this device by itself when it is plugged in mid-session. */
export function spiceSharesOnPlug(plan: SpicePlan, rules: readonly FilterRule[], device: UsbDevice): boolean {
  return plan.enabled && plan.autoshare && checkFilter(rules, device) === 'allow';
}

function plugFilter(settings: UsbSettings, staying: readonly PlannedDevice[], choices: Choices, notes: string[]): FilterRule[] {
  const rules: FilterRule[] = [];
  // Devices here now that stay (by protection, refusal, choice or because they wait for the user):
  // auto-connect must not take them (spice-gtk also runs it over the devices present at start).
  for (const d of uniqueModels(staying.map((p) => p.device))) rules.push(filterRule({ vendorId: d.vendorId, productId: d.productId, allow: false }));
  // A user's "keep it here" for a model, remembered or from this visit.
  for (const [key, choice] of choices) {
    const [vendor, product] = key.split(':');
    if (choice === 'local' && vendor && product) rules.push(filterRule({ vendorId: parseInt(vendor, 16), productId: parseInt(product, 16), allow: false }));
  }
  if (settings.keepLocal.keyboards || settings.keepLocal.mice) {
    rules.push(filterRule({ deviceClass: 0x03, allow: false }));
    notes.push('a filter cannot tell boot keyboards and mice from other HID devices: no HID device is shared on plug-in');
  }
  if (settings.keepLocal.hubs) rules.push(filterRule({ deviceClass: 0x09, allow: false }));
  settings.rules.forEach((rule, index) => {
    const translated = translate(rule);
    if (translated.dropped.length > 0) {
      notes.push(
        rule.action === 'deny'
          ? `rule #${index + 1}: the filter refuses more than the rule (it cannot check ${translated.dropped.join(', ')})`
          : `rule #${index + 1}: left out of the plug-in filter (it cannot check ${translated.dropped.join(', ')}); such devices are offered instead`,
      );
      if (rule.action === 'allow') return;
    }
    rules.push(translated.rule);
  });
  rules.push(filterRule({ allow: settings.default === 'allow' }));
  return dedupe(rules);
}

function translate(rule: UsbRule): { rule: FilterRule; dropped: string[] } {
  const dropped: string[] = [];
  if (rule.subclass !== undefined) dropped.push('subclass');
  if (rule.protocol !== undefined) dropped.push('protocol');
  if (rule.serial !== undefined) dropped.push('serial');
  // One class per filter rule: with both, a deny keeps the device class, an allow cannot be said.
  if (rule.class !== undefined && rule.interfaceClass !== undefined) dropped.push('a second class');
  // A filter's class also matches the device descriptor: right for a deny, too wide for an allow.
  else if (rule.interfaceClass !== undefined && rule.action === 'allow') dropped.push('interface-only classes');
  const cls = rule.class ?? rule.interfaceClass;
  return {
    rule: filterRule({
      ...(cls !== undefined ? { deviceClass: classCode(cls) } : {}),
      ...(rule.vendor !== undefined ? { vendorId: parseInt(rule.vendor, 16) } : {}),
      ...(rule.product !== undefined ? { productId: parseInt(rule.product, 16) } : {}),
      allow: rule.action === 'allow',
    }),
    dropped,
  };
}

function uniqueModels(devices: readonly UsbDevice[]): UsbDevice[] {
  const seen = new Set<string>();
  return devices.filter((d) => !seen.has(vidPid(d)) && Boolean(seen.add(vidPid(d))));
}

/** A rule after an identical one can never decide anything. */
function dedupe(rules: FilterRule[]): FilterRule[] {
  const seen = new Set<string>();
  return rules.filter((r) => {
    const key = formatFilter([r]);
    return !seen.has(key) && Boolean(seen.add(key));
  });
}
