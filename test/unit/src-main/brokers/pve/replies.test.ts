import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';
import { guestStatus, guestsFromResources, parseUpid, spiceTicket, taskState, ticketFromReply } from '../../../../../src-main/brokers/pve/replies.ts';
import { fixtureTests } from '../../../../support/reply-fixtures.ts';

const dir = fileURLToPath(new URL('./fixtures', import.meta.url));

/** Maps become objects, so a fixture can say what a parser returns. */
function toJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (v instanceof Map ? Object.fromEntries(v) : v)));
}

describe('Proxmox VE reply parsers (fixtures)', () => {
  fixtureTests(dir, { guestsFromResources, ticketFromReply, parseUpid, taskState, guestStatus, spiceTicket }, toJson);
});
