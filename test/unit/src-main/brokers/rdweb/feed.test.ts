import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeedError, parseFeed } from '../../../../../src-main/brokers/rdweb/feed.ts';

// Data-driven: fixtures/feed/NAME.xml against NAME.json (written by hand from [MS-TSWP]).
// Warnings are matched by a phrase each, in order; an expected error by a phrase of its message.
const dir = join(import.meta.dirname, 'fixtures/feed');
const FEED_URL = 'https://rdweb.corp.example/RDWeb/Feed/webfeed.aspx';
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.xml'))
  .map((f) => f.slice(0, -4));

describe('feed fixtures', () => {
  for (const name of names) {
    it(name, () => {
      const xml = readFileSync(join(dir, `${name}.xml`), 'utf8');
      const expected = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Record<string, unknown>;
      if ('error' in expected) {
        expect(() => parseFeed(xml, FEED_URL)).toThrow(FeedError);
        expect(() => parseFeed(xml, FEED_URL)).toThrow(expected.error as string);
        return;
      }
      const { warnings, ...feed } = parseFeed(xml, FEED_URL);
      const { warnings: wanted, ...rest } = expected as { warnings: string[] };
      expect(feed).toEqual(rest);
      expect(warnings).toHaveLength(wanted.length);
      wanted.forEach((w, i) => expect(warnings[i]).toContain(w));
    });
  }
});

const seeds = names.map((n) => readFileSync(join(dir, `${n}.xml`), 'utf8'));
const PIECES = ['<', '>', '/>', '</', 'Resource', 'Publisher', 'Resources', 'ResourceCollection', ' xmlns="http://schemas.microsoft.com/ts/2007/05/tswf"', ' Title="t"', ' Type="Desktop"', ' ID="i"', '<ResourceFile URL="x.rdp"/>', '&amp;', '&', '"', '=', '<!--', '-->', '<![CDATA[', ']]>', '\0', 'ü'];

function check(xml: string): void {
  try {
    const feed = parseFeed(xml, FEED_URL);
    for (const r of feed.resources) if (!r.rdpUrl.startsWith('http')) throw new Error(`bad url ${r.rdpUrl}`);
  } catch (err) {
    if (!(err instanceof FeedError)) throw err;
    if (err.message.length < 8) throw new Error(`unclear: ${err.message}`);
  }
}

describe('feed parser under fuzzing (100k+)', () => {
  it('random strings of XML pieces (40k)', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 6 })), { maxLength: 50 }), (parts) => check(parts.join(''))), { numRuns: 40_000 });
  }, 60_000);

  it('mutated fixtures (60k)', () => {
    const op = fc.record({ at: fc.nat(), len: fc.integer({ min: 1, max: 30 }), kind: fc.constantFrom('drop', 'cut', 'insert', 'dup'), text: fc.constantFrom(...PIECES) });
    fc.assert(
      fc.property(fc.nat(seeds.length - 1), fc.array(op, { minLength: 1, maxLength: 4 }), (i, ops) => {
        let s = seeds[i]!;
        for (const o of ops) {
          const at = s.length ? o.at % s.length : 0;
          if (o.kind === 'drop') s = s.slice(0, at) + s.slice(at + o.len);
          else if (o.kind === 'cut') s = s.slice(0, at);
          else if (o.kind === 'insert') s = s.slice(0, at) + o.text + s.slice(at);
          else s = s.slice(0, at + o.len) + s.slice(at);
        }
        check(s);
      }),
      { numRuns: 60_000 },
    );
  }, 60_000);
});
