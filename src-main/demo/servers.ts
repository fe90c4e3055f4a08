import { spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDisplay, type Display } from './display.ts';
import { qmp } from './qmp.ts';

/**
 * Real servers on loopback for the demo, the tests and the benches: freerdp-shadow-cli (RDP) on
 * its own Xvfb showing a known test pattern, and QEMU (SPICE). Each runs under `timeout` in its
 * own process group, so nothing outlives its lifetime even if we die; stop() ends it sooner.
 */

export interface LoopbackServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** Ends the server and removes its files. */
  stop(): Promise<void>;
  /** Kills the server process at once (SIGKILL), like a server that vanishes mid-session. */
  crash(): Promise<void>;
}

/** Four quadrants of known colours (top-left, top-right, bottom-left, bottom-right), RGB. */
export const TEST_PATTERN = [
  [230, 30, 30],
  [30, 200, 30],
  [30, 30, 230],
  [240, 220, 20],
] as const;

/** The colour the test pattern has at (x, y) of a width x height screen. */
export function testPatternAt(x: number, y: number, width: number, height: number): readonly [number, number, number] {
  return TEST_PATTERN[(y < height / 2 ? 0 : 2) + (x < width / 2 ? 0 : 1)]!;
}

export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** Waits until something accepts on the port: bounded tries, each an event (connect or error). */
export async function waitForPort(port: number, child: ChildProcess, what: string, tries = 100): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${what} exited before it listened`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} did not listen on 127.0.0.1:${port}`);
}

export function bounded(command: string, args: string[], env: NodeJS.ProcessEnv, lifetimeSec: number, stdout: 'ignore' | 'pipe' = 'ignore'): ChildProcess {
  // `timeout` ends the server by itself; detached makes a process group stop() can end whole.
  const child = spawn('timeout', ['--kill-after=5', String(lifetimeSec), command, ...args], { env, stdio: ['ignore', stdout, 'pipe'], detached: true });
  child.stderr!.resume();
  return child;
}

export async function stopGroup(child: ChildProcess, first: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s);
    } catch {
      /* gone */
    }
  };
  signal(first);
  const timer = setTimeout(() => signal('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

/** Runs a short command to its end; resolves (never rejects) also when it cannot start. */
function runToEnd(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: 'ignore' });
    child.on('exit', () => resolve());
    child.on('error', () => resolve());
  });
}

/** The NT hash (MD4 of the UTF-16LE password) for a SAM file, so the password never sits in an argv. */
export function ntHash(password: string): string {
  const msg = Buffer.from(password, 'utf16le');
  const len = ((msg.length + 8) >> 6) * 64 + 64;
  const buf = Buffer.alloc(len);
  msg.copy(buf);
  buf[msg.length] = 0x80;
  buf.writeUInt32LE((msg.length * 8) >>> 0, len - 8);
  let [a, b, c, d] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
  const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));
  const rounds: [(x: number, y: number, z: number) => number, number, number[], number[]][] = [
    [(x, y, z) => (x & y) | (~x & z), 0, [3, 7, 11, 19], [...Array(16).keys()]],
    [(x, y, z) => (x & y) | (x & z) | (y & z), 0x5a827999, [3, 5, 9, 13], [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15]],
    [(x, y, z) => x ^ y ^ z, 0x6ed9eba1, [3, 9, 11, 15], [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15]],
  ];
  for (let off = 0; off < len; off += 64) {
    const x = Array.from({ length: 16 }, (_, i) => buf.readUInt32LE(off + i * 4));
    const [aa, bb, cc, dd] = [a, b, c, d];
    for (const [f, k, shifts, order] of rounds) {
      order.forEach((word, i) => {
        const t = rotl((a + f(b, c, d) + x[word]! + k) | 0, shifts[i % 4]!);
        [a, b, c, d] = [d, t, b, c];
      });
    }
    [a, b, c, d] = [(a + aa) | 0, (b + bb) | 0, (c + cc) | 0, (d + dd) | 0];
  }
  const out = Buffer.alloc(16);
  [a, b, c, d].forEach((v, i) => out.writeInt32LE(v, i * 4));
  return out.toString('hex');
}

function testPatternPpm(width: number, height: number): Buffer {
  const header = Buffer.from(`P6\n${width} ${height}\n255\n`);
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels.set(testPatternAt(x, y, width, height), (y * width + x) * 3);
  return Buffer.concat([header, pixels]);
}

export interface RdpServerOptions {
  user: string;
  password: string;
  /** nla: a SAM file of our own. tls: PAM (service `login`) - `user` must be a local account with this password. */
  mode: 'nla' | 'tls';
  width?: number;
  height?: number;
  /** Use this certificate instead of the one the server makes itself (PEM). */
  tlsCert?: { cert: string; key: string };
  lifetimeSec?: number;
}

export interface RdpServer extends LoopbackServer {
  /** The Xvfb the server shares: it shows TEST_PATTERN. */
  readonly display: Display;
  /** SHA-256 of the server certificate, as `AA:BB:...`. */
  readonly fingerprint: string;
}

