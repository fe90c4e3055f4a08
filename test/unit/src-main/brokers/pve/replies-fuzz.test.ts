import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { z } from 'zod';
import { parseJsonText } from '../../../../../src-main/brokers/common/json.ts';
import { decodeTfaChallenge, guestStatus, guestsFromResources, parseUpid, spiceTicket, taskState, ticketFromReply } from '../../../../../src-main/brokers/pve/replies.ts';
import { acceptOrRefuse, mutate, mutation } from '../../../../support/json-fuzz.ts';

// 100k+ random and mutated replies through every Proxmox VE reply parser: each returns a value
// that keeps its promises, or refuses with broker-bad-reply; nothing else is thrown, nothing hangs.

const dir = fileURLToPath(new URL('./fixtures', import.meta.url));
const seeds: unknown[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'))
  .map((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { input: unknown }).input);

/** A plain check: expect() per input would cost more than the parsers themselves. */
function ensure(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}

function everyParser(value: unknown): void {
  const list = acceptOrRefuse(() => guestsFromResources(value)) as ReturnType<typeof guestsFromResources> | undefined;
  if (list) {
    for (const d of list.desktops) {
      ensure(/^qemu\/\d+$/.test(d.id), `desktop id ${d.id}`);
      ensure(/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(list.guests.get(d.id)?.node ?? ''), `node of ${d.id}`);
    }
  }
  const ticket = acceptOrRefuse(() => ticketFromReply(value)) as ReturnType<typeof ticketFromReply> | undefined;
  if (ticket?.kind === 'tfa') for (const m of ticket.methods) ensure(m === 'totp' || m === 'recovery', `method ${m}`);
  const upid = acceptOrRefuse(() => parseUpid(value)) as ReturnType<typeof parseUpid> | undefined;
  if (upid) ensure(upid.upid.startsWith('UPID:'), 'upid');
  acceptOrRefuse(() => taskState(value));
  acceptOrRefuse(() => guestStatus(value));
  const spice = acceptOrRefuse(() => spiceTicket(value)) as ReturnType<typeof spiceTicket> | undefined;
  if (spice) {
    ensure(spice.tlsPort >= 1 && spice.tlsPort <= 65535, `tls port ${spice.tlsPort}`);
    ensure(/^http:\/\/\S+$/.test(spice.proxy), `proxy ${spice.proxy}`);
  }
  if (typeof value === 'string') acceptOrRefuse(() => decodeTfaChallenge(value));
}

describe('Proxmox VE reply parsers under fuzzing (100k+)', () => {
  it('random JSON values (40k)', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => everyParser(v)), { numRuns: 40_000 });
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 3 }), (v) => everyParser({ data: v })), { numRuns: 10_000 });
  }, 120_000);

  it('structurally mutated fixture replies (50k)', () => {
    fc.assert(
      fc.property(fc.nat(seeds.length - 1), fc.array(mutation, { minLength: 1, maxLength: 3 }), (i, ops) => everyParser(mutate(seeds[i], ops))),
      { numRuns: 50_000 },
    );
  }, 120_000);

  it('replies cut or garbled as text (10k), and partial tickets of random text (5k)', () => {
    fc.assert(
      fc.property(fc.nat(seeds.length - 1), fc.nat(), fc.string({ maxLength: 4 }), (i, at, junk) => {
        const text = JSON.stringify(seeds[i]);
        const cut = text.slice(0, at % (text.length + 1)) + junk;
        const value = acceptOrRefuse(() => parseJsonText(cut, z.unknown(), 'reply'));
        if (value !== undefined) everyParser(value);
      }),
      { numRuns: 10_000 },
    );
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => void acceptOrRefuse(() => decodeTfaChallenge(`PVE:u@pve!tfa!${s}`))), { numRuns: 5_000 });
  }, 120_000);
});
