import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort } from '../../../src-main/demo/servers.ts';

/**
 * QEMU (TCG, SeaBIOS, no disk) with an xHCI controller and one usb-redir device whose chardev
 * listens on a loopback TCP port, paused (-S) until `cont`, with QMP on a unix socket and
 * SeaBIOS's debug console in a file. `filter` is QEMU's usb-redir filter (':' between fields).
 */
export interface QemuUsbredir {
  readonly port: number;
  /** A QMP command; the `return` value. */
  qmp(command: string, args?: Record<string, unknown>): Promise<unknown>;
  /** An HMP command (info usb) through QMP's human-monitor-command. */
  hmp(commandLine: string): Promise<string>;
  biosLog(): Promise<string>;
  stop(): Promise<void>;
}

export async function startQemuUsbredir(options: { filter?: string; lifetimeSec?: number } = {}): Promise<QemuUsbredir> {
  const dir = await mkdtemp(join(tmpdir(), 'thinshell-qemu-usbredir-'));
  const port = await freeLoopbackPort();
  const qmpPath = join(dir, 'qmp.sock');
  const redir = `usb-redir,chardev=ur0,bus=xhci.0,id=redir0${options.filter ? `,filter=${options.filter}` : ''}`;
  const args = [
    '--kill-after=5', String(options.lifetimeSec ?? 120), 'qemu-system-x86_64',
    '-machine', 'q35,accel=tcg', '-m', '64', '-nodefaults', '-display', 'none', '-S',
    '-qmp', `unix:${qmpPath},server=on,wait=off`,
    '-device', 'qemu-xhci,id=xhci',
    '-chardev', `socket,id=ur0,host=127.0.0.1,port=${port},server=on,wait=off`,
    '-device', redir,
    '-chardev', `file,id=bios,path=${join(dir, 'bios.log')}`, '-device', 'isa-debugcon,iobase=0x402,chardev=bios',
  ];
  const child: ChildProcess = spawn('timeout', args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true, env: { PATH: process.env.PATH, HOME: dir } });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        /* gone */
      }
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const socket = await connectWithRetry(qmpPath, child, () => stderr);
    const qmp = qmpClient(socket);
    await qmp('qmp_capabilities');
    return {
      port,
      qmp,
      hmp: async (commandLine) => String(await qmp('human-monitor-command', { 'command-line': commandLine })),
      biosLog: () => readFile(join(dir, 'bios.log'), 'utf8').catch(() => ''),
      async stop() {
        socket.destroy();
        await stop();
      },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function connectWithRetry(path: string, child: ChildProcess, stderr: () => string): Promise<Socket> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`qemu exited: ${stderr()}`);
    const socket = await new Promise<Socket | undefined>((resolve) => {
      const s = connect(path, () => resolve(s));
      s.on('error', () => resolve(undefined));
    });
    if (socket) return socket;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`qemu's QMP socket did not come up: ${stderr()}`);
}

/** QMP: one JSON object per line; commands answered in order (events are skipped). */
function qmpClient(socket: Socket) {
  let buffer = '';
  const pending: { resolve(v: unknown): void; reject(e: Error): void }[] = [];
  socket.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const msg = JSON.parse(buffer.slice(0, nl)) as { QMP?: unknown; event?: string; return?: unknown; error?: { desc: string } };
      buffer = buffer.slice(nl + 1);
      if (msg.QMP || msg.event) continue;
      const p = pending.shift();
      if (msg.error) p?.reject(new Error(msg.error.desc));
      else p?.resolve(msg.return);
    }
  });
  return (command: string, args?: Record<string, unknown>) =>
    new Promise<unknown>((resolve, reject) => {
      pending.push({ resolve, reject });
      socket.write(`${JSON.stringify({ execute: command, ...(args ? { arguments: args } : {}) })}\n`);
    });
}
