import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from './run-in-process.ts';
import { redactProxy } from '../../../../src-main/cli/parse-command.ts';
import { makeTestPki, type TestPki } from '../../../support/tls-cert.ts';

const CANARY = 'vv-canary-Pw;1';
const fixtures = new URL('../formats/fixtures/vv/', import.meta.url).pathname;
let dir: string;
let pki: TestPki;

/** .vv value escaping, enough for these tests. */
const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

beforeAll(async () => {
  [dir, pki] = await Promise.all([mkdtemp(join(tmpdir(), 'thinshell-parse-')), makeTestPki()]);
  const base = '[virt-viewer]\ntype=spice\nhost=localhost\ntls-port=5901\n';
  await writeFile(join(dir, 'tls.vv'), `${base}password=${CANARY}\nca=${esc(pki.ca)}\nproxy=http://puser:proxy-canary@proxy.example:3128\n`);
  await writeFile(join(dir, 'bad-host.vv'), '[virt-viewer]\ntype=spice\nhost=bad host!\nport=5900\n');
  await writeFile(join(dir, 'latin1.vv'), Buffer.from('[virt-viewer]\ntype=spice\nhost=h\nport=1\ntitle=B\xfcro\n', 'latin1'));
  await writeFile(join(dir, 'huge.vv'), Buffer.alloc(1024 * 1024 + 1, 0x23));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await pki?.remove();
});

const run = (...args: string[]) => runInProcess(args);

describe('thinshell parse vv', () => {
  it('shows what the file means: the settings, the CA subject, never the password or proxy credentials', async () => {
    const r = await run('parse', 'vv', join(dir, 'tls.vv'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/tls-port\s+5901/);
    expect(r.stdout).toMatch(/password\s+\[set\]/);
    expect(r.stdout).toMatch(/ca\s+CN=thinshell test CA \(valid until \d{4}-\d\d-\d\d\)/);
    expect(r.stdout).toMatch(/proxy\s+http:\/\/puser:\[set\]@proxy\.example:3128/);
    for (const secret of [CANARY, 'proxy-canary']) expect(r.stdout + r.stderr).not.toContain(secret);
  });

  it('--json: one document, the same redactions', async () => {
    const r = await run('parse', 'vv', join(dir, 'tls.vv'), '--json');
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ ok: true, exitCode: 0, connection: { host: 'localhost', tlsPort: 5901, password: '[set]', ca: pki.ca }, caCertificate: { subject: 'CN=thinshell test CA' }, warnings: [] });
    for (const secret of [CANARY, 'proxy-canary']) expect(r.stdout + r.stderr).not.toContain(secret);
  });

  it('an oVirt console: warnings for what the kiosk ignores, no value of [ovirt]', async () => {
    const r = await run('parse', 'vv', join(fixtures, 'ovirt-engine.vv'), '--json');
    const doc = JSON.parse(r.stdout);
    expect(r.code).toBe(0);
    expect(doc.otherGroups).toEqual(['ovirt']);
    expect(doc.warnings.length).toBe(5);
    expect(r.stdout).not.toContain('ovirt-sso-canary');
    expect(r.stdout).not.toContain('Zk3Q');
  });

  it.each([
    ['bom.vv', 'byte order mark'],
    ['semicolon-comment.vv', 'line 3'],
    ['vnc.vv', 'type=vnc'],
  ])('exits 1 for a malformed file (%s) and says why', async (name, part) => {
    const r = await run('parse', 'vv', join(fixtures, name));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(part);
    const doc = JSON.parse((await run('parse', 'vv', join(fixtures, name), '--json')).stdout);
    expect(doc).toMatchObject({ ok: false, exitCode: 1, error: expect.stringContaining(part) });
  });

  it('exits 1 for a file that could not be connected with, not UTF-8, or far too big', async () => {
    expect(await run('parse', 'vv', join(dir, 'bad-host.vv'))).toMatchObject({ code: 1, stdout: expect.stringContaining('cannot be opened: not a host name') });
    expect(await run('parse', 'vv', join(dir, 'latin1.vv'))).toMatchObject({ code: 1, stderr: expect.stringContaining('not UTF-8') });
    expect(await run('parse', 'vv', join(dir, 'huge.vv'))).toMatchObject({ code: 1, stderr: expect.stringContaining('too big') });
  });

  it('exits 3 for a file that is missing or a folder; 2 without a file', async () => {
    expect(await run('parse', 'vv', join(dir, 'nope.vv'))).toMatchObject({ code: 3, stderr: expect.stringContaining('no such file') });
    expect(await run('parse', 'vv', dir)).toMatchObject({ code: 3, stderr: expect.stringContaining('folder') });
    expect((await run('parse', 'vv')).code).toBe(2);
  });
});

describe('redactProxy', () => {
  it.each([
    ['http://u:p@h:3128', 'http://u:[set]@h:3128'],
    ['http://h:3128', 'http://h:3128'],
    ['http://u@h:3128', 'http://u@h:3128'],
    ['HTTP://u:p:q@[2001:db8::1]:3128', 'HTTP://u:[set]@[2001:db8::1]:3128'],
  ])('%s -> %s', (input, output) => expect(redactProxy(input)).toBe(output));
});
