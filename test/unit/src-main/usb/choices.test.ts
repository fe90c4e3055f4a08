import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../../src-main/common/log.ts';
import { ChoiceStore } from '../../../../src-main/usb/choices.ts';

let dir: string;
let file: string;
let lines: string[];
const log = () => createLogger('t', { write: (l) => lines.push(l) });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thinshell-choices-'));
  file = join(dir, 'var/lib/thinshell/usb-choices.json');
  lines = [];
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('ChoiceStore', () => {
  it('no file yet: no choices; the first one creates it 0600, users keyed by an HMAC, not the name', async () => {
    const store = await ChoiceStore.open(file, log());
    expect(store.get({ kind: 'terminal' }).size).toBe(0);
    await store.set({ kind: 'user', brokerId: 'lab', user: 'Alice.Smith' }, '0781:5581:SER1', 'redirect');
    const text = await readFile(file, 'utf8');
    expect(text).not.toMatch(/alice/i);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const again = await ChoiceStore.open(file, log());
    // The same user (names compare case-blind) at the same broker finds it; others do not.
    expect([...again.get({ kind: 'user', brokerId: 'lab', user: ' alice.smith ' })]).toEqual([['0781:5581:SER1', 'redirect']]);
    expect(again.get({ kind: 'user', brokerId: 'other', user: 'alice.smith' }).size).toBe(0);
    expect(again.get({ kind: 'user', brokerId: 'lab', user: 'bob' }).size).toBe(0);
    expect(again.get({ kind: 'terminal' }).size).toBe(0);
  });

  it('two terminals key the same user differently (a salt of their own)', async () => {
    const a = await ChoiceStore.open(join(dir, 'a.json'), log());
    const b = await ChoiceStore.open(join(dir, 'b.json'), log());
    expect(a.userKey('lab', 'alice')).not.toBe(b.userKey('lab', 'alice'));
    expect(a.userKey('lab', 'alice')).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('terminal choices; the latest choice per device wins; at most 64 per scope', async () => {
    const store = await ChoiceStore.open(file, log());
    await store.set({ kind: 'terminal' }, '03f0:c511', 'redirect');
    await store.set({ kind: 'terminal' }, '03f0:c511', 'local');
    expect(store.get({ kind: 'terminal' }).get('03f0:c511')).toBe('local');
    for (let i = 0; i < 70; i++) await store.set({ kind: 'terminal' }, `1234:${i.toString(16).padStart(4, '0')}`, 'redirect');
    const map = (await ChoiceStore.open(file, log())).get({ kind: 'terminal' });
    expect(map.size).toBe(64);
    expect(map.has('1234:0045')).toBe(true);
    expect(map.has('03f0:c511')).toBe(false);
  });

  it('a file that is not valid is moved aside, not overwritten, and said so', async () => {
    await ChoiceStore.open(file, log()).then((s) => s.set({ kind: 'terminal' }, '03f0:c511', 'local'));
    await writeFile(file, '{"version": 1, "salt": "short", "terminal": {}}');
    const store = await ChoiceStore.open(file, log());
    expect(store.get({ kind: 'terminal' }).size).toBe(0);
    expect(await readFile(`${file}.invalid`, 'utf8')).toContain('short');
    expect(lines.some((l) => /not valid; moved aside/.test(l))).toBe(true);
    await writeFile(file, 'not json at all');
    await ChoiceStore.open(file, log());
    expect(await readFile(`${file}.invalid`, 'utf8')).toBe('not json at all');
  });

  it('refuses keys that are not a device key', async () => {
    const store = await ChoiceStore.open(file, log());
    await expect(store.set({ kind: 'terminal' }, '../etc', 'local')).rejects.toThrow(/not a device key/);
  });
});