export async function startRdpServer(options: RdpServerOptions): Promise<RdpServer> {
  const width = options.width ?? 1024;
  const height = options.height ?? 768;
  const dir = await mkdtemp(join(tmpdir(), 'thinshell-rdp-server-'));
  const display = await startDisplay({ width, height });
  let server: ChildProcess | undefined;
  const stop = async () => {
    if (server) await stopGroup(server);
    await display.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const env = { PATH: process.env.PATH, HOME: dir, DISPLAY: display.name, LANG: 'C.UTF-8' };
    const certDir = join(dir, '.config/freerdp/shadow');
    await mkdir(certDir, { recursive: true, mode: 0o700 });
    if (options.tlsCert) {
      await writeFile(join(certDir, 'shadow.crt'), options.tlsCert.cert);
      await writeFile(join(certDir, 'shadow.key'), options.tlsCert.key, { mode: 0o600 });
    }
    await writeFile(join(dir, 'pattern.ppm'), testPatternPpm(width, height));
    // Sets the root window's background; Xvfb runs -noreset, so it stays after `display` exits.
    await runToEnd('display', ['-window', 'root', join(dir, 'pattern.ppm')], env);
    const port = await freeLoopbackPort();
    const args = [`/port:${port}`, '/bind-address:127.0.0.1', '+auth'];
    if (options.mode === 'nla') {
      await writeFile(join(dir, 'sam'), `${options.user}:::${ntHash(options.password)}:::\n`, { mode: 0o600 });
      args.push('/sec:nla', `/sam-file:${join(dir, 'sam')}`);
    }
    server = bounded('freerdp-shadow-cli', args, env, options.lifetimeSec ?? 600);
    await waitForPort(port, server, 'freerdp-shadow-cli');
    const pem = await readFile(join(certDir, 'shadow.crt'), 'utf8');
    const crash = () => stopGroup(server!, 'SIGKILL');
    return { host: '127.0.0.1', port, display, fingerprint: new X509Certificate(pem).fingerprint256, stop, crash };
  } catch (err) {
    await stop();
    throw err;
  }
}

export interface SpiceServerOptions {
  /** Set: the client must give it (passed to QEMU in a file, never on its command line). */
  password?: string;
  /** This many SPICE USB redirection channels (usb-redir devices on an xHCI controller). */
  usbRedir?: number;
  /** Also listen with TLS (PEM: the CA, and a server certificate it signed). */
  tls?: { ca: string; cert: string; key: string };
  lifetimeSec?: number;
}

export interface SpiceServer extends LoopbackServer {
  /** Set when started with `tls`. */
  readonly tlsPort?: number;
  /** What the guest's screen shows now, as QEMU itself has it (QMP screendump): a binary PPM. */
  screendump(): Promise<Buffer>;
}

export async function startSpiceServer(options: SpiceServerOptions = {}): Promise<SpiceServer> {
  const dir = await mkdtemp(join(tmpdir(), 'thinshell-spice-server-'));
  const port = await freeLoopbackPort();
  const args = ['-machine', 'q35,accel=tcg', '-m', '128', '-display', 'none', '-nodefaults', '-device', 'qxl-vga'];
  let spice = `port=${port},addr=127.0.0.1`;
  if (options.password !== undefined) {
    await writeFile(join(dir, 'pw'), options.password, { mode: 0o600 });
    args.push('-object', `secret,id=pw,file=${join(dir, 'pw')}`);
    spice += ',password-secret=pw';
  } else spice += ',disable-ticketing=on';
  const tlsPort = options.tls ? await freeLoopbackPort() : undefined;
  if (options.tls) {
    // QEMU reads these three names from x509-dir.
    await mkdir(join(dir, 'x509'), { mode: 0o700 });
    await writeFile(join(dir, 'x509', 'ca-cert.pem'), options.tls.ca);
    await writeFile(join(dir, 'x509', 'server-cert.pem'), options.tls.cert);
    await writeFile(join(dir, 'x509', 'server-key.pem'), options.tls.key, { mode: 0o600 });
    spice += `,tls-port=${tlsPort},x509-dir=${join(dir, 'x509')}`;
  }
  args.push('-spice', spice);
  if (options.usbRedir) {
    args.push('-device', 'qemu-xhci');
    for (let i = 0; i < options.usbRedir; i++) args.push('-chardev', `spicevmc,name=usbredir,id=usbredir${i}`, '-device', `usb-redir,chardev=usbredir${i}`);
  }
  // A monitor socket: tests ask QEMU for the guest screen, to compare with the client's picture.
  const qmpSocket = join(dir, 'qmp.sock');
  args.push('-qmp', `unix:${qmpSocket},server=on,wait=off`);
  const qemu = bounded('qemu-system-x86_64', args, { PATH: process.env.PATH, HOME: dir }, options.lifetimeSec ?? 600);
  const stop = async () => {
    await stopGroup(qemu);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, qemu, 'qemu-system-x86_64');
    // QEMU read the secret when it started: the file has done its job.
    await rm(join(dir, 'pw'), { force: true });
    let dumps = 0;
    const screendump = async () => {
      const file = join(dir, `screen-${++dumps}.ppm`);
      // QEMU makes its monitor socket while it starts up, about when SPICE listens: a few tries.
      for (let attempt = 0; ; attempt++) {
        try {
          await qmp(qmpSocket, [{ execute: 'screendump', arguments: { filename: file } }]);
          break;
        } catch (err) {
          if (attempt >= 20 || !/ENOENT|ECONNREFUSED/.test((err as Error).message)) throw err;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      try {
        return await readFile(file);
      } finally {
        await rm(file, { force: true });
      }
    };
    return { host: '127.0.0.1', port, tlsPort, stop, crash: () => stopGroup(qemu, 'SIGKILL'), screendump };
  } catch (err) {
    await stop();
    throw err;
  }
}
