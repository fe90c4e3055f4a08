import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { hex4, type UsbDevice } from '../../../src-main/usb/device.ts';

const run = promisify(execFile);
const source = fileURLToPath(new URL('./fake-usb-host.c', import.meta.url));

/** Builds the fake usbredir host (fake-usb-host.c) against Debian's libusbredirparser; ~0.3 s. */
export async function buildFakeUsbHost(): Promise<{ binary: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'thinshell-fake-usb-host-'));
  const binary = join(dir, 'fake-usb-host');
  const { stdout: flags } = await run('pkg-config', ['--cflags', '--libs', 'libusbredirparser-0.5']);
  await run('cc', ['-O1', '-Wall', '-Wextra', '-Werror', '-o', binary, source, ...flags.trim().split(/\s+/)]);
  return { binary, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface FakeUsbHost {
  readonly lines: string[];
  /** Resolves with the first line (already seen or coming) that matches. */
  waitFor(match: RegExp, timeoutMs?: number): Promise<string>;
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Connects the fake host to a usbredir peer (QEMU's usb-redir chardev), presenting `device`. */
export function startFakeUsbHost(binary: string, port: number, device: UsbDevice): FakeUsbHost {
  const args = ['--connect', `127.0.0.1:${port}`, '--vid', hex4(device.vendorId), '--pid', hex4(device.productId)];
  args.push('--class', `${device.deviceClass}:${device.deviceSubclass}:${device.deviceProtocol}`);
  for (const i of device.interfaces) args.push('--iface', `${i.class}:${i.subclass}:${i.protocol}`);
  if (device.manufacturer) args.push('--manufacturer', device.manufacturer);
  if (device.product) args.push('--product', device.product);
  if (device.serial) args.push('--serial', device.serial);
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: { match: RegExp; resolve(line: string): void }[] = [];
  let buffer = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      lines.push(line);
      for (const w of [...waiters]) {
        if (!w.match.test(line)) continue;
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  child.stderr!.resume();
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return {
    lines,
    exited,
    waitFor(match, timeoutMs = 20_000) {
      const seen = lines.find((l) => match.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`fake USB host: no ${match} within ${timeoutMs} ms; saw:\n${lines.join('\n')}`)), timeoutMs);
        waiters.push({ match, resolve: (l) => (clearTimeout(timer), resolve(l)) });
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
