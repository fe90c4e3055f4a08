import { z } from 'zod';
import { ShellError, type Desktop, type DesktopStatus, type SecondFactorMethod } from '../../contract/index.ts';
import { parseValue } from '../common/json.ts';

/**
 * Proxmox VE's replies (every one `{"data": ...}`), each through a schema, as the contract in
 * broker-contracts.md describes them. Pure functions: the fixture and fuzz tests drive them.
 * Anything that does not fit is ShellError('broker-bad-reply') naming the field.
 */

const Flag = z.union([z.literal(0), z.literal(1), z.boolean()]).transform((v) => v === 1 || v === true);
const Name = z.string().min(1).max(256);
/** Node names as PVE allows them; also what may go into a request path. */
const NodeName = z.string().regex(/^[A-Za-z0-9]([A-Za-z0-9.-]{0,62})$/, 'a node name');
const Port = z.union([z.number().int(), z.string().regex(/^\d{1,5}$/).transform(Number)]).pipe(z.number().int().min(1).max(65535));

export const TicketReply = z.object({
  data: z.object({
    username: Name,
    ticket: z.string().min(1).max(16384),
    CSRFPreventionToken: z.string().min(1).max(1024).optional(),
    NeedTFA: Flag.optional(),
  }),
});

export type Ticket = { kind: 'ticket'; username: string; ticket: string; csrf: string };
export type TfaNeeded = { kind: 'tfa'; username: string; challenge: string; methods: SecondFactorMethod[]; unsupported: string[] };

/** The reply of POST /access/ticket: a full ticket, or a partial one with a two-factor challenge. */
export function ticketFromReply(value: unknown): Ticket | TfaNeeded {
  const { data } = parseValue(value, TicketReply, 'sign-in reply');
  if (data.NeedTFA) {
    const { methods, unsupported } = decodeTfaChallenge(data.ticket);
    return { kind: 'tfa', username: data.username, challenge: data.ticket, methods, unsupported };
  }
  if (!data.ticket.startsWith('PVE:')) throw new ShellError('broker-bad-reply', 'sign-in reply: the ticket does not start with PVE:');
  if (!data.CSRFPreventionToken) throw new ShellError('broker-bad-reply', 'sign-in reply: no CSRFPreventionToken with the ticket');
  return { kind: 'ticket', username: data.username, ticket: data.ticket, csrf: data.CSRFPreventionToken };
}

const Challenge = z.object({
  totp: z.boolean().optional(),
  /** The indices of the recovery codes left (PVE 7.2+); older versions may send true or "available". */
  recovery: z.union([z.array(z.unknown()).max(1000), z.boolean(), z.string().max(64)]).optional(),
  webauthn: z.unknown().optional(),
  u2f: z.unknown().optional(),
  yubico: z.boolean().optional(),
});

/**
 * The methods a partial ticket `PVE:[user]!tfa!<challenge>:...` offers. The challenge is JSON
 * with ':' written as %3A (so it fits between the ticket's colons). Only TOTP and recovery codes
 * can be typed here; the others (webauthn, u2f, yubico) are named in `unsupported`.
 */
export function decodeTfaChallenge(ticket: string): { methods: SecondFactorMethod[]; unsupported: string[] } {
  const at = ticket.indexOf('!tfa!');
  if (!ticket.startsWith('PVE:') || at < 0) throw new ShellError('broker-bad-reply', 'sign-in reply: a two-factor ticket without a !tfa! challenge');
  const encoded = ticket.slice(at + 5).split(':')[0] ?? '';
  let json: unknown;
  try {
    json = JSON.parse(decodeURIComponent(encoded));
  } catch {
    throw new ShellError('broker-bad-reply', 'sign-in reply: the two-factor challenge is not readable JSON');
  }
  const challenge = parseValue(json, Challenge, 'two-factor challenge');
  const methods: SecondFactorMethod[] = [];
  if (challenge.totp) methods.push('totp');
  const r = challenge.recovery;
  if ((Array.isArray(r) && r.length > 0) || r === true || (typeof r === 'string' && r !== '' && r !== 'unavailable')) methods.push('recovery');
  const unsupported = (['webauthn', 'u2f', 'yubico'] as const).filter((k) => challenge[k] !== undefined && challenge[k] !== false && challenge[k] !== null);
  return { methods, unsupported };
}

const Resource = z.object({
  id: z.string().max(512),
  type: z.string().max(64),
  node: NodeName.optional(),
  vmid: z.number().int().min(1).max(999_999_999).optional(),
  name: z.string().max(256).optional(),
  status: z.string().max(64).optional(),
  template: Flag.optional(),
  pool: z.string().max(256).optional(),
  tags: z.string().max(4096).optional(),
  lock: z.string().max(64).optional(),
});
export const ResourcesReply = z.object({ data: z.array(Resource).max(200_000) });

/** Where a listed guest lives: what a launch needs. */
export interface Guest {
  id: string;
  node: string;
  vmid: number;
  name: string;
}

const statuses: Record<string, DesktopStatus> = { running: 'running', stopped: 'stopped', paused: 'paused', suspended: 'paused' };

