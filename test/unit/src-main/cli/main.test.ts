import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPin } from '../../../../src-main/policy/pin.ts';
import { mainTs, repoRoot, thinshell } from './cli-process.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thinshell-cli-'));
  await writeFile(join(dir, 'good.json'), '{ "session": { "onEnd": "reconnect" }, "locked": ["locale"] }\n');
  await writeFile(join(dir, 'bad.json'), '{\n  "session": {\n    "onEnd": "sleep"\n  },\n  "kiosk": { "devtool": true }\n}\n');
  await writeFile(join(dir, 'syntax.json'), '{\n  "locale": "de"\n  "kiosk": {}\n}\n');
  await writeFile(join(dir, 'pin.json'), '{ "kiosk": { "adminPinHash": "scrypt$16$1$1$c2FsdHNhbHRzYWx0c2FsdA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" } }');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('thinshell policy validate (real process)', { timeout: 30_000 }, () => {
  it('exits 0 and says OK for a valid file', async () => {
    const r = await thinshell(['policy', 'validate', join(dir, 'good.json')]);
    expect(r).toMatchObject({ code: 0, stdout: `${join(dir, 'good.json')}: OK (image layer)\n`, stderr: '' });
  });

  it('exits 1 and prints file:line:col: key: message for each problem', async () => {
    const file = join(dir, 'bad.json');
    const r = await thinshell(['policy', 'validate', file]);
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toEqual([
      `${file}:3:5: session.onEnd: expected one of signIn, reconnect, powerOff (got "sleep")`,
      `${file}:5:14: kiosk.devtool: unknown key`,
    ]);
  });

  it('exits 3 for a missing file, 2 for usage errors, with plain words on stderr and no stack', async () => {
    const missing = await thinshell(['policy', 'validate', join(dir, 'nope.json')]);
    expect(missing).toMatchObject({ code: 3, stdout: '' });
    expect(missing.stderr).toBe(`thinshell: cannot read ${join(dir, 'nope.json')}: no such file\n`);
    const usage = [['policy', 'validate'], ['policy', 'validate', 'x', '--bogus'], ['nonsense']];
    const runs = await Promise.all(usage.map((args) => thinshell(args)));
    runs.forEach((r, i) => {
      expect(r.code, usage[i]?.join(' ')).toBe(2);
      expect(r.stderr, usage[i]?.join(' ')).toMatch(/^thinshell: .+\nRun 'thinshell --help' for usage\.\n$/);
    });
  });

  it('--json prints one document that matches the text output', async () => {
    const file = join(dir, 'bad.json');
    const r = await thinshell(['policy', 'validate', file, '--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { ok: boolean; layer: string; problems: { line: number; column: number; key: string; text: string }[] };
    expect(doc).toMatchObject({ ok: false, file, layer: 'image' });
    expect(doc.problems.map((p) => [p.line, p.column, p.key])).toEqual([[3, 5, 'session.onEnd'], [5, 14, 'kiosk.devtool']]);
    const missing = await thinshell(['policy', 'validate', join(dir, 'nope.json'), '--json']);
    expect(JSON.parse(missing.stdout)).toMatchObject({ ok: false, exitCode: 3 });
  });
});

describe('thinshell policy schema and show (real process)', { timeout: 30_000 }, () => {
  it('schema prints the committed JSON Schema', async () => {
    const r = await thinshell(['policy', 'schema']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(await readFile(join(repoRoot, 'resources/policy.schema.json'), 'utf8'));
  });

  it('show --json merges the given files and hides the PIN hash', async () => {
    const args = ['policy', 'show', '--image', join(dir, 'good.json'), '--managed', join(dir, 'pin.json'), '--local', join(dir, 'none.json'), '--json'];
    const r = await thinshell(args);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { effective: { session: { onEnd: string }; kiosk: { adminPinHash: string } }; locked: string[]; layers: { status: string }[] };
    expect(doc.effective.session.onEnd).toBe('reconnect');
    expect(doc.effective.kiosk.adminPinHash).toBe('[set]');
    expect(r.stdout).not.toContain('scrypt$');
    expect(doc.locked).toEqual(['locale']);
    expect(doc.layers.map((l) => l.status)).toEqual(['ok', 'ok', 'ok', 'absent']);
  });
});

describe('thinshell policy hash-pin (real process)', { timeout: 30_000 }, () => {
  const canary = 'CANARY-8472';

  it('reads the PIN from stdin, never from argv, and prints a hash that verifies it', async () => {
    const proc = spawn(process.execPath, ['--import', 'tsx', mainTs, 'policy', 'hash-pin'], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    proc.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => proc.on('close', resolve));
    // While it waits for stdin, its command line is what every local user can read.
    const cmdline = await readFile(`/proc/${proc.pid}/cmdline`, 'utf8');
    expect(cmdline).toContain('hash-pin');
    proc.stdin.end(`${canary}\n`);
    expect(await exited).toBe(0);
    expect(cmdline).not.toContain(canary);
    expect(stderr).not.toContain(canary);
    const hash = stdout.trim();
    expect(hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(hash).not.toContain(canary);
    expect(await verifyPin(canary, hash)).toBe(true);
    expect(await verifyPin(`${canary}x`, hash)).toBe(false);
  });

  it('refuses a PIN given as an argument without echoing it', async () => {
    const r = await thinshell(['policy', 'hash-pin', canary]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('give the PIN on stdin');
    expect(r.stderr + r.stdout).not.toContain(canary);
  });

});

describe('thinshell --help and --version (real process)', { timeout: 30_000 }, () => {
  it('--help lists every command and the exit codes of the README', async () => {
    const r = await thinshell(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['policy validate', 'policy schema', 'policy show', 'policy hash-pin', 'discover', 'parse lease']) expect(r.stdout).toContain(`thinshell ${c}`);
    const readme = await readFile(join(repoRoot, 'src-main/cli/README.md'), 'utf8');
    const [common, connectOnly] = readme.split('`connect` also exits with');
    const codes = (text: string) => [...text.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
    const documented = codes(common!);
    const helped = [...r.stdout.split('Exit codes:')[1]!.matchAll(/^ +(\d+) {2}/gm)].map((m) => Number(m[1]));
    expect(helped).toEqual(documented);
    expect(documented).toEqual([0, 1, 2, 3, 4, 70]);
    // connect's own codes: in its --help exactly as in the README's second table.
    const connect = await thinshell(['connect', '--help']);
    const connectHelped = [...connect.stdout.split('Exit codes of connect:')[1]!.split('Exit codes:')[0]!.matchAll(/^ +(\d+) {2}/gm)].map((m) => Number(m[1]));
    // (The table of `desktops` follows connect's in the README.)
    expect(connectHelped).toEqual([0, ...codes(connectOnly!.split('`desktops` also exits with')[0]!)]);
  });

  it('--version prints the package version', async () => {
    const pkg = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(await thinshell(['--version'])).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    expect(JSON.parse((await thinshell(['--version', '--json'])).stdout)).toEqual({ version: pkg.version });
  });
});
