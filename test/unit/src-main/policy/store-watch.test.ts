import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PolicyLayerStatus } from '../../../../src-main/contract/index.ts';
import type { Policy } from '../../../../src-main/policy/schema.ts';
import { PolicyStore } from '../../../../src-main/policy/store.ts';

let dir: string;
let store: PolicyStore | undefined;
let paths: { imagePath: string; managedPath: string; localPath: string };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thinshell-watch-'));
  await mkdir(join(dir, 'etc'));
  paths = { imagePath: join(dir, 'etc/policy.json'), managedPath: join(dir, 'var/lib/managed.json'), localPath: join(dir, 'local.json') };
});
afterEach(async () => {
  store?.close();
  store = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** Collects what the store emits, and waits for the next emission (bounded). */
function record(s: PolicyStore) {
  const changes: Policy[] = [];
  const statuses: PolicyLayerStatus[][] = [];
  let wake: (() => void) | undefined;
  s.onChange((p) => (changes.push(p), wake?.()));
  s.onLayers((l) => (statuses.push(l), wake?.()));
  const next = (ms = 3000) =>
    new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no event within ' + ms + ' ms')), ms);
      wake = () => (clearTimeout(t), resolve());
    });
  return { changes, statuses, next };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PolicyStore watching', () => {
  it('emits the new policy when a file is written in place', async () => {
    store = await PolicyStore.open({ ...paths, debounceMs: 50 });
    const rec = record(store);
    const event = rec.next();
    await writeFile(paths.imagePath, '{"locale":"de"}');
    await event;
    expect(rec.changes.map((p) => p.locale)).toEqual(['de']);
    expect(store.layers()[1]?.status).toBe('ok');
  });

  it('emits when an editor replaces the file by rename', async () => {
    await writeFile(paths.imagePath, '{"session":{"onEnd":"reconnect"}}');
    store = await PolicyStore.open({ ...paths, debounceMs: 50 });
    const rec = record(store);
    const event = rec.next();
    const temp = join(dir, 'etc', '.policy.json.swp');
    await writeFile(temp, '{"session":{"onEnd":"powerOff"}}');
    await rename(temp, paths.imagePath);
    await event;
    expect(rec.changes.at(-1)?.session.onEnd).toBe('powerOff');
  });

  it('debounces a burst of writes into one re-read with the final content', async () => {
    store = await PolicyStore.open({ ...paths, debounceMs: 150 });
    const rec = record(store);
    for (const sec of [1, 2, 3, 4, 7]) await writeFile(paths.imagePath, `{"session":{"endedScreenSec":${sec}}}`);
    await rec.next();
    await sleep(400);
    expect(rec.changes.map((p) => p.session.endedScreenSec)).toEqual([7]);
  });

  it('sees a file whose directory is created later', async () => {
    store = await PolicyStore.open({ ...paths, debounceMs: 50 });
    const rec = record(store);
    const event = rec.next();
    await mkdir(join(dir, 'var/lib'), { recursive: true });
    await writeFile(paths.managedPath, '{"locale":"de"}');
    await event;
    await sleep(200); // the re-arm may re-read once more: it must not change the outcome
    expect(store.policy().locale).toBe('de');
    expect(rec.changes.map((p) => p.locale)).toEqual(['de']);
  });

  it('follows a directory that is removed and created again', async () => {
    await writeFile(paths.imagePath, '{"locale":"de"}');
    store = await PolicyStore.open({ ...paths, debounceMs: 50 });
    const rec = record(store);
    let event = rec.next();
    await rm(join(dir, 'etc'), { recursive: true });
    await event;
    expect(store.policy().locale).toBe('en');
    await sleep(100);
    event = rec.next();
    await mkdir(join(dir, 'etc'));
    await writeFile(paths.imagePath, '{"locale":"de"}');
    await event;
    await sleep(200);
    expect(store.policy().locale).toBe('de');
    expect(rec.changes.map((p) => p.locale)).toEqual(['en', 'de']);
  });

  it('reports a file turning invalid without changing the policy, and its recovery', async () => {
    await writeFile(paths.localPath, '{"kiosk":{"devtools":true}}');
    store = await PolicyStore.open({ ...paths, debounceMs: 50 });
    const rec = record(store);
    let event = rec.next();
    await writeFile(paths.localPath, '{"kiosk":{"devtools":"yes"}}');
    await event;
    expect(rec.changes).toEqual([]);
    expect(rec.statuses.at(-1)?.[3]).toMatchObject({ status: 'invalid', error: expect.stringContaining('kiosk.devtools') });
    expect(store.policy().kiosk.devtools).toBe(true);
    event = rec.next();
    await writeFile(paths.localPath, '{"kiosk":{"devtools":false}}');
    await event;
    expect(rec.changes.map((p) => p.kiosk.devtools)).toEqual([false]);
  });

  it('emits on deletion: the layer becomes absent', async () => {
    await writeFile(paths.imagePath, '{"locale":"de"}');
    store = await PolicyStore.open({ ...paths, debounceMs: 50 });
    const rec = record(store);
    const event = rec.next();
    await rm(paths.imagePath);
    await event;
    expect(rec.changes.map((p) => p.locale)).toEqual(['en']);
    expect(store.layers()[1]?.status).toBe('absent');
  });

  it('emits nothing after close()', async () => {
    store = await PolicyStore.open({ ...paths, debounceMs: 20 });
    const rec = record(store);
    store.close();
    await writeFile(paths.imagePath, '{"locale":"de"}');
    await sleep(200);
    expect(rec.changes).toEqual([]);
  });
});

describe('PolicyStore and process exit', () => {
  /**
   * Runs a child that opens a watching store (and closes it, or not), then says "ready".
   * Resolves whether it exited by itself within `graceMs` of saying so; startup time under
   * tsx varies with load, so only the time after "ready" counts.
   */
  function child(closeIt: boolean, graceMs: number): Promise<boolean> {
    const storeUrl = new URL('../../../../src-main/policy/store.ts', import.meta.url).href;
    const code = `
      const { PolicyStore } = await import(${JSON.stringify(storeUrl)});
      const s = await PolicyStore.open(${JSON.stringify(paths)});
      ${closeIt ? 's.close();' : ''}
      process.stdout.write('ready');`;
    const cwd = fileURLToPath(new URL('../../../../', import.meta.url));
    const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'], cwd });
    return new Promise((resolve, reject) => {
      let timer = setTimeout(() => (proc.kill(), reject(new Error('child never got ready'))), 20_000);
      proc.stdout.once('data', () => {
        clearTimeout(timer);
        timer = setTimeout(() => (proc.kill(), resolve(false)), graceMs);
      });
      proc.on('exit', (status) => (clearTimeout(timer), resolve(status === 0)));
    });
  }

  it('lets an idle process exit after close(), and keeps it alive while watching', async () => {
    const [closed, open] = await Promise.all([child(true, 3000), child(false, 1000)]);
    expect(closed).toBe(true);
    expect(open).toBe(false);
  }, 30_000);
});