/**
 * GET /cluster/resources -> the desktops a user sees: QEMU guests that are not templates and do
 * not sit on a node the reply calls offline. LXC containers are left out (they have no SPICE
 * display). A node the user may not see (no node entry) counts as online: its guests stay.
 */
export function guestsFromResources(value: unknown): { desktops: Desktop[]; guests: Map<string, Guest> } {
  const { data } = parseValue(value, ResourcesReply, 'guest list');
  const offline = new Set(data.filter((r) => r.type === 'node' && r.status !== 'online' && r.node).map((r) => r.node!));
  const rows: { desktop: Desktop; guest: Guest }[] = [];
  for (const r of data) {
    if (r.type !== 'qemu' || r.template) continue;
    if (r.vmid === undefined || !r.node) throw new ShellError('broker-bad-reply', `guest list: entry ${r.id.slice(0, 40)} has no vmid or node`);
    if (offline.has(r.node)) continue;
    const id = `qemu/${r.vmid}`;
    const name = r.name?.trim() || `VM ${r.vmid}`;
    const about = [r.node, r.pool, r.lock ? `locked: ${r.lock}` : undefined].filter(Boolean).join(' · ');
    rows.push({
      desktop: { id, name, protocol: 'spice', status: statuses[r.status ?? ''] ?? 'unknown', description: about },
      guest: { id, node: r.node, vmid: r.vmid, name },
    });
  }
  rows.sort((a, b) => a.desktop.name.localeCompare(b.desktop.name) || a.guest.vmid - b.guest.vmid);
  const guests = new Map<string, Guest>();
  for (const row of rows) guests.set(row.guest.id, row.guest);
  return { desktops: rows.map((r) => r.desktop), guests };
}

export const StatusReply = z.object({
  data: z.object({
    status: z.string().max(64),
    qmpstatus: z.string().max(64).optional(),
    spice: Flag.optional(),
    name: z.string().max(256).optional(),
  }),
});

export function guestStatus(value: unknown): { status: string; spice: boolean } {
  const { data } = parseValue(value, StatusReply, 'guest status');
  return { status: data.status, spice: data.spice ?? false };
}

export interface Upid {
  upid: string;
  node: string;
  type: string;
  id: string;
  user: string;
}

/** `UPID:node:PID:PSTART:START:type:id:user:` with hex numbers; the user may hold `!` (a token). */
const UPID = /^UPID:([A-Za-z0-9][A-Za-z0-9.-]{0,62}):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,16}):([0-9A-Fa-f]{8}):([A-Za-z0-9_-]{1,64}):([^:\s]{0,128}):([^:\s]{1,256}):$/;

export function parseUpid(value: unknown): Upid {
  const { data } = parseValue(value, z.object({ data: z.string().max(1024) }), 'task id');
  const m = UPID.exec(data);
  if (!m) throw new ShellError('broker-bad-reply', `task id: not a UPID: ${JSON.stringify(data.slice(0, 80))}`);
  return { upid: data, node: m[1]!, type: m[5]!, id: m[6]!, user: m[7]! };
}

export const TaskStatusReply = z.object({
  data: z.object({ status: z.enum(['running', 'stopped']), exitstatus: z.string().max(4096).optional() }),
});

/** A task's state: still running, or done with its exit status ("OK" on success). */
export function taskState(value: unknown): { done: false } | { done: true; ok: boolean; exitstatus: string } {
  const { data } = parseValue(value, TaskStatusReply, 'task status');
  if (data.status === 'running') return { done: false };
  return { done: true, ok: data.exitstatus === 'OK', exitstatus: data.exitstatus ?? '(none)' };
}

export const SpiceProxyReply = z.object({
  data: z.object({
    type: z.literal('spice'),
    host: z.string().min(1).max(2048),
    proxy: z.string().max(2048).regex(/^http:\/\/(\[[0-9A-Fa-f:.]+\]|[^\s/:[\]]+)(:\d{1,5})?\/?$/, 'http://HOST[:PORT]'),
    'tls-port': Port,
    password: z.string().min(1).max(1024),
    'host-subject': z.string().max(2048).optional(),
    ca: z.string().max(65536).optional(),
    title: z.string().max(512).optional(),
  }),
});

export interface SpiceTicket {
  /** The opaque signed proxy ticket the proxy maps to the guest (not a host name). */
  host: string;
  proxy: string;
  tlsPort: number;
  password: string;
  hostSubject?: string;
  /** PEM with real newlines (PVE writes them as the two characters \n). */
  ca?: string;
}

export function spiceTicket(value: unknown): SpiceTicket {
  const { data } = parseValue(value, SpiceProxyReply, 'SPICE ticket');
  const ca = data.ca?.replace(/\\n/g, '\n');
  return {
    host: data.host,
    proxy: data.proxy.replace(/\/$/, ''),
    tlsPort: data['tls-port'],
    password: data.password,
    ...(data['host-subject'] ? { hostSubject: data['host-subject'] } : {}),
    ...(ca ? { ca } : {}),
  };
}
