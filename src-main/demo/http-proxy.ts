import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitLines } from '../sessions/child.ts';
import { bounded, freeLoopbackPort, stopGroup, waitForPort } from './servers.ts';

/**
 * A real HTTP CONNECT proxy on loopback: Debian's tinyproxy, set up like Proxmox's spiceproxy
 * (port 3128 there): CONNECT only to the ports listed, from loopback only.
 */
export interface HttpProxy {
  readonly port: number;
  /** `http://127.0.0.1:PORT`, as a .vv `proxy` key holds it. */
  readonly url: string;
  /** The CONNECT targets asked for so far (`host:port`), newest last: proof a client came this way. */
  connects(): string[];
  stop(): Promise<void>;
}

export interface HttpProxyOptions {
  /** The ports CONNECT may reach (tinyproxy's ConnectPort); any other is refused with 403. */
  connectPorts: readonly number[];
  /** Require HTTP Basic credentials (answers 407 without them). Test values only: they sit in the config file. */
  basicAuth?: { user: string; password: string };
  lifetimeSec?: number;
}

export async function startHttpProxy(options: HttpProxyOptions): Promise<HttpProxy> {
  const dir = await mkdtemp(join(tmpdir(), 'thinshell-http-proxy-'));
  const port = await freeLoopbackPort();
  const lines = [
    `Port ${port}`,
    'Listen 127.0.0.1',
    'Allow 127.0.0.1',
    'Timeout 60',
    'MaxClients 50',
    'LogLevel Info',
    'DisableViaHeader Yes',
    ...options.connectPorts.map((p) => `ConnectPort ${p}`),
    ...(options.basicAuth ? [`BasicAuth ${options.basicAuth.user} ${options.basicAuth.password}`] : []),
  ];
  await writeFile(join(dir, 'tinyproxy.conf'), `${lines.join('\n')}\n`, { mode: 0o600 });
  // -d: stay in the foreground, so the process group `bounded` made is all of it.
  const child = bounded('tinyproxy', ['-d', '-c', join(dir, 'tinyproxy.conf')], { PATH: process.env.PATH, HOME: dir }, options.lifetimeSec ?? 600, 'pipe');
  // tinyproxy -d logs to stdout: `Request (file descriptor 4): CONNECT host:port HTTP/1.0`.
  const connects: string[] = [];
  splitLines(child.stdout!, (line) => {
    const m = /Request \(file descriptor \d+\): CONNECT (\S+) HTTP/.exec(line);
    if (m && connects.length < 1000) connects.push(m[1]!);
  });
  const stop = async () => {
    await stopGroup(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, child, 'tinyproxy');
    return { port, url: `http://127.0.0.1:${port}`, connects: () => [...connects], stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
