import { PassThrough } from 'node:stream';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from './run-in-process.ts';
import { redact } from '../../../../src-main/cli/policy-commands.ts';
import { runCli } from '../../../../src-main/cli/run.ts';
import { Policy } from '../../../../src-main/policy/schema.ts';

// The same commands as main.test.ts, run in-process (the process boundary is tested there).
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thinshell-cmd-'));
  await writeFile(join(dir, 'image.json'), '{ "locale": "de", "locked": ["locale"] }');
  await writeFile(join(dir, 'bad.json'), '{\n  "session": {\n    "onEnd": "sleep"\n  }\n}\n');
  await writeFile(join(dir, 'syntax.json'), '{\n  "locale": "de"\n  "kiosk": {}\n}\n');
  await writeFile(join(dir, 'local.json'), '{ "locale": "en", "kiosk": { "devtools": true } }');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const run = (...args: string[]) => runInProcess(args);

describe('policy validate', () => {
  it('reports JSON syntax errors with line and column', async () => {
    const r = await run('policy', 'validate', join(dir, 'syntax.json'));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`${join(dir, 'syntax.json')}:3:3: invalid JSON: expected "," (a missing comma?)\n`);
  });

  it('applies the local layer rules with --layer local', async () => {
    expect((await run('policy', 'validate', '--layer', 'local', join(dir, 'local.json'))).code).toBe(0);
    const r = await run('policy', 'validate', '--layer', 'local', join(dir, 'image.json'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${join(dir, 'image.json')}:1:19: locked: not an admin setting`);
  });

  it('exits 3 for a directory and 2 for an unknown layer', async () => {
    expect(await run('policy', 'validate', dir)).toMatchObject({ code: 3, stderr: `thinshell: ${dir}: cannot read: is a directory, not a file\n` });
    expect((await run('policy', 'validate', '--layer', 'other', join(dir, 'image.json'))).code).toBe(2);
  });
});

describe('policy show', () => {
  it('prints each layer, the locks and the effective policy; a locked local key is ignored', async () => {
    const r = await run('policy', 'show', '--image', join(dir, 'image.json'), '--managed', join(dir, 'none.json'), '--local', join(dir, 'local.json'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ {2}image {4}ok {7}\S*image\.json\n/);
    expect(r.stdout).toMatch(/ {2}managed {2}absent {3}\S*none\.json\n/);
    expect(r.stdout).toContain('locale: locked by policy; the local value is ignored');
    expect(r.stdout).toContain('Locked for the local admin: locale\n');
    const effective = JSON.parse(r.stdout.slice(r.stdout.indexOf('Effective policy:\n') + 18)) as Policy;
    expect(effective.locale).toBe('de');
    expect(effective.kiosk.devtools).toBe(true);
  });

  it('exits 1 and shows the problem when a layer is invalid', async () => {
    const r = await run('policy', 'show', '--image', join(dir, 'bad.json'), '--managed', join(dir, 'none.json'), '--local', join(dir, 'none.json'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`      ${join(dir, 'bad.json')}:3:5: session.onEnd: expected one of`);
  });

  it('redacts the PIN hash and only that', () => {
    const policy = Policy.parse({ kiosk: { adminPinHash: 'scrypt$16$1$1$AAAA$AAAA' }, locale: 'de' });
    expect(redact(policy)).toEqual({ ...policy, kiosk: { ...policy.kiosk, adminPinHash: '[set]' } });
    expect(policy.kiosk.adminPinHash).toBe('scrypt$16$1$1$AAAA$AAAA');
    expect(redact(Policy.parse({}))).toEqual(Policy.parse({}));
  });
});

describe('policy hash-pin input', () => {
  async function hashPin(stdin: string, ...extra: string[]) {
    const out = { stdout: '', stderr: '' };
    const input = new PassThrough();
    input.end(stdin);
    const code = await runCli(['policy', 'hash-pin', ...extra], { stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t), stdin: input, env: {} });
    return { code, ...out };
  }

  it('exits 1 for no PIN, a short one, or one with outer spaces', async () => {
    expect(await hashPin('')).toMatchObject({ code: 1, stderr: expect.stringContaining('no PIN on stdin') });
    expect(await hashPin('123\n')).toMatchObject({ code: 1, stderr: expect.stringContaining('4 to 64') });
    expect((await hashPin(' 1234\n')).code).toBe(1);
  });

  it('takes only the first line (CRLF too) and prints { ok, hash } with --json', async () => {
    const { verifyPin } = await import('../../../../src-main/policy/pin.ts');
    const r = await hashPin('5678\r\nignored\n', '--json');
    const doc = JSON.parse(r.stdout) as { ok: boolean; hash: string };
    expect(doc.ok).toBe(true);
    expect(await verifyPin('5678', doc.hash)).toBe(true);
  });
});
