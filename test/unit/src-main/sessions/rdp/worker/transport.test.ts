import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forkLauncher, type WorkerTransport } from '../../../../../../src-main/sessions/rdp/worker/transport.ts';

let dir: string;
/** A real forked Node: echoes each message back with `echo: true`, prints lines, exits on 'bye'. */
const ECHO = `
process.stdout.write('hello from ' + process.env.HOME + '\\n');
process.stderr.write('on stderr\\n');
process.on('message', (m) => {
  if (m === 'bye') process.exit(3);
  process.send({ ...m, echo: true, argv: process.argv.slice(2), env: Object.keys(process.env).sort() });
});
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thinshell-fork-'));
  await writeFile(join(dir, 'echo.mjs'), ECHO);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function launch(script = 'echo.mjs'): WorkerTransport {
  return forkLauncher({ entry: { path: join(dir, script), execArgv: [] }, args: ['/lib.so'], env: { PATH: process.env.PATH ?? '', HOME: dir }, cwd: dir });
}

describe('forkLauncher', () => {
  it('a real child with an IPC channel, exactly the given env and args, its output as lines', async () => {
    const t = launch();
    const lines: string[] = [];
    t.onOutput((l) => lines.push(l));
    const reply = new Promise((resolve) => t.onMessage(resolve));
    expect(t.send({ type: 'ping', seq: 1 })).toBe(true);
    expect(await reply).toEqual({ type: 'ping', seq: 1, echo: true, argv: ['/lib.so'], env: ['HOME', 'PATH'] });
    t.send('bye');
    expect(await t.exited).toEqual({ code: 3, signal: null });
    expect(lines.sort()).toEqual([`hello from ${dir}`, 'on stderr']);
    expect(t.send({ type: 'ping', seq: 2 })).toBe(false);
  });

  it('kill(SIGKILL): exited reports the signal; it runs in its own process group', async () => {
    const t = launch();
    await new Promise((resolve) => t.onOutput(resolve));
    const pgid = Number((await import('node:fs')).readFileSync(`/proc/${t.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[2]);
    expect(pgid).toBe(t.pid);
    t.kill('SIGKILL');
    expect(await t.exited).toEqual({ code: null, signal: 'SIGKILL' });
    t.kill('SIGKILL'); // twice: harmless
  });

  it('a script that does not exist: the child exits non-zero, nothing throws', async () => {
    const t = launch('missing.mjs');
    const exit = await t.exited;
    expect(exit.code).not.toBe(0);
  });
});
