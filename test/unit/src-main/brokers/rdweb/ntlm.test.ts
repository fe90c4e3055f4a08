import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ntHash, ntlmv2Response, ntowfv2 } from '../../../../../src-main/brokers/rdweb/ntlm-crypto.ts';
import { authenticateMessage, negotiateMessage, NtlmError, parseChallenge } from '../../../../../src-main/brokers/rdweb/ntlm-messages.ts';

// The published test vectors of [MS-NLMP] 4.2.1 (common values) and 4.2.4 (NTLMv2):
// User "User", domain "Domain", password "Password", server challenge 0123456789abcdef,
// client challenge aa x 8, time 0, target info {NbDomainName "Domain", NbComputerName "Server"}.
const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const av = (id: number, text: string) => {
  const v = Buffer.from(text, 'utf16le');
  const h = Buffer.alloc(4);
  h.writeUInt16LE(id, 0);
  h.writeUInt16LE(v.length, 2);
  return Buffer.concat([h, v]);
};
const targetInfo = Buffer.concat([av(2, 'Domain'), av(1, 'Server'), Buffer.alloc(4)]);

/** A CHALLENGE_MESSAGE laid out by hand from [MS-NLMP] 2.2.1.2. */
function challengeMessage(info = targetInfo, flags = 0xe28a8235, name = 'Domain'): Buffer {
  const nameBytes = Buffer.from(name, 'utf16le');
  const head = Buffer.alloc(48);
  head.write('NTLMSSP\0', 0, 'latin1');
  head.writeUInt32LE(2, 8);
  head.writeUInt16LE(nameBytes.length, 12);
  head.writeUInt16LE(nameBytes.length, 14);
  head.writeUInt32LE(48, 16);
  head.writeUInt32LE(flags >>> 0, 20);
  hex('0123456789abcdef').copy(head, 24);
  head.writeUInt16LE(info.length, 40);
  head.writeUInt16LE(info.length, 42);
  head.writeUInt32LE(48 + nameBytes.length, 44);
  return Buffer.concat([head, nameBytes, info]);
}

describe('NTLMv2 against the [MS-NLMP] test vectors', () => {
  it('NT hash and NTOWFv2', () => {
    expect(ntHash('Password').toString('hex')).toBe('a4f49c406510bdcab6824ee7c30fd852');
    expect(ntowfv2('Password', 'User', 'Domain').toString('hex')).toBe('0c868a403bfd7a93a3001ef22ef02e3f');
  });

  it('LMv2 response, NTProofStr and session base key', () => {
    const r = ntlmv2Response({
      responseKey: ntowfv2('Password', 'User', 'Domain'),
      serverChallenge: hex('0123456789abcdef'),
      clientChallenge: hex('aaaaaaaaaaaaaaaa'),
      timestamp: Buffer.alloc(8),
      targetInfo,
    });
    expect(r.lm.toString('hex')).toBe('86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa');
    expect(r.ntProof.toString('hex')).toBe('68cd0ab851e51c96aabc927bebef6a1c');
    expect(r.sessionBaseKey.toString('hex')).toBe('8de40ccadbc14a82f15cb0ad0de95ca3');
  });

  it('an AUTHENTICATE message carries them where [MS-NLMP] 2.2.1.3 says', () => {
    const c = parseChallenge(challengeMessage());
    expect(c.nbDomain).toBe('Domain');
    expect(c.targetName).toBe('Domain');
    const m = authenticateMessage({ challenge: c, user: 'User', domain: 'Domain', password: 'Password', workstation: 'COMPUTER', clientChallenge: hex('aaaaaaaaaaaaaaaa'), nowMs: -11644473600000 });
    const at = (field: number) => m.subarray(m.readUInt32LE(field + 4), m.readUInt32LE(field + 4) + m.readUInt16LE(field));
    expect(m.subarray(0, 12).toString('latin1')).toBe('NTLMSSP\0\x03\0\0\0');
    expect(at(12).toString('hex')).toBe('86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa');
    expect(at(20).subarray(0, 16).toString('hex')).toBe('68cd0ab851e51c96aabc927bebef6a1c');
    expect(at(28).toString('utf16le')).toBe('Domain');
    expect(at(36).toString('utf16le')).toBe('User');
    expect(at(44).toString('utf16le')).toBe('COMPUTER');
  });

  it('uses the server timestamp when it sends one, and then no LMv2 response', () => {
    const stamp = Buffer.concat([av(2, 'Domain'), Buffer.from([7, 0, 8, 0]), hex('0102030405060708'), Buffer.alloc(4)]);
    const c = parseChallenge(challengeMessage(stamp));
    const m = authenticateMessage({ challenge: c, user: 'u', domain: 'D', password: 'p', workstation: 'W' });
    const lm = m.subarray(m.readUInt32LE(16), m.readUInt32LE(16) + m.readUInt16LE(12));
    const nt = m.subarray(m.readUInt32LE(24), m.readUInt32LE(24) + m.readUInt16LE(20));
    expect(lm.equals(Buffer.alloc(24))).toBe(true);
    expect(nt.subarray(24, 32).toString('hex')).toBe('0102030405060708');
  });

  it('NEGOTIATE asks for Unicode, NTLM and extended session security', () => {
    const n = negotiateMessage();
    expect(n.subarray(0, 8).toString('latin1')).toBe('NTLMSSP\0');
    expect(n.readUInt32LE(8)).toBe(1);
    const flags = n.readUInt32LE(12);
    for (const bit of [0x1, 0x200, 0x80000]) expect(flags & bit).toBe(bit);
  });
});

describe('parseChallenge refuses what it cannot trust', () => {
  it('wrong signature, wrong type, OEM only, no target info (NTLMv1), offsets past the end', () => {
    const good = challengeMessage();
    const bad = (b: Buffer, says: RegExp) => expect(() => parseChallenge(b)).toThrow(says);
    bad(Buffer.from('NOTNTLM\0aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'), /not an NTLM message/);
    const type3 = Buffer.from(good);
    type3.writeUInt32LE(3, 8);
    bad(type3, /type 3/);
    bad(challengeMessage(targetInfo, 0xe28a8234), /OEM/);
    bad(challengeMessage(targetInfo, 0xe2088235), /NTLMv1/);
    const past = Buffer.from(good);
    past.writeUInt32LE(4000, 44);
    bad(past, /past its end/);
    bad(challengeMessage(Buffer.from([2, 0, 200, 0, 1, 2])), /target information/);
  });

  it('never throws anything but NtlmError on 50k random or mutated challenges', () => {
    const seed = challengeMessage();
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 120 }), fc.array(fc.tuple(fc.nat(seed.length - 1), fc.nat(255)), { maxLength: 6 }).map((flips) => {
        const b = Buffer.from(seed);
        for (const [at, v] of flips) b[at] = v;
        return new Uint8Array(b);
      })), (bytes) => {
        try {
          parseChallenge(Buffer.from(bytes));
        } catch (err) {
          if (!(err instanceof NtlmError)) throw err;
        }
      }),
      { numRuns: 50_000 },
    );
  });
});
