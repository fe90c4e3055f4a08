import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ShellError } from '../../../../src-main/contract/index.ts';
import { PolicyStore } from '../../../../src-main/policy/store.ts';

let dir: string;
let paths: { imagePath: string; managedPath: string; localPath: string };
const stores: PolicyStore[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thinshell-policy-'));
  paths = { imagePath: join(dir, 'etc/policy.json'), managedPath: join(dir, 'var/managed.json'), localPath: join(dir, 'var/local/local.json') };
});
afterEach(async () => {
  for (const s of stores.splice(0)) s.close();
  await rm(dir, { recursive: true, force: true });
});

async function put(file: string, value: unknown): Promise<void> {
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
}
async function open(): Promise<PolicyStore> {
  const store = await PolicyStore.open({ ...paths, watch: false });
  stores.push(store);
  return store;
}

describe('PolicyStore layers', () => {
  it('uses the built-in defaults when every file is absent', async () => {
    const store = await open();
    expect(store.policy().session.onEnd).toBe('signIn');
    expect(store.layers().map((l) => [l.layer, l.status])).toEqual([
      ['defaults', 'ok'], ['image', 'absent'], ['managed', 'absent'], ['local', 'absent'],
    ]);
  });

  it('merges image < managed < local: objects deep, arrays replaced', async () => {
    await put(paths.imagePath, { locale: 'de', session: { onEnd: 'reconnect', endedScreenSec: 9 }, kiosk: { powerOffCommand: ['a', 'b'] } });
    await put(paths.managedPath, { session: { endedScreenSec: 20 }, kiosk: { powerOffCommand: ['c'] } });
    await put(paths.localPath, { locale: 'en', kiosk: { devtools: true } });
    const p = (await open()).policy();
    expect(p.locale).toBe('en');
    expect(p.session).toMatchObject({ onEnd: 'reconnect', endedScreenSec: 20, hotkey: 'Ctrl+Alt+Home' });
    expect(p.kiosk.powerOffCommand).toEqual(['c']);
    expect(p.kiosk.devtools).toBe(true);
    expect(() => {
      (p.session as { onEnd: string }).onEnd = 'powerOff';
    }).toThrow(TypeError); // read-only for every consumer
  });

  it('reports an invalid file by file, line and key and keeps its last good version', async () => {
    await put(paths.imagePath, { session: { onEnd: 'reconnect' } });
    const store = await open();
    expect(store.policy().session.onEnd).toBe('reconnect');
    await put(paths.imagePath, '{\n  "session": {\n    "onEnd": "sleep"\n  }\n}\n');
    await store.reload();
    const image = store.layers().find((l) => l.layer === 'image');
    expect(image?.status).toBe('invalid');
    expect(image?.error).toBe(`${paths.imagePath}:3:5: session.onEnd: expected one of signIn, reconnect, powerOff (got "sleep")`);
    expect(store.policy().session.onEnd).toBe('reconnect');
  });

  it('reports a JSON syntax error with line and column; with no good version the layer adds nothing', async () => {
    await put(paths.managedPath, '{\n  "locale": "de",,\n}');
    const store = await open();
    const managed = store.layers().find((l) => l.layer === 'managed');
    expect(managed?.status).toBe('invalid');
    expect(managed?.error).toMatch(new RegExp(`^${paths.managedPath}:2:18: invalid JSON: `));
    expect(store.policy().locale).toBe('en');
  });

  it('rejects an unknown key in any layer', async () => {
    await put(paths.imagePath, { kiosk: { devtool: true } });
    const store = await open();
    expect(store.layers()[1]?.error).toBe(`${paths.imagePath}:3:5: kiosk.devtool: unknown key`);
  });

  it('ignores locked keys in the local layer, keeps its other keys and says so', async () => {
    await put(paths.imagePath, { locale: 'de', locked: ['locale'] });
    await put(paths.managedPath, { locked: ['locale', 'devtools'] });
    await put(paths.localPath, { locale: 'en', kiosk: { devtools: true, preventSleep: false } });
    const store = await open();
    expect(store.policy().locale).toBe('de');
    expect(store.policy().kiosk).toMatchObject({ devtools: false, preventSleep: false });
    const local = store.layers().find((l) => l.layer === 'local');
    expect(local?.status).toBe('ok');
    expect(local?.error).toContain('locale: locked by policy');
    expect(local?.error).toContain('devtools: locked by policy');
    expect(store.adminView()).toMatchObject({
      locked: ['locale', 'devtools'],
      local: { locale: 'en', devtools: true, preventSleep: false },
      effective: { locale: 'de', devtools: false, preventSleep: false, brokerAddress: '' },
    });
  });

  it('refuses a local layer with non-admin keys as a whole', async () => {
    await put(paths.localPath, { locale: 'de', brokers: [] });
    const store = await open();
    expect(store.layers()[3]?.status).toBe('invalid');
    expect(store.layers()[3]?.error).toContain('brokers: not an admin setting');
    expect(store.policy().locale).toBe('en');
  });
});

describe('PolicyStore.saveLocal', () => {
  it('writes the local layer atomically with mode 0600 in a new 0700 directory', async () => {
    const store = await open();
    const view = await store.saveLocal({ locale: 'de', onSessionEnd: 'powerOff' });
    expect(view.local).toEqual({ locale: 'de', onSessionEnd: 'powerOff' });
    expect(store.policy().session.onEnd).toBe('powerOff');
    expect((await stat(paths.localPath)).mode & 0o777).toBe(0o600);
    expect((await stat(join(paths.localPath, '..'))).mode & 0o777).toBe(0o700);
    expect(await readdir(join(paths.localPath, '..'))).toEqual(['local.json']); // no temp file left
    const reopened = await open();
    expect(reopened.adminView().local).toEqual({ locale: 'de', onSessionEnd: 'powerOff' });
  });

  it('replaces what was there before', async () => {
    const store = await open();
    await store.saveLocal({ locale: 'de', devtools: true });
    await store.saveLocal({ devtools: false });
    expect(store.adminView().local).toEqual({ devtools: false });
    expect(store.policy().locale).toBe('en');
  });

  it('refuses a locked key with policy-invalid naming the key, and writes nothing', async () => {
    await put(paths.imagePath, { locked: ['rdpEngine'] });
    const store = await open();
    const attempt = store.saveLocal({ locale: 'de', rdpEngine: 'native' });
    await expect(attempt).rejects.toBeInstanceOf(ShellError);
    await expect(attempt).rejects.toMatchObject({ code: 'policy-invalid', message: expect.stringContaining('rdpEngine') });
    await expect(stat(paths.localPath)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses settings that break the contract', async () => {
    const store = await open();
    await expect(store.saveLocal({ locale: 'fr' } as never)).rejects.toMatchObject({ code: 'policy-invalid' });
  });
});
