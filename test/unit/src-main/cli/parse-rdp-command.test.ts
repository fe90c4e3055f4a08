import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from './run-in-process.ts';

const fixtures = join(import.meta.dirname, '../formats/fixtures/rdp');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thinshell-parse-rdp-'));
  await writeFile(join(dir, 'secret.rdp'), 'full address:s:desk\r\nusername:s:CORP\\alice\r\npassword:s:canary-in-file-42\r\n');
  await writeFile(join(dir, 'huge.rdp'), Buffer.alloc(2 * 1024 * 1024, 0x41));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const run = (...args: string[]) => runInProcess(args);

describe('thinshell parse rdp', () => {
  it('prints target, user, gateway and warnings in words', async () => {
    const r = await run('parse', 'rdp', join(fixtures, 'gateway.rdp'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('target       desk02.corp.example:3389');
    expect(r.stdout).toContain('user         OTHER\\alice');
    expect(r.stdout).toContain('gateway      gw.corp.example:8443 (always; password, same credentials)');
  });

  it('--json gives the normalised file: target, credentials, gateway, display, remoteApp, redirections, warnings', async () => {
    const r = await run('parse', 'rdp', '--json', join(fixtures, 'remoteapp.rdp'));
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({ ok: true, target: { host: 'rdsh01.corp.example', port: 3389 }, credentials: {}, remoteApp: { program: '||WordPad' } });
    for (const key of ['display', 'redirections', 'warnings', 'loadBalanceInfo']) expect(doc).toHaveProperty(key);
    const v6 = JSON.parse((await run('parse', 'rdp', '--json', join(fixtures, 'ipv6.rdp'))).stdout) as { target: unknown };
    expect(v6.target).toEqual({ host: '2001:db8::5', port: 3390 });
  });

  it('never prints a password from the file, in either form', async () => {
    for (const args of [[], ['--json']]) {
      const r = await run('parse', 'rdp', ...args, join(dir, 'secret.rdp'));
      expect(r.code).toBe(0);
      expect(r.stdout + r.stderr).not.toContain('canary-in-file-42');
      expect(r.stdout).toContain('password');
    }
  });

  it('exits 1 for an unusable file, 3 for an unreadable one, 2 without a file', async () => {
    const bad = await run('parse', 'rdp', join(fixtures, 'no-address.rdp'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('names no computer');
    expect((await run('parse', 'rdp', join(dir, 'huge.rdp'))).code).toBe(1);
    const json = await run('parse', 'rdp', '--json', join(fixtures, 'bad-port.rdp'));
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, exitCode: 1 });
    expect((await run('parse', 'rdp', join(dir, 'missing.rdp'))).code).toBe(3);
    expect((await run('parse', 'rdp', dir)).code).toBe(3);
    expect((await run('parse', 'rdp')).code).toBe(2);
  });
});
