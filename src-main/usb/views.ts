import type { UsbAdminView, UsbDeviceView, UsbWhy } from '../contract/index.ts';
import type { UsbSettings } from '../policy/usb.ts';
import { className, deviceKind } from './classes.ts';
import { ruleText } from './decide.ts';
import { deviceName, hex4, vidPid } from './device.ts';
import type { LiveDevice } from './live.ts';

function why(d: LiveDevice, remembered: ReadonlySet<string>): UsbWhy {
  if (d.byEngine) return 'engine';
  if (d.ambiguous) return 'ambiguous';
  const v = d.verdict;
  if (v.kind === 'keep-local') return v.why;
  if (v.kind === 'deny') return v.why;
  if (d.choice) return remembered.has(d.device.id) ? 'remembered' : 'choice';
  return v.why;
}

/** What the devices panel shows of one device (no serial: that is for the admin). */
export function deviceView(d: LiveDevice, remembered: ReadonlySet<string>): UsbDeviceView {
  const allowed = d.verdict.kind === 'allow';
  const rule = d.verdict.kind !== 'keep-local' ? d.verdict.rule : undefined;
  // An offered device has no wish yet: both answers are open.
  const wants = d.choice ?? (d.status === 'redirected' ? 'redirect' : d.status === 'offered' ? undefined : 'local');
  return {
    id: d.device.id,
    name: deviceName(d.device).slice(0, 256),
    ids: vidPid(d.device),
    kind: deviceKind(d.device),
    status: d.status,
    why: why(d, remembered),
    ...(rule ? { rule: rule.text.slice(0, 200) } : {}),
    canRedirect: allowed && wants !== 'redirect',
    canKeepLocal: allowed && wants !== 'local',
    ...(d.pending ? { pending: 'reconnect' as const } : {}),
  };
}

export function adminDeviceView(d: LiveDevice, remembered: ReadonlySet<string>): UsbAdminView['devices'][number] {
  const dev = d.device;
  const triple = (c: number, s: number, p: number) => `${className(c)}/${s}/${p}`;
  const v = d.verdict;
  return {
    ...deviceView(d, remembered),
    port: dev.ports.length > 0 ? `${dev.bus}-${dev.ports.join('.')}` : `bus ${dev.bus}`,
    bus: dev.bus,
    address: dev.address,
    ...(dev.serial ? { serial: dev.serial } : {}),
    version: hex4(dev.version),
    deviceClass: triple(dev.deviceClass, dev.deviceSubclass, dev.deviceProtocol),
    interfaces: dev.interfaces.map((i) => triple(i.class, i.subclass, i.protocol)),
    verdict: v.kind === 'keep-local' ? `kept here (${v.why})` : `${v.kind} (${v.rule ? v.rule.text : v.why})`,
  };
}

export function settingsView(s: UsbSettings): UsbAdminView['settings'] {
  return {
    enabled: s.enabled,
    onConnect: s.onConnect,
    onPlug: s.onPlug,
    remember: s.remember,
    default: s.default,
    keepLocal: { ...s.keepLocal },
    rules: s.rules.map((r, i) => ruleText(r, i)),
  };
}
