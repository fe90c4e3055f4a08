import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRdpFile, RdpFileError } from '../../../../src-main/formats/rdp.ts';

// Data-driven: every fixtures/rdp/NAME.rdp is parsed from its bytes and compared with NAME.json,
// written by hand from the .rdp rules (broker-contracts.md). A warning is matched by its line,
// key and a phrase it must contain; an expected error by a phrase of its message.

const dir = join(import.meta.dirname, 'fixtures/rdp');
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.rdp'))
  .map((f) => f.slice(0, -4));

interface ExpectedWarning {
  line?: number;
  key?: string;
  says: string;
}

describe('.rdp fixtures', () => {
  it('has the fixtures the rules call for', () => {
    for (const n of ['utf16le-bom', 'cr-only', 'duplicates', 'ipv6', 'gateway', 'remoteapp', 'multimon', 'redirections', 'junk']) expect(names).toContain(n);
  });

  for (const name of names) {
    it(name, () => {
      const bytes = readFileSync(join(dir, `${name}.rdp`));
      const expected = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Record<string, unknown>;
      if ('error' in expected) {
        expect(() => parseRdpFile(bytes)).toThrow(RdpFileError);
        expect(() => parseRdpFile(bytes)).toThrow(expected.error as string);
        return;
      }
      const { warnings, ...parsed } = parseRdpFile(bytes);
      const { warnings: wanted, ...rest } = expected as { warnings: ExpectedWarning[] };
      expect(parsed).toEqual(rest);
      const byLine = (a: { line?: number }, b: { line?: number }) => (a.line ?? 0) - (b.line ?? 0);
      const got = [...warnings].sort(byLine);
      expect(got.map((w) => [w.line, w.key])).toEqual([...wanted].sort(byLine).map((w) => [w.line, w.key]));
      [...wanted].sort(byLine).forEach((w, i) => expect(got[i]!.message).toContain(w.says));
    });
  }

  it('never carries a password from the file into the result', () => {
    const text = JSON.stringify(parseRdpFile(readFileSync(join(dir, 'junk.rdp'))));
    expect(text).not.toContain('hunter2-canary');
    expect(JSON.stringify(parseRdpFile(readFileSync(join(dir, 'alternate-utf8-bom.rdp'))))).not.toContain('D08C9DDF');
  });
});
