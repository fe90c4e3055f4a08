import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import md4 from 'js-md4';

/**
 * The server side of NTLMv2 for the fake RD Web server, written from [MS-NLMP] 3.2.5.1.2 on
 * its own (not with the client's code): a CHALLENGE with target info and a timestamp, and a
 * real check of the AUTHENTICATE's NTProofStr against a known user's password.
 */

export interface Account {
  user: string;
  password: string;
}

const sig = Buffer.from('NTLMSSP\0', 'latin1');

function avPair(id: number, value: Buffer): Buffer {
  const h = Buffer.alloc(4);
  h.writeUInt16LE(id, 0);
  h.writeUInt16LE(value.length, 2);
  return Buffer.concat([h, value]);
}

export interface IssuedChallenge {
  message: Buffer;
  serverChallenge: Buffer;
}

/** A CHALLENGE_MESSAGE as Windows Server sends it: domain CORP, computer RDWEB, a timestamp. */
export function makeChallenge(domain = 'CORP'): IssuedChallenge {
  const serverChallenge = randomBytes(8);
  const u = (s: string) => Buffer.from(s, 'utf16le');
  const now = Buffer.alloc(8);
  now.writeBigUInt64LE((BigInt(Date.now()) + 11644473600000n) * 10000n);
  const info = Buffer.concat([avPair(2, u(domain)), avPair(1, u('RDWEB')), avPair(4, u('corp.example')), avPair(3, u('rdweb.corp.example')), avPair(7, now), avPair(0, Buffer.alloc(0))]);
  const name = u(domain);
  const head = Buffer.alloc(56);
  sig.copy(head);
  head.writeUInt32LE(2, 8);
  head.writeUInt16LE(name.length, 12);
  head.writeUInt16LE(name.length, 14);
  head.writeUInt32LE(56, 16);
  head.writeUInt32LE(0xe28a8215, 20); // UNICODE|REQUEST_TARGET|SIGN|NTLM|ALWAYS_SIGN|TARGET_TYPE_DOMAIN|ESS|TARGET_INFO|VERSION|128|KEY_EXCH|56
  serverChallenge.copy(head, 24);
  head.writeUInt16LE(info.length, 40);
  head.writeUInt16LE(info.length, 42);
  head.writeUInt32LE(56 + name.length, 44);
  Buffer.from([10, 0, 0x4f, 0x46, 0, 0, 0, 15]).copy(head, 48); // version 10.0.17999
  return { message: Buffer.concat([head, name, info]), serverChallenge };
}

export function messageType(token: Buffer): number | undefined {
  return token.length >= 12 && token.subarray(0, 8).equals(sig) ? token.readUInt32LE(8) : undefined;
}

export type Verdict = { ok: true; user: string; domain: string; workstation: string } | { ok: false; why: string };

/** Checks an AUTHENTICATE_MESSAGE against the accounts: the NTLMv2 proof must match the password. */
export function verifyAuthenticate(token: Buffer, serverChallenge: Buffer, accounts: readonly Account[]): Verdict {
  if (messageType(token) !== 3 || token.length < 64) return { ok: false, why: 'not an AUTHENTICATE message' };
  const field = (at: number) => {
    const len = token.readUInt16LE(at);
    const off = token.readUInt32LE(at + 4);
    return off + len <= token.length ? token.subarray(off, off + len) : undefined;
  };
  const nt = field(20);
  const domainB = field(28);
  const userB = field(36);
  const wsB = field(44);
  if (!nt || !domainB || !userB || !wsB) return { ok: false, why: 'fields point past the end' };
  if (nt.length <= 24) return { ok: false, why: 'an NTLMv1 response (refused, as by Windows policy)' };
  const user = userB.toString('utf16le');
  const domain = domainB.toString('utf16le');
  const account = accounts.find((a) => a.user.toLowerCase() === user.toLowerCase());
  if (!account) return { ok: false, why: `no such user ${user}` };
  const ntHash = Buffer.from(md4.create().update(Buffer.from(account.password, 'utf16le')).arrayBuffer());
  const key = createHmac('md5', ntHash).update(Buffer.from(user.toUpperCase() + domain, 'utf16le')).digest();
  const proof = nt.subarray(0, 16);
  const blob = nt.subarray(16);
  const expected = createHmac('md5', key).update(serverChallenge).update(blob).digest();
  if (!timingSafeEqual(proof, expected)) return { ok: false, why: 'wrong password' };
  return { ok: true, user, domain, workstation: wsB.toString('utf16le') };
}
