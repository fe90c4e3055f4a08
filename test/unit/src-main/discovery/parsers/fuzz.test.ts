import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDhclientLeases } from '../../../../../src-main/discovery/parsers/dhclient-lease.ts';
import { parseNmcliDhcp } from '../../../../../src-main/discovery/parsers/nmcli-dhcp.ts';
import { parseThinshellRecord, RecordError } from '../../../../../src-main/discovery/parsers/thinshell-record.ts';
import { parseSubOptions, VendorOptionError } from '../../../../../src-main/discovery/parsers/vendor-options.ts';
import { fixtures } from './fixture-files.ts';

// At least 100k inputs per parser, half random and half mutations of the real fixtures: no
// crash (only the parser's own error, with a reason), no hang (each batch is timed by vitest).
const runs = 50_000;

/** A fixture with a few random edits: characters replaced, inserted, deleted, or a cut. */
function mutated(seeds: string[], alphabet: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const edit = fc.tuple(fc.nat(), fc.constantFrom('replace', 'insert', 'delete', 'cut'), alphabet);
  return fc.tuple(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 6 })).map(([seed, edits]) => {
    let s = seed;
    for (const [at, kind, ch] of edits) {
      const i = s.length ? at % s.length : 0;
      if (kind === 'replace') s = s.slice(0, i) + ch + s.slice(i + 1);
      else if (kind === 'insert') s = s.slice(0, i) + ch + s.slice(i);
      else if (kind === 'delete') s = s.slice(0, i) + s.slice(i + 1);
      else s = s.slice(0, i);
    }
    return s;
  });
}

const syntaxChars = fc.constantFrom('"', ';', '{', '}', '\\', '#', '\n', ':', ' ', '=', ',', '\u0000', 'é', 'x', '7');
const anyText = fc.string({ unit: 'binary', maxLength: 300 });
const noteProblems = (problems: string[]) => problems.every((p) => typeof p === 'string' && p.length > 0 && p.length < 1000);

describe('parser fuzzing', () => {
  const leaseSeeds = fixtures('dhclient', '.leases').map((f) => f.input).filter(Boolean);
  const nmSeeds = fixtures('nmcli', '.txt').map((f) => f.input);
  const txtSeeds = fixtures('txt', '.txt').flatMap((f) => f.input.split('\n').filter(Boolean));

  it('dhclient leases: never throws, every problem names its line', () => {
    const property = fc.property(fc.oneof(anyText, mutated(leaseSeeds, syntaxChars)), (text) => {
      const r = parseDhclientLeases(text);
      return noteProblems(r.problems) && r.problems.every((p) => /^line \d+: /.test(p)) && r.leases.every((l) => l.options.every((o) => o.name !== ''));
    });
    fc.assert(property, { numRuns: runs * 2 });
  }, 60_000);

  it('nmcli output: never throws', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, mutated(nmSeeds, syntaxChars)), (text) => {
        const r = parseNmcliDhcp(text);
        return noteProblems(r.problems) && r.devices.every((d) => d.options.every((o) => o.name !== ''));
      }),
      { numRuns: runs * 2 },
    );
  }, 60_000);

  it('option 43: returns sub-options inside the input, or says why not', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          const subs = parseSubOptions(bytes);
          return subs.reduce((n, s) => n + s.bytes.length + 2, 0) <= bytes.length;
        } catch (err) {
          return err instanceof VendorOptionError && /^sub-option \d+ at byte \d+ /.test(err.message);
        }
      }),
      { numRuns: runs * 2 },
    );
  }, 60_000);

  it('TXT records: a record or a RecordError with a reason', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, mutated(txtSeeds, syntaxChars)), (text) => {
        try {
          const r = parseThinshellRecord(text);
          return r.broker !== undefined || r.type !== undefined;
        } catch (err) {
          return err instanceof RecordError && err.message.length > 5;
        }
      }),
      { numRuns: runs * 2 },
    );
  }, 60_000);

  it('big inputs stay bounded: a 4 MiB lease file of garbage and one of 20,000 leases', () => {
    const started = performance.now();
    const garbage = '"'.repeat(1) + 'x'.repeat(4 * 1024 * 1024);
    expect(parseDhclientLeases(garbage).problems[0]).toBe('line 1: a quoted string is not closed');
    const many = 'lease { interface "eth0"; option unknown-224 "pve://a"; expire never; }\n'.repeat(20_000);
    expect(parseDhclientLeases(many).leases).toHaveLength(20_000);
    expect(parseThinshellRecord.bind(null, `v=thinshell1; broker=${'a'.repeat(70_000)}`)).toThrow('at most 4096');
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
