import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDisplay, type Display } from '../../../src-main/demo/display.ts';
import { startSpiceServer, type LoopbackServer } from '../../../src-main/demo/servers.ts';
import { spiceToVv } from '../../../src-main/formats/vv.ts';
import { Policy, type PolicyInput } from '../../../src-main/policy/schema.ts';
import { RemoteViewerEngine, remoteViewerArgs } from '../../../src-main/sessions/spice/remote-viewer-engine.ts';
import type { SpiceConnection } from '../../../src-main/sessions/types.ts';
import { planSession, withUsbPlan } from '../../../src-main/usb/plan.ts';
import { usbSettingsFor } from '../../../src-main/usb/settings.ts';
import { loadUsbredirLib } from '../../../src-main/usb/usbredir-lib.ts';
import { catalogue } from '../../fakes/usb.ts';
import { sessionRoot } from '../../support/session-env.ts';
import { recordStates } from '../../support/session-states.ts';

// remote-viewer against QEMU with two SPICE usb-redir channels, given the plan the policy makes:
// it opens the channels, and spice-gtk reads exactly our filters (its own debug lines say so).

let server: LoopbackServer;
let display: Display;
let root: Awaited<ReturnType<typeof sessionRoot>>;
beforeAll(async () => {
  [server, display, root] = await Promise.all([startSpiceServer({ usbRedir: 2, lifetimeSec: 180 }), startDisplay({ windowManager: true }), sessionRoot()]);
});
afterAll(async () => {
  await Promise.all([server?.stop(), display?.stop()]);
  await root?.remove();
});

const devices = [catalogue.keyboard(), catalogue.stick(), catalogue.printer()];
function plannedSpec(usb: PolicyInput['usb']): SpiceConnection {
  const settings = usbSettingsFor(Policy.parse({ usb }).usb, undefined);
  const base: SpiceConnection = { protocol: 'spice', host: '127.0.0.1', port: server.port, title: 'thinshell usb test' };
  return withUsbPlan(base, planSession('spice', devices, settings, new Map())) as SpiceConnection;
}
const policy: PolicyInput['usb'] = { onConnect: 'redirect', onPlug: 'redirect', rules: [{ action: 'deny', class: 'printer' }, { action: 'allow', class: 'mass-storage' }], default: 'deny' };

/** remote-viewer as the engine runs it (same .vv, same arguments), plus spice-gtk's --spice-debug. */
async function debugRun(spec: SpiceConnection, until: RegExp): Promise<string[]> {
  const home = await mkdtemp(join(root.path, 'rv-'));
  const args = remoteViewerArgs(spec);
  args.splice(args.length - 1, 0, '--spice-debug');
  const child = spawn('remote-viewer', args, {
    env: { PATH: process.env.PATH, HOME: home, DISPLAY: display.name, GSETTINGS_BACKEND: 'memory', NO_AT_BRIDGE: '1', LC_MESSAGES: 'C' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let rest = '';
  const exited = once(child, 'exit');
  const seen = new Promise<void>((resolve) => {
    const onData = (chunk: Buffer) => {
      const parts = (rest + chunk.toString()).split('\n');
      rest = parts.pop() ?? '';
      lines.push(...parts);
      if (lines.some((l) => until.test(l))) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
  child.stdin.end(spiceToVv(spec));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await Promise.race([seen, exited]);
  clearTimeout(timer);
  child.kill('SIGTERM');
  await exited;
  await rm(home, { recursive: true, force: true });
  return lines;
}

describe('remote-viewer with the planned USB settings', () => {
  it('the plan: usbredir on, autoshare, filters libusbredirparser accepts', () => {
    const spec = plannedSpec(policy);
    const lib = loadUsbredirLib();
    expect(spec.usb).toMatchObject({ enabled: true, autoshare: true, redirectOnConnect: '-1,0x0781,0x5581,-1,1|-1,-1,-1,-1,0' });
    expect(lib.parse(spec.usb!.filter!).ok).toBe(true);
  });

  it('spice-gtk reads our auto-connect (usb-filter) and redirect-on-connect filters, and opens both usbredir channels', async () => {
    const spec = plannedSpec(policy);
    const lines = await debugRun(spec, /usbredir-9:1: channel type 9 id 1/);
    const autoConnect = lines.filter((l) => /auto-connect filter set to /.test(l)).map((l) => l.replace(/.*auto-connect filter set to /, ''));
    // The first is spice-gtk's built-in default at construction; the last is what it uses: ours.
    expect(autoConnect.at(-1)).toBe(spec.usb!.filter);
    expect(lines.filter((l) => /redirect-on-connect filter set to /.test(l)).map((l) => l.replace(/.*filter set to /, ''))).toEqual([spec.usb!.redirectOnConnect]);
    expect(lines.filter((l) => /Error parsing/.test(l))).toEqual([]);
    expect(lines.filter((l) => /New spice channel .* SpiceUsbredirChannel/.test(l))).toHaveLength(2);
  });

  it('USB off by policy: enable-usbredir=0 and spice-gtk creates no usbredir channel', async () => {
    const lines = await debugRun(plannedSpec({ enabled: false }), /usbredir channel is disabled/);
    expect(lines.some((l) => /usbredir channel is disabled, not creating it/.test(l))).toBe(true);
    expect(lines.filter((l) => /New spice channel .* SpiceUsbredirChannel/.test(l))).toEqual([]);
  });

  it('through the engine: logged on with the planned spec, both usbredir channels opened, ended cleanly', async () => {
    const log: string[] = [];
    const engine = new RemoteViewerEngine({ tmpRoot: root.path, log: (l) => log.push(l), killGraceMs: 1000 });
    const handle = engine.start(plannedSpec(policy), { connectTimeoutSec: 20, display: display.name });
    const rec = recordStates(handle);
    try {
      await rec.waitFor('loggedOn');
    } finally {
      await handle.disconnect();
    }
    expect(await handle.done).toEqual({ kind: 'ended', reason: 'user-disconnect' });
    expect(log.filter((l) => /New spice channel .* SpiceUsbredirChannel/.test(l))).toHaveLength(2);
  });
});
