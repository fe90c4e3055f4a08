import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { accessToken, desktopsFromVms, spiceConsoleId, ssoRefusal } from '../../../../../src-main/brokers/ovirt/replies.ts';
import { spiceFromVv } from '../../../../../src-main/brokers/ovirt/vv.ts';
import { acceptOrRefuse, mutate, mutation } from '../../../../support/json-fuzz.ts';

// 100k+ random and mutated engine replies and console files through every oVirt parser.

const dir = fileURLToPath(new URL('./fixtures', import.meta.url));
const inputs = readdirSync(dir)
  .filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'))
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { parser: string; input: unknown });
const jsonSeeds = inputs.filter((i) => i.parser !== 'spiceFromVv').map((i) => i.input);
const vvSeeds = inputs.filter((i) => i.parser === 'spiceFromVv').map((i) => (i.input as { text: string }).text);
const VV_PIECES = ['[virt-viewer]', '[ovirt]', '\n', '\r\n', '=', 'type=spice', 'host=', 'port=-1', 'tls-port=5901', '\\n', '\\', ';', '#', '\ufeff', '\0', 'ca=', 'password=', '[', ']', ' '];

function ensure(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}

function everyParser(value: unknown): void {
  const list = acceptOrRefuse(() => desktopsFromVms(value)) as ReturnType<typeof desktopsFromVms> | undefined;
  for (const d of list ?? []) ensure(/^[0-9A-Za-z-]{1,64}$/.test(d.id), `vm id ${d.id}`);
  acceptOrRefuse(() => accessToken(value));
  const id = acceptOrRefuse(() => spiceConsoleId(value)) as string | undefined;
  if (id !== undefined) ensure(/^[0-9A-Za-z-]+$/.test(id), `console id ${id}`);
  const refusal = ssoRefusal(value);
  ensure(['auth-failed', 'auth-locked', 'auth-expired-password'].includes(refusal.code), refusal.code);
}

function vv(text: string): void {
  const conn = acceptOrRefuse(() => spiceFromVv(text, 'fuzz')) as ReturnType<typeof spiceFromVv> | undefined;
  if (!conn) return;
  ensure(conn.port !== undefined || conn.tlsPort !== undefined, 'a port');
  for (const p of [conn.port, conn.tlsPort]) ensure(p === undefined || (p >= 1 && p <= 65535), `port ${p}`);
  ensure(!/[\s/]/.test(conn.host) && conn.host.length > 0, `host ${conn.host}`);
}

describe('oVirt reply parsers under fuzzing (100k+)', () => {
  it('random JSON values (30k) and structurally mutated replies (30k)', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => everyParser(v)), { numRuns: 30_000 });
    fc.assert(
      fc.property(fc.nat(jsonSeeds.length - 1), fc.array(mutation, { minLength: 1, maxLength: 3 }), (i, ops) => everyParser(mutate(jsonSeeds[i], ops))),
      { numRuns: 30_000 },
    );
  }, 120_000);

  it('console files: random key-file pieces (20k) and mutated engine files (30k)', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.constantFrom(...VV_PIECES), fc.string({ maxLength: 6 })), { maxLength: 40 }), (parts) => vv(parts.join(''))), { numRuns: 20_000 });
    const op = fc.record({ at: fc.nat(), len: fc.integer({ min: 1, max: 20 }), kind: fc.constantFrom('drop', 'cut', 'insert'), text: fc.constantFrom(...VV_PIECES) });
    fc.assert(
      fc.property(fc.nat(vvSeeds.length - 1), fc.array(op, { minLength: 1, maxLength: 4 }), (i, ops) => {
        let s = vvSeeds[i]!;
        for (const o of ops) {
          const at = s.length ? o.at % s.length : 0;
          if (o.kind === 'drop') s = s.slice(0, at) + s.slice(at + o.len);
          else if (o.kind === 'cut') s = s.slice(0, at);
          else s = s.slice(0, at) + o.text + s.slice(at);
        }
        vv(s);
      }),
      { numRuns: 30_000 },
    );
  }, 120_000);
});
