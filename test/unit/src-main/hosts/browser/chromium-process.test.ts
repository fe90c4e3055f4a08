import { chmod, mkdtemp, unlink, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnChromium } from '../../../../../src-main/hosts/browser/chromium-process.ts';

// A stand-in executable (Chromium itself runs in the integration tests): it records its argv and
// environment, prints a DevTools line that carries the token, and starts a grandchild that only a
// process-group kill reaches.
let dir: string;
let stub: string;
const token = 'cd'.repeat(32);
const url = `http://127.0.0.1:9/#token=${token}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thinshell-stub-'));
  stub = join(dir, 'chromium');
  await writeFile(
    stub,
    `#!/bin/sh
printf '%s\\n' "$@" > "${dir}/argv"
env > "${dir}/env"
cat "$HOME/.config/gtk-3.0/settings.ini" > "${dir}/gtk" 2>/dev/null
sleep 300 &
echo $! > "${dir}/grandchild"
echo "opening $2" >&2
echo "DevTools listening on ws://127.0.0.1:9222/devtools/browser/x"
[ -e "${dir}/exit-now" ] && exit 3
wait
`,
  );
  await chmod(stub, 0o755);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Running, not a zombie waiting for init to reap it. */
const alive = async (pid: number) => {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
};

describe('spawnChromium', () => {
  it('passes a minimal environment, a private profile, and cleans both up on kill', async () => {
    process.env.THINSHELL_CANARY_PASSWORD = 'canary-hunter2';
    const proc = await spawnChromium({ url, chromiumPath: stub, display: ':99', remoteDebuggingPort: 0, isRoot: true });
    delete process.env.THINSHELL_CANARY_PASSWORD;
    expect(await proc.devtoolsUrl).toBe('ws://127.0.0.1:9222/devtools/browser/x');
    const argv = (await readFile(join(dir, 'argv'), 'utf8')).split('\n');
    const env = await readFile(join(dir, 'env'), 'utf8');
    expect(argv).toContain(`--app=${url}`);
    expect(argv).toContain('--no-sandbox');
    const profile = argv.find((a) => a.startsWith('--user-data-dir='))!.slice('--user-data-dir='.length);
    expect(env).not.toContain('canary-hunter2');
    expect(env).toContain('DISPLAY=:99');
    // GTK's blinking caret kept an idle sign-in screen busy; the private HOME turns it off.
    expect(await readFile(join(dir, 'gtk'), 'utf8')).toMatch(/^gtk-cursor-blink = false$/m);
    const home = /^HOME=(.*)$/m.exec(env)![1]!;
    expect(home.startsWith(join(profile, '..'))).toBe(true);
    expect(await readdir(join(profile, '..'))).toContain('home');

    const grandchild = Number(await readFile(join(dir, 'grandchild'), 'utf8'));
    expect(await alive(grandchild)).toBe(true);
    const exit = await proc.kill();
    expect(exit.signal).toBe('SIGTERM');
    // The group got the signal; give the kernel a moment to deliver it to the grandchild.
    for (let i = 0; i < 50 && (await alive(grandchild)); i++) await new Promise((r) => setTimeout(r, 20));
    expect(await alive(grandchild)).toBe(false);
    await expect(readdir(join(profile, '..'))).rejects.toThrow(/ENOENT/);
    expect(exit.tail.join('\n')).toContain('token=[redacted]');
    expect(exit.tail.join('\n')).not.toContain(token);
  });

  it('reports an exit of its own; asks for no sandbox switch or debugging when not root, not testing', async () => {
    await writeFile(join(dir, 'exit-now'), '');
    const proc = await spawnChromium({ url, chromiumPath: stub, isRoot: false });
    expect(proc.devtoolsUrl).toBeUndefined();
    const exit = await proc.exited;
    await unlink(join(dir, 'exit-now'));
    expect(exit.code).toBe(3);
    expect(exit.signal).toBeNull();
    const argv = await readFile(join(dir, 'argv'), 'utf8');
    expect(argv).toContain('--kiosk');
    expect(argv).not.toContain('--no-sandbox');
    expect(argv).not.toContain('--remote-debugging');
  });

  it('fails clearly when the browser is missing, leaving no profile behind', async () => {
    const before = (await readdir(tmpdir())).filter((d) => d.startsWith('thinshell-chromium-')).length;
    await expect(spawnChromium({ url, chromiumPath: join(dir, 'missing') })).rejects.toThrow(/cannot start Chromium.*missing.*ENOENT/);
    const after = (await readdir(tmpdir())).filter((d) => d.startsWith('thinshell-chromium-')).length;
    expect(after).toBe(before);
  });
});
