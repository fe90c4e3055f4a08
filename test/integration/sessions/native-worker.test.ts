import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../../../src-main/demo/servers.ts';
import { WorkerClient } from '../../../src-main/sessions/rdp/worker/client.ts';
import { defaultWorkerEntry } from '../../../src-main/sessions/rdp/worker/entry.ts';
import type { StateMessage, WorkerErrorKind } from '../../../src-main/sessions/rdp/worker/protocol.ts';
import { forkLauncher, type WorkerTransport } from '../../../src-main/sessions/rdp/worker/transport.ts';
import { LIBRARY, LIBRARY_BUILT } from './native-support.ts';

/** The real worker process (worker/main.ts + the real library), spoken to at the protocol level. */
const alive = (pid: number) => {
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};
let home: string;
beforeAll(async () => (home = await mkdtemp(join(tmpdir(), 'thinshell-worker-'))));
afterAll(() => rm(home, { recursive: true, force: true }));

function worker(library = LIBRARY) {
  const transport: WorkerTransport = forkLauncher({ entry: defaultWorkerEntry()!, args: [library], env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home }, cwd: home });
  const states: StateMessage[] = [];
  const problems: string[] = [];
  let fatal: { kind: WorkerErrorKind; message: string } | undefined;
  let onReady!: (v: string) => void;
  const ready = new Promise<string>((r) => (onReady = r));
  const client = new WorkerClient(transport, { onReady, onState: (s) => states.push(s), onFatal: (kind, message) => (fatal = { kind, message }), onProtocolError: (p) => problems.push(p) });
  return { transport, client, states, problems, ready, fatal: () => fatal };
}

describe.skipIf(!LIBRARY_BUILT)('the session worker process with the real library', () => {
  it('says ready with the library version and answers pings before any session', async () => {
    const w = worker();
    expect(await w.ready).toMatch(/^thinshell_rdp .*FreeRDP 2\./);
    expect(await w.client.request({ type: 'ping' })).toEqual({ type: 'result', seq: 1 });
    await w.client.request({ type: 'disconnect' });
    expect(await w.transport.exited).toEqual({ code: 0, signal: null });
    expect(w.problems).toEqual([]);
  });

  it('a setting the library refuses: an error of kind settings naming the key; then the worker exits', async () => {
    const w = worker();
    await w.ready;
    const err = await w.client.request({ type: 'start', settings: { host: '127.0.0.1', width: '5' } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'settings', message: expect.stringContaining('width') });
    expect(await w.transport.exited).toEqual({ code: 0, signal: null });
  });

  it('a connection that fails: states connecting then failed with FreeRDP error and kind, then exit 0', async () => {
    const w = worker();
    await w.ready;
    const port = await freeLoopbackPort();
    await w.client.request({ type: 'start', settings: { host: '127.0.0.1', port: String(port), window: '0', cert_mode: 'ignore' }, password: 'x' });
    expect((await w.transport.exited).code).toBe(0);
    expect(w.states.map((s) => s.state)).toEqual(['connecting', 'failed']);
    expect(w.states.at(-1)).toMatchObject({ lastError: 0x2000d, errorKind: 2 });
  });

  it('a malformed request is answered bad-request and the worker stays usable', async () => {
    const w = worker();
    await w.ready;
    const got = new Promise<unknown>((resolve) => w.transport.onMessage(resolve));
    w.transport.send({ type: 'start', seq: 77, settings: 'host=x' });
    expect(await got).toMatchObject({ type: 'error', seq: 77, kind: 'bad-request' });
    expect(await w.client.request({ type: 'ping' })).toMatchObject({ type: 'result' });
    w.transport.kill('SIGKILL');
    await w.transport.exited;
  });

  it('a library that is not there: fatal of kind library, exit 2', async () => {
    const w = worker('/nonexistent/libthinshell_rdp.so');
    expect(await w.transport.exited).toEqual({ code: 2, signal: null });
    expect(w.fatal()).toMatchObject({ kind: 'library', message: expect.stringContaining('/nonexistent/libthinshell_rdp.so') });
  });

  it('the parent dies (kill -9): the worker sees its channel close and ends by itself', async () => {
    const entry = defaultWorkerEntry()!;
    // A stand-in for the kiosk: forks the worker, prints its pid once it is ready, then gets killed.
    const parentScript = join(home, 'parent.mjs');
    await writeFile(
      parentScript,
      `import { fork } from 'node:child_process';
const c = fork(${JSON.stringify(entry.path)}, [${JSON.stringify(LIBRARY)}], { execArgv: ${JSON.stringify(entry.execArgv)}, stdio: ['ignore', 'ignore', 'ignore', 'ipc'], detached: true, env: { PATH: process.env.PATH, HOME: ${JSON.stringify(home)} } });
c.on('message', (m) => { if (m.type === 'ready') process.stdout.write(c.pid + '\\n'); });`,
    );
    const parent = spawn(process.execPath, [parentScript], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = Number(await new Promise<string>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()))));
    expect(alive(pid)).toBe(true);
    parent.kill('SIGKILL');
    const t0 = Date.now();
    while (alive(pid) && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 50));
    expect(alive(pid)).toBe(false);
  });
});
