import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../../src-main/common/log.ts';
import { runBrowserHost } from '../../../../../src-main/hosts/browser/run.ts';
import { defaultPolicy } from '../../../../../src-main/policy/schema.ts';
import { createFakeCore } from '../../../../fakes/core.ts';
import { openBridge } from './bridge-client.ts';

// Chromium itself runs in test/integration/hosts/browser; here a stand-in that just stays up
// exercises the host's wiring: policy file, relaunch on disconnect, clean stop.
let dir: string;
let stub: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thinshell-run-'));
  stub = join(dir, 'chromium');
  await writeFile(stub, '#!/bin/sh\nexec sleep 300\n');
  await chmod(stub, 0o755);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const tokenOf = (url: string) => new URL(url).hash.replace('#token=', '');

describe('runBrowserHost', () => {
  it('serve-only: starts the core, prints a page URL, and a fresh one after the page goes', async () => {
    const core = createFakeCore();
    const printed: string[] = [];
    const host = await runBrowserHost(core, { launchChromium: false, handleSignals: false, log: silentLogger, printUrl: (u) => printed.push(u) });
    expect(core.started).toBe(true);
    expect(host.chromium).toBeUndefined();
    expect(printed).toHaveLength(1);
    const url = new URL(printed[0]!);
    expect(url.origin).toBe(host.server.origin);
    const page = await openBridge(`ws://${url.host}/bridge?token=${tokenOf(printed[0]!)}`, { Origin: url.origin });
    page.ws.close();
    await page.closed;
    await new Promise((r) => setImmediate(r));
    expect(printed).toHaveLength(2);
    expect(tokenOf(printed[1]!)).not.toBe(tokenOf(printed[0]!));
    await host.stop();
    expect(core.stopped).toBe(true);
  });

  it('writes the policy for its origin, follows kiosk.devtools, relaunches on disconnect, cleans up', async () => {
    const core = createFakeCore();
    const policyPath = join(dir, 'managed', 'thinshell.json');
    const host = await runBrowserHost(core, { chromiumPath: stub, display: ':99', policyPath, handleSignals: false, log: silentLogger });
    const policy = JSON.parse(await readFile(policyPath, 'utf8')) as Record<string, unknown>;
    expect(policy.URLAllowlist).toEqual([host.server.origin]);
    expect(policy.DeveloperToolsAvailability).toBe(2);
    expect(policy.RemoteDebuggingAllowed).toBe(false);

    core.setPolicy({ ...defaultPolicy, kiosk: { ...defaultPolicy.kiosk, devtools: true } });
    await new Promise((r) => setTimeout(r, 50));
    expect(JSON.parse(await readFile(policyPath, 'utf8')).DeveloperToolsAvailability).toBe(1);

    // A page connects with the first launch's token; when it goes, a new browser is started.
    const first = host.chromium!.current!;
    expect(host.chromium!.launches).toBe(1);
    const relaunched = new Promise((r) => host.chromium!.onLaunch(r));
    const page = await openBridge(`ws://127.0.0.1:${host.server.port}/bridge?token=${host.server.issueToken()}`, { Origin: host.server.origin });
    page.ws.close();
    await relaunched;
    expect((await first.exited).signal).toBe('SIGTERM');
    expect(host.chromium!.launches).toBe(2);

    const last = host.chromium!.current!;
    await host.stop();
    expect((await last.exited).signal).toBe('SIGTERM');
    await expect(stat(policyPath)).rejects.toThrow(/ENOENT/);
    expect(core.stopped).toBe(true);
    expect(host.chromium!.launches).toBe(2);
  });

  it('fails cleanly (no policy left, core stopped) when Chromium cannot start', async () => {
    const core = createFakeCore();
    const policyPath = join(dir, 'fail', 'thinshell.json');
    await expect(
      runBrowserHost(core, { chromiumPath: join(dir, 'nope'), display: ':99', policyPath, handleSignals: false, log: silentLogger }),
    ).rejects.toThrow(/cannot start Chromium/);
    await expect(stat(policyPath)).rejects.toThrow(/ENOENT/);
    expect(core.stopped).toBe(true);
  });

  it('stops on SIGTERM when asked to handle signals', async () => {
    const core = createFakeCore();
    const host = await runBrowserHost(core, { launchChromium: false, log: silentLogger, printUrl: () => {} });
    process.emit('SIGTERM', 'SIGTERM');
    await host.stopped;
    expect(core.stopped).toBe(true);
    expect(process.listenerCount('SIGTERM')).toBe(0);
  });
});
