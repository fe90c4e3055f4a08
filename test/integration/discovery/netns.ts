import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Two network namespaces joined by a veth pair: a "server" side (10.213.0.1/24) and a
 * "terminal" side with no address until DHCP gives it one. Names are unique per run, so tests of
 * other worktrees can run beside it; close() removes both, their /etc/netns folders and every
 * process still inside them (they can only be ours).
 */
export interface TestNetwork {
  readonly server: string;
  readonly terminal: string;
  readonly serverIf: string;
  readonly terminalIf: string;
  readonly serverIp: '10.213.0.1';
  /** Starts a process inside a namespace (ip netns exec); it is killed at close() at the latest. */
  spawnIn(ns: string, argv: string[], options?: { env?: NodeJS.ProcessEnv }): ChildProcess;
  /** /etc/netns/NS: files there are bind-mounted over /etc inside `ip netns exec NS`. */
  etcDir(ns: string): string;
  close(): Promise<void>;
}

export async function ip(...args: string[]): Promise<string> {
  return (await run('ip', args, { timeout: 10_000 })).stdout;
}

export async function createTestNetwork(): Promise<TestNetwork> {
  const id = `${process.pid.toString(36)}${randomBytes(2).toString('hex')}`.slice(-7);
  const server = `tsd-${id}-s`;
  const terminal = `tsd-${id}-t`;
  const serverIf = `tsd${id}s`;
  const terminalIf = `tsd${id}t`;
  const children = new Set<ChildProcess>();
  const net: TestNetwork = {
    server,
    terminal,
    serverIf,
    terminalIf,
    serverIp: '10.213.0.1',
    spawnIn(ns, argv, options = {}) {
      const child = spawn('ip', ['netns', 'exec', ns, ...argv], { stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env });
      children.add(child);
      child.on('exit', () => children.delete(child));
      // Keep the pipes flowing (dnsmasq logs every DHCP packet) so the child never blocks on them.
      child.stdout?.on('data', () => {});
      child.stderr?.on('data', () => {});
      return child;
    },
    etcDir: (ns) => `/etc/netns/${ns}`,
    async close() {
      for (const child of children) child.kill('SIGTERM');
      await Promise.all([...children].map((c) => waitExit(c, 2000)));
      for (const ns of [server, terminal]) {
        // Anything left inside (a daemon that forked) is ours: the namespace is unique to this run.
        const pids = await ip('netns', 'pids', ns).catch(() => '');
        for (const pid of pids.split(/\s+/).filter(Boolean)) {
          try {
            process.kill(Number(pid), 'SIGKILL');
          } catch {
            // already gone
          }
        }
        await ip('netns', 'del', ns).catch(() => undefined);
        await rm(`/etc/netns/${ns}`, { recursive: true, force: true });
      }
      await ip('link', 'del', serverIf).catch(() => undefined);
    },
  };
  try {
    await ip('netns', 'add', server);
    await ip('netns', 'add', terminal);
    await mkdir(`/etc/netns/${server}`, { recursive: true });
    await mkdir(`/etc/netns/${terminal}`, { recursive: true });
    await ip('link', 'add', serverIf, 'type', 'veth', 'peer', 'name', terminalIf);
    await ip('link', 'set', serverIf, 'netns', server);
    await ip('link', 'set', terminalIf, 'netns', terminal);
    await ip('-n', server, 'addr', 'add', '10.213.0.1/24', 'dev', serverIf);
    await ip('-n', server, 'link', 'set', serverIf, 'up');
    await ip('-n', server, 'link', 'set', 'lo', 'up');
    await ip('-n', terminal, 'link', 'set', 'lo', 'up');
  } catch (err) {
    await net.close();
    throw err;
  }
  return net;
}

function waitExit(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => (child.kill('SIGKILL'), resolve()), ms);
    child.once('exit', () => (clearTimeout(t), resolve()));
  });
}

/** Resolves when a line of the child's output matches; rejects when it exits first or after `ms`. */
export function waitForOutput(child: ChildProcess, pattern: RegExp, what: string, ms = 15_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (d: Buffer) => {
      seen += d.toString();
      const m = pattern.exec(seen);
      if (m) done(() => resolve(m[0]));
    };
    const onExit = (code: number | null) => done(() => reject(new Error(`${what} exited (${code}) before "${pattern}":\n${seen.slice(-2000)}`)));
    const timer = setTimeout(() => done(() => reject(new Error(`${what}: no "${pattern}" within ${ms} ms:\n${seen.slice(-2000)}`))), ms);
    const done = (then: () => void) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      then();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}
