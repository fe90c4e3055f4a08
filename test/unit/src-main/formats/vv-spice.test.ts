import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../../src-main/common/secret.ts';
import { parseSpiceVv, VvError, type ParsedVv } from '../../../../src-main/formats/vv-spice.ts';
import { spiceToVv } from '../../../../src-main/formats/vv.ts';
import type { SpiceConnection } from '../../../../src-main/sessions/types.ts';
import { glibLoad } from '../../../support/glib-keyfile.ts';

/** Data-driven: fixtures/vv/NAME.vv beside NAME.json ({connection, warnings, otherGroups} or {error}). */
const dir = new URL('./fixtures/vv/', import.meta.url);
const names = readdirSync(dir).filter((f) => f.endsWith('.vv')).map((f) => f.slice(0, -3)).sort();

interface Expected {
  connection?: Record<string, unknown>;
  /** Each must appear in exactly one warning, and there are no others. */
  warnings?: string[];
  otherGroups?: string[];
  /** Part of the error message. */
  error?: string;
}

const read = (name: string) => readFileSync(new URL(`${name}.vv`, dir), 'utf8');
const expected = (name: string) => JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8')) as Expected;
/** The connection with the password revealed, to compare with a fixture. */
const plain = (c: SpiceConnection) => ({ ...c, ...(c.password ? { password: c.password.reveal() } : {}) });

function attempt(text: string): ParsedVv | VvError {
  try {
    return parseSpiceVv(text);
  } catch (err) {
    if (err instanceof VvError) return err;
    throw err;
  }
}

describe('parseSpiceVv on fixtures', () => {
  it('has both halves of every fixture, and the kinds this parser must cover', () => {
    for (const name of names) expect(() => expected(name), name).not.toThrow();
    expect(names).toEqual(expect.arrayContaining(['ovirt-engine', 'proxmox-spiceproxy', 'semicolon-comment', 'bom', 'bad-escape', 'no-virt-viewer-group', 'no-type', 'vnc']));
  });

  it.each(names)('%s', (name) => {
    const want = expected(name);
    const got = attempt(read(name));
    if (want.error !== undefined) {
      expect(got).toBeInstanceOf(VvError);
      expect((got as VvError).message).toContain(want.error);
      return;
    }
    if (got instanceof VvError) throw got;
    expect(plain(got.connection)).toEqual(want.connection);
    expect(got.otherGroups).toEqual(want.otherGroups);
    expect(got.warnings).toHaveLength(want.warnings!.length);
    for (const part of want.warnings!) expect(got.warnings.filter((w) => w.includes(part)), part).toHaveLength(1);
  });
});

describe('parseSpiceVv and the writer agree', () => {
  const good = names.filter((n) => expected(n).connection);

  it.each(good)('%s: written back by spiceToVv, GLib and our parser read the same connection', (name) => {
    const first = parseSpiceVv(read(name)).connection;
    const vv = spiceToVv(first);
    expect(plain(parseSpiceVv(vv).connection)).toEqual(plain(first));
    const kf = glibLoad(vv)!;
    expect(kf.string('virt-viewer', 'host')).toBe(first.host);
    expect(kf.string('virt-viewer', 'password') ?? undefined).toBe(first.password?.reveal());
    expect(kf.integer('virt-viewer', 'fullscreen')).toBe(1);
    if (first.secureChannels) expect(kf.list('virt-viewer', 'secure-channels')).toEqual(first.secureChannels);
    kf.free();
  });

  it('syntax errors are the ones GLib refuses too (what remote-viewer would say "invalid file" to)', () => {
    for (const name of ['semicolon-comment', 'bom']) expect(glibLoad(read(name)), name).toBeUndefined();
    for (const name of ['bad-escape', 'no-type', 'vnc']) {
      const kf = glibLoad(read(name));
      expect(kf, name).toBeDefined();
      kf!.free();
    }
  });

  it('never copies a value of the [ovirt] group (it holds a session token)', () => {
    const parsed = parseSpiceVv(read('ovirt-engine'));
    const everything = JSON.stringify({ ...plain(parsed.connection), warnings: parsed.warnings, otherGroups: parsed.otherGroups });
    expect(everything).not.toContain('ovirt-sso-canary');
    expect(everything).not.toContain('vm-guid');
  });
});

describe('parseSpiceVv edge cases', () => {
  const base = '[virt-viewer]\ntype=spice\nhost=h.example\n';

  it('an empty password is no password; a file with only a tls-port is fine', () => {
    const c = parseSpiceVv(`${base}tls-port=5901\npassword=\n`).connection;
    expect(c.password).toBeUndefined();
    expect(c.tlsPort).toBe(5901);
    expect(c.port).toBeUndefined();
  });

  it.each([
    ['type=ovirt', '[virt-viewer]\ntype=ovirt\nhost=engine.example\n', 'type=ovirt'],
    ['an unknown type', '[virt-viewer]\ntype=rdp\nhost=h\nport=1\n', 'not a console type'],
    ['no host', '[virt-viewer]\ntype=spice\nport=5900\n', 'no host'],
    ['a unix socket', '[virt-viewer]\ntype=spice\nunix-path=/run/spice.sock\n', 'unix-path'],
    ['a key before the group', 'type=spice\n[virt-viewer]\n', 'before the first group'],
    ['a list with a bad escape', `${base}port=1\nsecure-channels=main;\\x\n`, 'secure-channels: invalid escape'],
  ])('%s is refused with a reason', (_name, text, part) => {
    expect(() => parseSpiceVv(text)).toThrow(VvError);
    expect(() => parseSpiceVv(text)).toThrow(part);
  });

  it('takes a default title from the caller', () => {
    expect(parseSpiceVv(`${base}port=1\n`, { defaultTitle: 'console.vv' }).connection.title).toBe('console.vv');
  });

  it('the password is a Secret: it does not print', () => {
    const c = parseSpiceVv(`${base}port=1\npassword=canary-vv-pw\n`).connection;
    expect(c.password).toBeInstanceOf(Secret);
    expect(JSON.stringify(c)).not.toContain('canary-vv-pw');
  });
});
