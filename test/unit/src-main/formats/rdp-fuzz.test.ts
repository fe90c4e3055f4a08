import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRdpFile, RdpFileError } from '../../../../src-main/formats/rdp.ts';

// 100k+ inputs: random bytes, random text built from .rdp pieces, and the fixtures mutated.
// Each either parses into something sane or fails with an RdpFileError in plain words; nothing
// else may escape, and nothing may take long (the whole run is bounded by the test timeout).

const dir = join(import.meta.dirname, 'fixtures/rdp');
const seeds = readdirSync(dir)
  .filter((f) => f.endsWith('.rdp'))
  .map((f) => new Uint8Array(readFileSync(join(dir, f))));

/** Plain checks (not expect) in the hot path: 100k calls of expect cost seconds. */
function check(input: Uint8Array | string): void {
  let file;
  try {
    file = parseRdpFile(input);
  } catch (err) {
    if (!(err instanceof RdpFileError)) throw new Error(`not an RdpFileError: ${String(err)}`);
    if (err.message.length < 10 || err.message.length > 400) throw new Error(`unclear message: ${err.message}`);
    return;
  }
  const { host, port } = file.target;
  if (host.length === 0 || !(port >= 1 && port <= 65535)) throw new Error(`bad target ${host}:${port}`);
  if (file.warnings.length > 200) throw new Error('unbounded warnings');
  if (file.gateway && !(file.gateway.port >= 1 && file.gateway.port <= 65535)) throw new Error('bad gateway port');
}

const KEYS = ['full address', 'alternate full address', 'server port', 'username', 'domain', 'gatewayhostname', 'gatewayusagemethod', 'screen mode id', 'desktopwidth', 'selectedmonitors', 'remoteapplicationmode', 'remoteapplicationprogram', 'drivestoredirect', 'audiomode', 'password 51', 'loadbalanceinfo', 'x'];
const piece = fc.oneof(
  fc.constantFrom(...KEYS, ':', 's', 'i', 'b', '\r', '\n', '\r\n', '[', ']', '::1', '3389', '-1', '99999999999', '\\', '@', ';', ',', '*', '\uFEFF', '\0', ' '),
  fc.string({ maxLength: 8 }),
);
const rdpText = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(''));

type Mutation = { at: number; op: 'flip' | 'drop' | 'insert' | 'cut' | 'dup'; byte: number; len: number };
const mutation = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('flip', 'drop', 'insert', 'cut', 'dup') as fc.Arbitrary<Mutation['op']>,
  byte: fc.nat(255),
  len: fc.integer({ min: 1, max: 40 }),
});

function mutate(seed: Uint8Array, ops: Mutation[]): Uint8Array {
  let b = Buffer.from(seed);
  for (const m of ops) {
    const at = b.length ? m.at % b.length : 0;
    if (m.op === 'flip') b[at] = m.byte;
    else if (m.op === 'drop') b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.len)]);
    else if (m.op === 'insert') b = Buffer.concat([b.subarray(0, at), Buffer.alloc(m.len, m.byte), b.subarray(at)]);
    else if (m.op === 'cut') b = b.subarray(0, at);
    else b = Buffer.concat([b.subarray(0, at + m.len), b.subarray(at)]);
  }
  return b;
}

describe('.rdp parser under fuzzing', () => {
  it('random bytes (30k)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => check(bytes)), { numRuns: 30_000 });
  }, 60_000);

  it('random text from .rdp pieces (35k)', () => {
    fc.assert(fc.property(rdpText, (text) => check(text)), { numRuns: 35_000 });
  }, 60_000);

  it('mutated fixtures (40k)', () => {
    fc.assert(
      fc.property(fc.nat(seeds.length - 1), fc.array(mutation, { minLength: 1, maxLength: 6 }), (i, ops) => check(mutate(seeds[i]!, ops))),
      { numRuns: 40_000 },
    );
  }, 60_000);

  it('a huge file is refused at once, not read line by line', () => {
    expect(() => parseRdpFile(new Uint8Array(2 * 1024 * 1024).fill(0x41))).toThrow(/larger than/);
  });

  it('a million short lines stay bounded in warnings', () => {
    const file = parseRdpFile(`full address:s:h\n${'junk\n'.repeat(200_000)}`);
    expect(file.warnings.length).toBeLessThanOrEqual(101);
  });

  it('thousands of well-formed unknown keys stay bounded in warnings too', () => {
    const keys = Array.from({ length: 5000 }, (_, i) => `unknown key ${i}:s:x`).join('\n');
    const file = parseRdpFile(`full address:s:h\n${keys}\n`);
    expect(file.warnings.length).toBeLessThanOrEqual(101);
    expect(file.warnings.at(-1)?.message).toMatch(/only the first 100 are listed/);
  });
});
