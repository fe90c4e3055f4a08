import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { silentLogger } from '../common/log.ts';
import { readLayerFile } from '../policy/layer-file.ts';
import { deepMerge } from '../policy/merge.ts';
import { formatProblem } from '../policy/problem.ts';
import { defaultPolicy, Policy } from '../policy/schema.ts';
import { defaultPolicyPaths, PolicyStore } from '../policy/store.ts';
import { deviceKind } from '../usb/classes.ts';
import { deviceName, vidPid, type UsbDevice } from '../usb/device.ts';
import { deviceEntry, devicesFromFile } from '../usb/devices-file.ts';
import type { UsbMonitorStatus } from '../usb/monitor.ts';
import { openNodeUsbMonitor } from '../usb/node-usb-monitor.ts';
import { planSession, type UsbPlan } from '../usb/plan.ts';
import { usbSettingsFor } from '../usb/settings.ts';
import { printJson, type Command } from './command.ts';
import { CliError, ExitCode } from './exit-codes.ts';
import { checkFilterCommand } from './usb-filter-command.ts';

const noDevicesWords: Record<NonNullable<UsbMonitorStatus['reason']>, string> = {
  'no-subsystem': 'this machine has no USB subsystem',
  'libusb-failed': 'libusb could not start',
};

/** The devices plugged in now, read once (no hotplug kept: the command ends at once). */
async function liveDevices(): Promise<{ status: UsbMonitorStatus; devices: UsbDevice[] }> {
  const monitor = await openNodeUsbMonitor({ log: silentLogger });
  try {
    return { status: monitor.status(), devices: monitor.list() };
  } finally {
    monitor.close();
  }
}

const list: Command = {
  name: ['usb', 'list'],
  summary: 'list the USB devices plugged in now (never opens or claims one)',
  usage: '',
  details: 'With --json the output is also a devices file for `thinshell usb plan --devices`.',
  async run({ json, io }) {
    const { status, devices } = await liveDevices();
    if (json) {
      printJson(io, { ok: true, available: status.available, ...(status.reason ? { reason: status.reason } : {}), hotplug: status.hotplug, devices: devices.map(deviceEntry) });
      return ExitCode.ok;
    }
    if (devices.length === 0) {
      io.stdout(`no devices${status.reason ? ` (${noDevicesWords[status.reason]})` : ''}\n`);
      return ExitCode.ok;
    }
    for (const d of devices) {
      io.stdout(`${d.id.padEnd(10)} ${vidPid(d)}  ${deviceKind(d).padEnd(9)} ${deviceName(d)}${d.serial ? `  serial ${d.serial}` : ''}\n`);
    }
    return ExitCode.ok;
  },
};

async function policyFrom(file: string | undefined): Promise<{ policy: Policy; source: string }> {
  if (file === undefined) {
    const store = await PolicyStore.open({ watch: false });
    const bad = store.layers().filter((l) => l.status === 'invalid');
    if (bad.length > 0) throw new CliError(ExitCode.invalid, bad.map((l) => l.error ?? `${l.source}: invalid`).join('\n'));
    return { policy: store.policy(), source: `${defaultPolicyPaths.imagePath} (+ managed, local)` };
  }
  const path = resolve(file);
  const read = await readLayerFile(path, 'image');
  if (read.status === 'absent') throw new CliError(ExitCode.unreadable, `cannot read ${path}: no such file`);
  if (read.status === 'invalid') throw new CliError(read.unreadable ? ExitCode.unreadable : ExitCode.invalid, read.problems.map(formatProblem).join('\n'));
  return { policy: Policy.parse(deepMerge(defaultPolicy, read.data)), source: path };
}

