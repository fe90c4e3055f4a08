import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt cost for new hashes: N=2^15, r=8 (32 MiB, ~0.1 s here). A PIN has little entropy, so
 * the hash mainly keeps it off the disk in the clear; the real guard is PinGate's lockout.
 */
const COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
// Bounds for hashes we read: a hostile or mistyped policy must not make us burn a GiB or an hour.
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;
const B64 = /^[A-Za-z0-9+/]+=*$/;

function derive(pin: string, salt: Buffer, n: number, r: number, p: number, bytes: number): Promise<Buffer> {
  const options: ScryptOptions = { N: n, r, p, maxmem: 128 * n * r * p + 16 * 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(pin.normalize('NFC'), salt, bytes, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64: the format of policy `kiosk.adminPinHash`. */
export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(pin, salt, COST.N, COST.r, COST.p, KEY_BYTES);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** True if `pin` matches `hash`. A malformed or absurd hash is simply no match: never throws. */
export async function verifyPin(pin: string, hash: string): Promise<boolean> {
  try {
    const parts = hash.split('$');
    if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
    const [n, r, p] = parts.slice(1, 4).map((v) => (/^\d{1,8}$/.test(v ?? '') ? Number(v) : NaN)) as number[];
    const [saltText, keyText] = [parts[4] ?? '', parts[5] ?? ''];
    if (!n || !r || !p || n < 2 || n > MAX_N || (n & (n - 1)) !== 0 || r > MAX_R || p > MAX_P) return false;
    if (!B64.test(saltText) || !B64.test(keyText)) return false;
    const salt = Buffer.from(saltText, 'base64');
    const expected = Buffer.from(keyText, 'base64');
    if (salt.length < 8 || expected.length < 16 || expected.length > 128) return false;
    const actual = await derive(pin, salt, n, r, p, expected.length);
    return timingSafeEqual(actual, expected);
  } catch {
    return false;
  }
}
