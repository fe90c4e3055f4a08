import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src-main/common/log.ts';
import { composeCore } from '../../src-main/compose.ts';
import type { ShellView } from '../../src-main/contract/index.ts';
import { startDisplay, type Display } from '../../src-main/demo/display.ts';

// The real core with the real xfreerdp engine, against a desktop that is down.
let dir: string;
let display: Display;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thinshell-compose-it-'));
  display = await startDisplay();
});
afterAll(async () => {
  await display?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function freePortNobodyListensOn(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

describe('composeCore with real engines', () => {
  it('a desktop that is down gives a clear error screen with a way forward, not a crash', async () => {
    const port = await freePortNobodyListensOn();
    const policy = { brokers: [{ type: 'direct', id: 'lab', name: 'Lab', hosts: [{ id: 'a', name: 'A', protocol: 'rdp', host: '127.0.0.1', port }] }] };
    await writeFile(join(dir, 'policy.json'), JSON.stringify(policy));
    const core = await composeCore({
      policy: { imagePath: join(dir, 'policy.json'), managedPath: join(dir, 'm.json'), localPath: join(dir, 'l.json'), watch: false },
      log: silentLogger,
      display: display.name,
    });
    try {
      await core.start();
      await core.handlers.signIn({ username: 'u', password: 'p' });
      const views: ShellView[] = [];
      const errorShown = new Promise<void>((resolve) =>
        core.onView((v) => {
          views.push(v);
          if (v.screen.kind === 'error') resolve();
        }),
      );
      await core.handlers.connect({ desktopId: 'a' });
      await errorShown;
      const s = views.at(-1)!.screen;
      expect(s.kind === 'error' && s.error.code).toBe('session-unreachable');
      expect(s.kind === 'error' && s.actions).toEqual(['retry', 'signIn']);
    } finally {
      await core.stop();
    }
  });
});
