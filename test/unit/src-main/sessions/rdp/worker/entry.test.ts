import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultWorkerEntry, WORKER_BUNDLE } from '../../../../../../src-main/sessions/rdp/worker/entry.ts';

describe('defaultWorkerEntry', () => {
  it('from source: worker/main.ts through tsx, by absolute path', () => {
    const entry = defaultWorkerEntry()!;
    expect(entry.path).toMatch(/src-main\/sessions\/rdp\/worker\/main\.ts$/);
    expect(existsSync(entry.path)).toBe(true);
    expect(entry.execArgv[0]).toBe('--import');
    expect(entry.execArgv[1]).toMatch(/^\/.*node_modules\/tsx\/dist\/loader\.mjs$/);
  });

  it('from a bundle: the sibling rdp-worker.mjs (dist/node), also from dist/main; none: undefined', async () => {
    const dist = await mkdtemp(join(tmpdir(), 'thinshell-dist-'));
    try {
      await mkdir(join(dist, 'node'));
      await mkdir(join(dist, 'main'));
      expect(defaultWorkerEntry(pathToFileURL(join(dist, 'node', 'cli.mjs')).href)).toBeUndefined();
      await writeFile(join(dist, 'node', WORKER_BUNDLE), '');
      expect(defaultWorkerEntry(pathToFileURL(join(dist, 'node', 'cli.mjs')).href)).toEqual({ path: join(dist, 'node', WORKER_BUNDLE), execArgv: [] });
      expect(defaultWorkerEntry(pathToFileURL(join(dist, 'main', 'electron-main.cjs')).href)).toEqual({ path: join(dist, 'node', WORKER_BUNDLE), execArgv: [] });
      expect(defaultWorkerEntry(null)).toBeUndefined();
    } finally {
      await rm(dist, { recursive: true, force: true });
    }
  });
});
