import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { memoryLog } from '../electron/log.ts';
import { startSessionHotkey, type SessionHotkey, type SessionHotkeyOptions } from '../../../../../src-main/hosts/browser/hotkey.ts';
import { defaultPolicy, type Policy } from '../../../../../src-main/policy/schema.ts';
import { createFakeCore, type FakeCore } from '../../../../fakes/core.ts';

// A stand-in for xbindkeys (the real one runs in test/integration/hosts/browser/hotkey.test.ts):
// a real process that logs each start with its configuration, says it is ready the way
// `xbindkeys -v` does, complains about a conflict when bound to PageUp, and prints whatever the
// test writes into a FIFO - the test's "key presses".
const FAKE = `#!/bin/sh
log="$1"; fifo="$2"; mode="$3"; rc="$5"
echo "start $$ $rc $(grep -v '^#' "$rc" | tr '\\n' '|')" >> "$log"
[ "$mode" = crash ] && exit 1
grep -q Prior "$rc" && echo "It seems that there is a conflict, and xbindkeys can't" >&2
echo "starting loop..."
# Held open read-write, the FIFO always has a reader: a press never meets a closing cat (EPIPE).
exec 3<>"$fifo"
exec cat <&3
`;

let dir: string;
let fake: string;
let fifo: string;
let startLog: string;
const running: SessionHotkey[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thinshell-hotkey-test-'));
  fake = join(dir, 'fake-xbindkeys');
  await writeFile(fake, FAKE);
  await chmod(fake, 0o755);
  fifo = join(dir, 'keys');
  execFileSync('mkfifo', [fifo]);
  startLog = join(dir, 'starts.log');
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((h) => h.stop()));
  await rm(startLog, { force: true });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const withHotkey = (hotkey: string): Policy => ({ ...defaultPolicy, session: { ...defaultPolicy.session, hotkey } });

async function start(core: FakeCore, mode = 'run', over: Partial<SessionHotkeyOptions> = {}) {
  const log = memoryLog();
  const hotkey = await startSessionHotkey({ core, display: ':99', log, command: [fake, startLog, fifo, mode], repeatWindowMs: 0, ...over });
  running.push(hotkey);
  return { hotkey, log };
}

const press = (text = 'thinshell-hotkey\n') => writeFile(fifo, text);
const starts = async () => ((await readFile(startLog, 'utf8').catch(() => '')).match(/^start .*$/gm) ?? []).map((l) => l.split(' '));
const alive = (pid: string) => existsSync(`/proc/${pid}`);

describe('startSessionHotkey', () => {
  it('grabs policy hotkey and turns each printed event line into core.hotkey()', async () => {
    const core = createFakeCore({ policy: withHotkey('ctrl+alt+home') });
    const { hotkey } = await start(core);
    expect(await hotkey.ready()).toBe(true);
    expect(hotkey.active).toBe('Ctrl+Alt+Home');
    expect((await starts())[0]!.slice(3).join(' ')).toBe('"echo thinshell-hotkey"|  Control+Mod1 + Home|');
    await press('thinshell-hotkey\nthinshell-hotkey\n');
    await vi.waitFor(() => expect(core.hotkeys).toBe(2));
  });

  it('ignores every other line: verbose noise, near misses, its ready line', async () => {
    const core = createFakeCore();
    const { hotkey } = await start(core);
    await hotkey.ready();
    await press('starting loop...\nKey press !\n thinshell-hotkey\nthinshell-hotkeyX\nthinshell-hotkey\n');
    await vi.waitFor(() => expect(core.hotkeys).toBe(1));
  });

  it('a key held down (autorepeat prints the line again and again) is one press', async () => {
    const core = createFakeCore();
    const { hotkey } = await start(core, 'run', { repeatWindowMs: 60_000 });
    await hotkey.ready();
    await press('thinshell-hotkey\n'.repeat(5));
    await vi.waitFor(() => expect(core.hotkeys).toBe(1));
    await press('thinshell-hotkey\n');
    await new Promise((r) => setTimeout(r, 100));
    expect(core.hotkeys).toBe(1);
  });

  it('restarts the grabber with the new key when policy changes it, and only then', async () => {
    const core = createFakeCore();
    const { hotkey } = await start(core);
    await hotkey.ready();
    const [first] = await starts();
    core.setPolicy(withHotkey('Ctrl+Alt+Home')); // same key, written differently: no restart
    core.setPolicy(withHotkey('Ctrl+Shift+F5'));
    await vi.waitFor(async () => expect(await starts()).toHaveLength(2));
    expect(await hotkey.ready()).toBe(true);
    expect(hotkey.active).toBe('Ctrl+Shift+F5');
    expect((await starts())[1]!.slice(3).join(' ')).toBe('"echo thinshell-hotkey"|  Control+Shift + F5|');
    expect(alive(first![1]!)).toBe(false);
    await press();
    await vi.waitFor(() => expect(core.hotkeys).toBe(1));
  });

  it('an unusable policy hotkey falls back to the default, with a clear error', async () => {
    const core = createFakeCore({ policy: withHotkey('Ctrl+Alt+Hom') });
    const { hotkey, log } = await start(core);
    expect(hotkey.active).toBe('Ctrl+Alt+Home');
    expect(log.lines.join('\n')).toContain('unknown key \\"Hom\\"');
  });

  it('a key another program holds: falls back to the default hotkey', async () => {
    const core = createFakeCore({ policy: withHotkey('Ctrl+Alt+PageUp') });
    const { hotkey, log } = await start(core);
    await vi.waitFor(async () => expect(await starts()).toHaveLength(2));
    expect(hotkey.active).toBe('Ctrl+Alt+Home');
    expect(log.lines.join('\n')).toMatch(/taken by another program.*PageUp/);
  });

  it('a grabber that dies is restarted with a growing delay; stop() ends the restarts', async () => {
    const core = createFakeCore();
    const { hotkey } = await start(core, 'crash', { restartDelayMs: 20 });
    await vi.waitFor(async () => expect((await starts()).length).toBeGreaterThanOrEqual(3));
    await hotkey.stop();
    const count = (await starts()).length;
    await new Promise((r) => setTimeout(r, 300));
    expect(await starts()).toHaveLength(count);
  });

  it('a grabber that is not installed is reported once, never respawned', async () => {
    const core = createFakeCore();
    const log = memoryLog();
    const hotkey = await startSessionHotkey({ core, display: ':99', log, command: [join(dir, 'no-such-xbindkeys')], restartDelayMs: 10 });
    running.push(hotkey);
    expect(await hotkey.ready()).toBe(false);
    await new Promise((r) => setTimeout(r, 100));
    expect(log.lines.filter((l) => l.includes('xbindkeys cannot run'))).toHaveLength(1);
  });

  it('stop() ends the grabber and removes its private folder', async () => {
    const core = createFakeCore();
    const { hotkey } = await start(core);
    await hotkey.ready();
    const [, pid, rc] = (await starts())[0]!;
    expect(existsSync(rc!)).toBe(true);
    await hotkey.stop();
    expect(alive(pid!)).toBe(false);
    expect(existsSync(rc!)).toBe(false);
  });
});
