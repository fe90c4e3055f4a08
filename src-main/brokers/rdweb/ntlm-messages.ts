import { randomBytes } from 'node:crypto';
import { fileTime, ntlmv2Response, ntowfv2 } from './ntlm-crypto.ts';

/**
 * The three NTLM messages of [MS-NLMP] 2.2.1, NTLMv2 only (as Windows sends by default since
 * Vista): NEGOTIATE, the server's CHALLENGE (parsed with every offset checked: it is input
 * from the network), AUTHENTICATE. No signing or sealing: HTTP authentication needs neither.
 */

export class NtlmError extends Error {
  override readonly name = 'NtlmError';
}

const SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');

export const Flags = {
  UNICODE: 0x00000001,
  REQUEST_TARGET: 0x00000004,
  NTLM: 0x00000200,
  ALWAYS_SIGN: 0x00008000,
  EXTENDED_SESSIONSECURITY: 0x00080000,
  TARGET_INFO: 0x00800000,
  VERSION: 0x02000000,
  N128: 0x20000000,
  N56: 0x80000000,
} as const;

const NEGOTIATE_FLAGS = Flags.UNICODE | Flags.REQUEST_TARGET | Flags.NTLM | Flags.ALWAYS_SIGN | Flags.EXTENDED_SESSIONSECURITY | Flags.N128 | Flags.N56;

/** AV pair ids of TargetInfo ([MS-NLMP] 2.2.2.1) that we read. */
const AV_EOL = 0;
const AV_NB_DOMAIN = 2;
const AV_TIMESTAMP = 7;

/** NEGOTIATE_MESSAGE: no domain or workstation supplied (the server fills in its own). */
export function negotiateMessage(): Buffer {
  const b = Buffer.alloc(32);
  SIGNATURE.copy(b, 0);
  b.writeUInt32LE(1, 8);
  b.writeUInt32LE(NEGOTIATE_FLAGS >>> 0, 12);
  // DomainNameFields and WorkstationFields: empty, offset at the end of the message.
  b.writeUInt32LE(32, 20);
  b.writeUInt32LE(32, 28);
  return b;
}

export interface Challenge {
  flags: number;
  serverChallenge: Buffer;
  targetName: string;
  targetInfo: Buffer;
  /** MsvAvNbDomainName of the target info, when present. */
  nbDomain?: string;
  /** MsvAvTimestamp: when present the client must use it and send no LMv2 response. */
  timestamp?: Buffer;
}

function field(b: Buffer, at: number, what: string): Buffer {
  if (b.length < at + 8) throw new NtlmError(`the server's NTLM challenge is cut short (no ${what})`);
  const len = b.readUInt16LE(at);
  const offset = b.readUInt32LE(at + 4);
  if (len === 0) return Buffer.alloc(0);
  if (offset + len > b.length) throw new NtlmError(`the server's NTLM challenge points past its end (${what})`);
  return b.subarray(offset, offset + len);
}

/** CHALLENGE_MESSAGE; throws NtlmError for anything malformed or that would need NTLMv1. */
export function parseChallenge(b: Buffer): Challenge {
  if (b.length < 32 || !b.subarray(0, 8).equals(SIGNATURE)) throw new NtlmError('the server sent something that is not an NTLM message');
  if (b.readUInt32LE(8) !== 2) throw new NtlmError(`the server sent NTLM message type ${b.readUInt32LE(8)} where a challenge (2) belongs`);
  const flags = b.readUInt32LE(20);
  if (!(flags & Flags.UNICODE)) throw new NtlmError('the server offers only OEM (non-Unicode) NTLM, which thinshell does not speak');
  const targetName = field(b, 12, 'target name').toString('utf16le');
  const serverChallenge = Buffer.from(b.subarray(24, 32));
  // TargetInfo is what NTLMv2 binds the response to; a server without it can only do NTLMv1.
  const targetInfo = flags & Flags.TARGET_INFO ? Buffer.from(field(b, 40, 'target info')) : Buffer.alloc(0);
  if (targetInfo.length === 0) throw new NtlmError('the server offers only NTLMv1 (no target information), which thinshell refuses to use');
  const challenge: Challenge = { flags, serverChallenge, targetName, targetInfo };
  let at = 0;
  for (;;) {
    if (at + 4 > targetInfo.length) throw new NtlmError("the server's NTLM target information is cut short");
    const id = targetInfo.readUInt16LE(at);
    const len = targetInfo.readUInt16LE(at + 2);
    if (at + 4 + len > targetInfo.length) throw new NtlmError("the server's NTLM target information points past its end");
    const value = targetInfo.subarray(at + 4, at + 4 + len);
    if (id === AV_EOL) break;
    if (id === AV_NB_DOMAIN) challenge.nbDomain = value.toString('utf16le');
    if (id === AV_TIMESTAMP && len === 8) challenge.timestamp = Buffer.from(value);
    at += 4 + len;
  }
  return challenge;
}

export interface AuthenticateInput {
  challenge: Challenge;
  user: string;
  domain: string;
  password: string;
  workstation: string;
  /** Fixed only by tests (the spec's vectors); otherwise random and now. */
  clientChallenge?: Buffer;
  nowMs?: number;
}

/** AUTHENTICATE_MESSAGE with the NTLMv2 response. */
export function authenticateMessage(i: AuthenticateInput): Buffer {
  const { challenge } = i;
  const responseKey = ntowfv2(i.password, i.user, i.domain);
  const r = ntlmv2Response({
    responseKey,
    serverChallenge: challenge.serverChallenge,
    clientChallenge: i.clientChallenge ?? randomBytes(8),
    timestamp: challenge.timestamp ?? fileTime(i.nowMs ?? Date.now()),
    targetInfo: challenge.targetInfo,
  });
  // With a server timestamp the LMv2 response is all zeros ([MS-NLMP] 3.1.5.1.2).
  const lm = challenge.timestamp ? Buffer.alloc(24) : r.lm;
  const payload = [lm, r.nt, Buffer.from(i.domain, 'utf16le'), Buffer.from(i.user, 'utf16le'), Buffer.from(i.workstation, 'utf16le')];
  const header = Buffer.alloc(64);
  SIGNATURE.copy(header, 0);
  header.writeUInt32LE(3, 8);
  let offset = 64;
  // Lm, Nt, Domain, User, Workstation, EncryptedRandomSessionKey (empty) fields, in that order.
  [12, 20, 28, 36, 44].forEach((at, n) => {
    const part = payload[n]!;
    if (part.length > 0xffff) throw new NtlmError('a user name, domain or workstation too long for NTLM');
    header.writeUInt16LE(part.length, at);
    header.writeUInt16LE(part.length, at + 2);
    header.writeUInt32LE(offset, at + 4);
    offset += part.length;
  });
  header.writeUInt32LE(offset, 56);
  header.writeUInt32LE((challenge.flags & NEGOTIATE_FLAGS) >>> 0 || NEGOTIATE_FLAGS, 60);
  return Buffer.concat([header, ...payload]);
}
