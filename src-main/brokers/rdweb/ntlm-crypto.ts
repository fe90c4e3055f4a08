import { createHmac } from 'node:crypto';
import md4 from 'js-md4';

/**
 * The NTLMv2 computations of [MS-NLMP] 3.3.2. Node 20's OpenSSL 3 has no MD4 (it sits in the
 * legacy provider), so the NT hash uses js-md4's pure-JS hasher (its create() path: its
 * one-call form tries OpenSSL first and throws here).
 */

/** NTOWFv1 = MD4(UNICODE(password)): the NT hash. */
export function ntHash(password: string): Buffer {
  return Buffer.from(md4.create().update(Buffer.from(password, 'utf16le')).arrayBuffer());
}

function hmacMd5(key: Buffer, ...data: Buffer[]): Buffer {
  const h = createHmac('md5', key);
  for (const d of data) h.update(d);
  return h.digest();
}

/** NTOWFv2 = HMAC_MD5(NTOWFv1, UNICODE(Uppercase(user) + domain)): the domain keeps its case. */
export function ntowfv2(password: string, user: string, domain: string): Buffer {
  return hmacMd5(ntHash(password), Buffer.from(user.toUpperCase() + domain, 'utf16le'));
}

/** Windows FILETIME: 100 ns ticks since 1601-01-01, as 8 little-endian bytes. */
export function fileTime(ms: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64LE((BigInt(Math.floor(ms)) + 11644473600000n) * 10000n);
  return out;
}

export interface Ntlmv2Input {
  responseKey: Buffer; // NTOWFv2
  serverChallenge: Buffer; // 8 bytes
  clientChallenge: Buffer; // 8 bytes
  timestamp: Buffer; // 8 bytes FILETIME
  targetInfo: Buffer; // the AV pairs of the CHALLENGE
}

/** The NTLMv2 response: NTProofStr followed by the blob ("temp"), and the LMv2 response. */
export function ntlmv2Response(i: Ntlmv2Input): { nt: Buffer; lm: Buffer; ntProof: Buffer; sessionBaseKey: Buffer } {
  const temp = Buffer.concat([
    Buffer.from([1, 1, 0, 0, 0, 0, 0, 0]), // RespType, HiRespType, Reserved1, Reserved2
    i.timestamp,
    i.clientChallenge,
    Buffer.alloc(4), // Reserved3
    i.targetInfo,
    Buffer.alloc(4), // Reserved4
  ]);
  const ntProof = hmacMd5(i.responseKey, i.serverChallenge, temp);
  const lm = Buffer.concat([hmacMd5(i.responseKey, i.serverChallenge, i.clientChallenge), i.clientChallenge]);
  return { nt: Buffer.concat([ntProof, temp]), lm, ntProof, sessionBaseKey: hmacMd5(i.responseKey, ntProof) };
}