async function devicesFrom(file: string | undefined): Promise<UsbDevice[]> {
  if (file === undefined) return (await liveDevices()).devices;
  const path = resolve(file);
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(ExitCode.unreadable, `cannot read ${path}: no such file`);
    if (code) throw new CliError(ExitCode.unreadable, `cannot read ${path}: ${(err as Error).message}`);
    throw new CliError(ExitCode.invalid, `${path}: not JSON (${(err as Error).message})`);
  }
  const parsed = devicesFromFile(data);
  if (!parsed.ok) throw new CliError(ExitCode.invalid, parsed.problems.map((p) => `${path}: ${p}`).join('\n'));
  return parsed.devices;
}

function planLines(plan: UsbPlan): string[] {
  if (plan.protocol === 'rdp') {
    const p = plan.rdp;
    return ['RDP (FreeRDP urbdrc; RdpConnection.usb, the native engine\'s `usb` setting, xfreerdp /usb:)', p.entries.length ? `  usb = ${p.entries.join(';')}` : '  no USB redirection (urbdrc not loaded)', ...p.notes.map((n) => `  note: ${n}`)];
  }
  const p = plan.spice;
  return [
    'SPICE (remote-viewer)',
    `  .vv  enable-usbredir=${p.enabled ? 1 : 0}`,
    `  .vv  enable-usb-autoshare=${p.autoshare ? 1 : 0}`,
    `  .vv  usb-filter=${p.filter}`,
    p.redirectOnConnect ? `  arg  --spice-usbredir-redirect-on-connect=${p.redirectOnConnect}` : '  (nothing redirected at connect)',
    ...p.notes.map((n) => `  note: ${n}`),
  ];
}

const plan: Command = {
  name: ['usb', 'plan'],
  summary: 'what a session would be told about USB: each device\'s status and the engine settings',
  usage: '--protocol rdp|spice [--policy FILE] [--devices FILE] [--broker ID]',
  options: { protocol: { type: 'string' }, policy: { type: 'string' }, devices: { type: 'string' }, broker: { type: 'string' } },
  details:
    'Policy: FILE as an image layer over the defaults, else this terminal\'s layers. Devices: FILE\n' +
    '(a devices file, see src-main/cli/README.md; `usb list --json` writes one), else the ones plugged\n' +
    'in now. --broker applies that broker\'s usb.brokers override. No one\'s remembered choices apply.',
  async run({ values, json, io }) {
    const protocol = values.protocol;
    if (protocol !== 'rdp' && protocol !== 'spice') throw new CliError(ExitCode.usage, `--protocol must be rdp or spice (got ${protocol === undefined ? 'nothing' : `"${String(protocol)}"`})`);
    const broker = typeof values.broker === 'string' ? values.broker : undefined;
    const { policy, source } = await policyFrom(typeof values.policy === 'string' ? values.policy : undefined);
    const devices = await devicesFrom(typeof values.devices === 'string' ? values.devices : undefined);
    const settings = usbSettingsFor(policy.usb, broker);
    const result = planSession(protocol, devices, settings, new Map());
    const rows = result.devices.map((d) => {
      const v = d.verdict;
      const why = v.kind === 'keep-local' ? `kept here (${v.why})` : v.rule ? v.rule.text : v.why;
      return { id: d.device.id, ids: vidPid(d.device), name: deviceName(d.device), status: d.status, why };
    });
    if (json) {
      const { devices: _d, ...engine } = result;
      printJson(io, { ok: true, protocol, policy: source, ...(broker ? { broker } : {}), devices: rows, plan: engine });
      return ExitCode.ok;
    }
    const lines = [`Policy: ${source}${broker ? ` (broker ${broker})` : ''}`, rows.length ? 'Devices:' : 'Devices: none'];
    for (const r of rows) lines.push(`  ${r.id.padEnd(10)} ${r.ids}  ${r.status.padEnd(10)} ${r.name}  [${r.why}]`);
    io.stdout(`${[...lines, ...planLines(result)].join('\n')}\n`);
    return ExitCode.ok;
  },
};

export const usbCommands: Command[] = [list, plan, checkFilterCommand];
