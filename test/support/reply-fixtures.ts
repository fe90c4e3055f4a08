import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ShellError } from '../../src-main/contract/index.ts';

/**
 * Data-driven parser tests: each `NAME.json` in `dir` holds `{parser, input}`, and
 * `NAME.expected.json` the parser's result as JSON, or `{"error": {"code", "match"}}` for an
 * input it must refuse (`match` a regular expression on the message). Written by hand, from the
 * contract, never copied from the parser's output.
 */
export function fixtureTests(dir: string, parsers: Record<string, (input: never) => unknown>, toJson: (value: unknown) => unknown = (v) => v): void {
  const names = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json')).map((f) => f.slice(0, -5)).sort();
  it('has fixtures', () => expect(names.length).toBeGreaterThan(5));
  for (const name of names) {
    it(name, () => {
      const { parser, input } = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as { parser: string; input: never };
      const expected = JSON.parse(readFileSync(join(dir, `${name}.expected.json`), 'utf8')) as { error?: { code: string; match: string } } | null;
      const parse = parsers[parser];
      if (!parse) throw new Error(`${name}: no parser "${parser}"`);
      if (expected?.error) {
        let thrown: unknown;
        try {
          parse(input);
        } catch (err) {
          thrown = err;
        }
        expect(thrown).toBeInstanceOf(ShellError);
        expect((thrown as ShellError).code).toBe(expected.error.code);
        expect((thrown as ShellError).message).toMatch(new RegExp(expected.error.match));
      } else {
        expect(toJson(parse(input))).toEqual(expected);
      }
    });
  }
}
