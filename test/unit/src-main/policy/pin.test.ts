import { describe, expect, it } from 'vitest';
import { hashPin, verifyPin } from '../../../../src-main/policy/pin.ts';
import { Policy } from '../../../../src-main/policy/schema.ts';

describe('hashPin / verifyPin', () => {
  it('hashes to scrypt$N$r$p$salt$hash that verifies the PIN and nothing else', async () => {
    const hash = await hashPin('4711');
    const parts = hash.split('$');
    expect(parts.slice(0, 4)).toEqual(['scrypt', '32768', '8', '1']);
    expect(Buffer.from(parts[4] as string, 'base64')).toHaveLength(16);
    expect(Buffer.from(parts[5] as string, 'base64')).toHaveLength(32);
    expect(hash).not.toContain('4711');
    expect(await verifyPin('4711', hash)).toBe(true);
    expect(await verifyPin('4712', hash)).toBe(false);
    expect(await verifyPin('', hash)).toBe(false);
    expect(Policy.safeParse({ kiosk: { adminPinHash: hash } }).success).toBe(true);
  });

  it('salts: the same PIN hashes differently each time', async () => {
    const [a, b] = await Promise.all([hashPin('0000'), hashPin('0000')]);
    expect(a).not.toBe(b);
    expect(await verifyPin('0000', b)).toBe(true);
  });

  it('answers false, never throws, for malformed or absurd hashes', async () => {
    const good = await hashPin('1234');
    const [, n, r, p, salt, key] = good.split('$');
    const bad = [
      '',
      '1234',
      'bcrypt$32768$8$1$' + salt + '$' + key,
      ['scrypt', n, r, p, salt].join('$'),
      ['scrypt', '1000', r, p, salt, key].join('$'), // N not a power of two
      ['scrypt', String(2 ** 24), r, p, salt, key].join('$'), // would need GiBs
      ['scrypt', n, '999', p, salt, key].join('$'),
      ['scrypt', n, r, p, 'not base64!', key].join('$'),
      ['scrypt', n, r, p, salt, 'AAAA'].join('$'), // key too short
      ['scrypt', '-1', r, p, salt, key].join('$'),
      good + '$extra',
    ];
    for (const hash of bad) expect(await verifyPin('1234', hash), hash).toBe(false);
  });

  it('checks a hash made elsewhere with other parameters', async () => {
    const { scryptSync } = await import('node:crypto');
    const salt = Buffer.from('0123456789abcdef');
    const key = scryptSync('2468', salt, 24, { N: 1024, r: 4, p: 2 });
    const hash = `scrypt$1024$4$2$${salt.toString('base64')}$${key.toString('base64')}`;
    expect(await verifyPin('2468', hash)).toBe(true);
    expect(await verifyPin('2469', hash)).toBe(false);
  });
});
