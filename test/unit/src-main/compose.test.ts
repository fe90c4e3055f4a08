import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/app/core-types.ts';
import { silentLogger } from '../../../src-main/common/log.ts';
import { composeCore, policyPathsFromEnv } from '../../../src-main/compose.ts';
import type { ShellView } from '../../../src-main/contract/index.ts';

// The real wiring (policy store, discovery, direct broker, engines registry) from policy files.
let dir: string;
let core: (Core & { close(): void }) | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thinshell-compose-'));
});
afterEach(async () => {
  await core?.stop();
  core = undefined;
  await rm(dir, { recursive: true, force: true });
});

const paths = () => ({ imagePath: join(dir, 'policy.json'), managedPath: join(dir, 'managed.json'), localPath: join(dir, 'local.json') });
const screen = async (c: Core) => ((await c.handlers.getView({})) as ShellView).screen;
const direct = {
  brokers: [{ type: 'direct', id: 'lab', name: 'Lab', hosts: [{ id: 'a', name: 'A', protocol: 'rdp', host: '127.0.0.1' }] }],
};

describe('composeCore', () => {
  it('boots to sign-in at the broker the image policy names', async () => {
    await writeFile(paths().imagePath, JSON.stringify(direct));
    core = await composeCore({ policy: { ...paths(), watch: false }, log: silentLogger });
    await core.start();
    const s = await screen(core);
    expect(s.kind === 'signIn' && s.broker.name).toBe('Lab');
  });

  it('a malformed policy file does not stop the kiosk: first-run setup, and the admin sees file and line', async () => {
    await writeFile(paths().imagePath, '{\n  "brokers": [\n    { "type": "direct", "id": "lab", }\n  ]\n}\n');
    core = await composeCore({ policy: { ...paths(), watch: false }, log: silentLogger });
    await core.start();
    expect((await screen(core)).kind).toBe('setup');
    const { PolicyStore } = await import('../../../src-main/policy/store.ts');
    const store = await PolicyStore.open({ ...paths(), watch: false });
    const image = store.layers().find((l) => l.layer === 'image');
    store.close();
    expect(image?.status).toBe('invalid');
    expect(image?.error).toContain(`${paths().imagePath}:3:`);
  });

  it('keeps the last good policy when the file turns bad while running', async () => {
    await writeFile(paths().imagePath, JSON.stringify(direct));
    core = await composeCore({ policy: { ...paths(), debounceMs: 20 }, log: silentLogger });
    await core.start();
    const changed = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1500);
      core!.onPolicy(() => (clearTimeout(timer), resolve()));
    });
    await writeFile(paths().imagePath, '{ "brokers": "not a list" }');
    await changed;
    const s = await screen(core);
    expect(s.kind === 'signIn' && s.broker.name).toBe('Lab');
  });

  it('reads policy paths from the environment for the Electron host', () => {
    expect(policyPathsFromEnv({ THINSHELL_POLICY: '/a', THINSHELL_LOCAL_POLICY: '/c' })).toEqual({ imagePath: '/a', localPath: '/c' });
    expect(policyPathsFromEnv({})).toEqual({});
  });
});
