import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src-main/common/log.ts';
import { composeCore } from '../../../src-main/compose.ts';
import { thinshell } from '../../unit/src-main/cli/cli-process.ts';

// This machine has no USB subsystem at all: exactly the terminal these tests are about.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const idleScript = fileURLToPath(new URL('../../support/usb-idle.ts', import.meta.url));
const noUsbHere = !existsSync('/sys/bus/usb');

function node(args: string[]) {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.resume();
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const firstLine = new Promise<string>((resolve) => child.stdout.on('data', () => stdout.includes('\n') && resolve(stdout.split('\n')[0]!)));
  return { child, exited, firstLine, stdout: () => stdout };
}

/** Resolves true if the process exits by itself within ms, else kills it and resolves false. */
async function exitsWithin(p: ReturnType<typeof node>, ms: number): Promise<boolean> {
  const timer = new Promise<false>((r) => setTimeout(() => r(false), ms));
  const ok = await Promise.race([p.exited.then(() => true as const), timer]);
  if (!ok) {
    p.child.kill('SIGKILL');
    await p.exited;
  }
  return ok;
}

function cpuTicks(pid: number): Promise<number> {
  return readFile(`/proc/${pid}/stat`, 'utf8').then((s) => {
    const fields = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  });
}

describe.runIf(noUsbHere)('a terminal with no USB subsystem', () => {
  it('`thinshell usb list` says "no devices" and why, and exits 0 at once', async () => {
    const r = await thinshell(['usb', 'list']);
    expect(r).toMatchObject({ code: 0, stdout: 'no devices (this machine has no USB subsystem)\n' });
    expect(r.stderr).toBe('');
  });

  it('the monitor: no devices, one clear log line, node-usb never loaded, and the process exits by itself', async () => {
    const p = node(['--import', 'tsx', idleScript, 'real', 'exit']);
    expect(await exitsWithin(p, 10_000)).toBe(true);
    const out = JSON.parse(p.stdout().split('\n')[0]!) as { status: unknown; devices: number; nodeUsbLoaded: boolean; logLines: string[] };
    expect(out.status).toEqual({ available: false, hotplug: false, reason: 'no-subsystem' });
    expect(out.devices).toBe(0);
    expect(out.nodeUsbLoaded).toBe(false);
    expect(out.logLines).toHaveLength(1);
    expect(out.logLines[0]).toMatch(/USB: this terminal has no USB subsystem; no devices/);
  });

  it('with libusb really started (a sysfs that has a USB bus) and hotplug on, the process still exits by itself', async () => {
    const p = node(['--import', 'tsx', idleScript, 'forced', 'exit']);
    expect(await exitsWithin(p, 10_000)).toBe(true);
    const out = JSON.parse(p.stdout().split('\n')[0]!) as { status: unknown; devices: number; nodeUsbLoaded: boolean };
    expect(out).toMatchObject({ status: { available: true, hotplug: true }, devices: 0, nodeUsbLoaded: true });
  });

  it('control: node-usb hotplug without unrefHotplugEvents keeps a process alive (what the monitor avoids)', async () => {
    const p = node(['-e', "const { usb } = require('usb'); usb.on('attach', () => {}); console.log('ready')"]);
    await p.firstLine;
    expect(await exitsWithin(p, 2_500)).toBe(false);
  });

  it('idle with the monitor running: no CPU used (no polling)', async () => {
    const p = node(['--import', 'tsx', idleScript, 'forced', 'idle']);
    await p.firstLine;
    await new Promise((r) => setTimeout(r, 500)); // past start-up (tsx, module loading)
    const before = await cpuTicks(p.child.pid!);
    await new Promise((r) => setTimeout(r, 2000));
    const after = await cpuTicks(p.child.pid!);
    p.child.kill('SIGTERM');
    await p.exited;
    // Clock ticks are 10 ms: 0 means idle; allow one for the scheduler's rounding.
    expect(after - before).toBeLessThanOrEqual(1);
  });

  describe('the kiosk', () => {
    let dir: string;
    beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'thinshell-no-usb-kiosk-'))));
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('says "no USB here" in its view, logs it once, and stops cleanly', async () => {
      const lines: string[] = [];
      const core = await composeCore({
        policy: { imagePath: join(dir, 'p.json'), managedPath: join(dir, 'm.json'), localPath: join(dir, 'l.json'), watch: false },
        log: createLogger('kiosk', { write: (l) => lines.push(l) }),
        usb: { choicesPath: join(dir, 'usb-choices.json') },
      });
      await core.start();
      const view = await core.handlers.getView({});
      expect(view.usb).toEqual({ available: false, reason: 'no-subsystem', hotplug: false, devices: [] });
      expect(lines.filter((l) => /\bUSB\b/.test(l))).toEqual([expect.stringMatching(/no USB subsystem; no devices/)]);
      await core.stop();
      expect(existsSync(join(dir, 'usb-choices.json'))).toBe(false);
    });
  });
});
