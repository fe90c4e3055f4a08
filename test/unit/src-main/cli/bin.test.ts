import { mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, thinshell } from './cli-process.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thinshell-bin-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('bin/thinshell', { timeout: 30_000 }, () => {
  it('is executable', async () => {
    expect((await stat(join(repoRoot, 'bin/thinshell'))).mode & 0o111).toBe(0o111);
  });

  it('runs through a symlink from another directory', async () => {
    const link = join(dir, 'thinshell');
    await symlink(join(repoRoot, 'bin/thinshell'), link);
    const r = await thinshell(['policy', 'validate', join(repoRoot, 'resources/policy.example.json')], { command: [link] });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('policy.example.json: OK (image layer)');
    const usage = await thinshell(['policy', 'frobnicate'], { command: [link] });
    expect(usage.code).toBe(2);
  });
});
