import { chmod, mkdir, mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gstRegistryPath } from '../../../../../src-main/sessions/spice/gst-registry.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thinshell-gst-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('gstRegistryPath', () => {
  it('a private folder in the account\'s cache (XDG_CACHE_HOME, else ~/.cache), made 0700', async () => {
    expect(await gstRegistryPath({ XDG_CACHE_HOME: join(dir, 'xdg') })).toBe(join(dir, 'xdg/thinshell/gstreamer-registry.bin'));
    expect((await stat(join(dir, 'xdg/thinshell'))).mode & 0o777).toBe(0o700);
    expect(await gstRegistryPath({ HOME: join(dir, 'home') })).toBe(join(dir, 'home/.cache/thinshell/gstreamer-registry.bin'));
  });

  it('none without a cache folder, or when the folder is open to others or a symlink', async () => {
    expect(await gstRegistryPath({})).toBeUndefined();
    await mkdir(join(dir, 'open/thinshell'), { recursive: true });
    await chmod(join(dir, 'open/thinshell'), 0o777);
    expect(await gstRegistryPath({ XDG_CACHE_HOME: join(dir, 'open') })).toBeUndefined();
    await mkdir(join(dir, 'link'), { recursive: true });
    await mkdir(join(dir, 'elsewhere'), { mode: 0o700 });
    await symlink(join(dir, 'elsewhere'), join(dir, 'link/thinshell'));
    expect(await gstRegistryPath({ XDG_CACHE_HOME: join(dir, 'link') })).toBeUndefined();
  });
});
