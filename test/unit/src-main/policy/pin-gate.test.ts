import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PinGate } from '../../../../src-main/policy/pin-gate.ts';

// A cheap hash made independently of hashPin, so the gate's tests run fast.
const salt = Buffer.from('saltsaltsaltsalt');
const HASH = `scrypt$16$1$1$${salt.toString('base64')}$${scryptSync('1234', salt, 32, { N: 16, r: 1, p: 1 }).toString('base64')}`;

function gate(hash: () => string | undefined = () => HASH) {
  let now = 1_000_000;
  const g = new PinGate({ hash, now: () => now });
  return { g, advance: (ms: number) => (now += ms) };
}

describe('PinGate', () => {
  it('opens for the right PIN and refuses a wrong one', async () => {
    const { g } = gate();
    expect(await g.check('1234')).toEqual({ ok: true });
    expect(await g.check('9999')).toEqual({ ok: false, reason: 'wrong', triesLeft: 4, lockedForMs: 0 });
  });

  it('says when no PIN is set', async () => {
    expect(await gate(() => undefined).g.check('1234')).toEqual({ ok: false, reason: 'no-pin' });
  });

  it('locks for 60 s after 5 wrong PINs, even against the right one', async () => {
    const { g, advance } = gate();
    for (let i = 0; i < 4; i++) expect(await g.check('0000')).toMatchObject({ reason: 'wrong', lockedForMs: 0 });
    expect(await g.check('0000')).toEqual({ ok: false, reason: 'wrong', triesLeft: 0, lockedForMs: 60_000 });
    expect(await g.check('1234')).toEqual({ ok: false, reason: 'locked', retryInMs: 60_000 });
    advance(59_999);
    expect(await g.check('1234')).toEqual({ ok: false, reason: 'locked', retryInMs: 1 });
    advance(1);
    expect(g.retryInMs()).toBe(0);
    expect(await g.check('1234')).toEqual({ ok: true });
  });

  it('doubles the lockout with every further wrong PIN, up to an hour', async () => {
    const { g, advance } = gate();
    for (let i = 0; i < 5; i++) await g.check('0000');
    const locks: number[] = [];
    for (let i = 0; i < 8; i++) {
      advance(g.retryInMs());
      const r = await g.check('0000');
      if (r.ok || r.reason !== 'wrong') throw new Error('expected a wrong PIN');
      locks.push(r.lockedForMs);
    }
    expect(locks).toEqual([120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000, 3_600_000]);
  });

  it('does not count attempts made while locked, and a right PIN resets the count', async () => {
    const { g, advance } = gate();
    for (let i = 0; i < 5; i++) await g.check('0000');
    for (let i = 0; i < 10; i++) expect(await g.check('0000')).toMatchObject({ reason: 'locked' });
    advance(60_000);
    expect(await g.check('1234')).toEqual({ ok: true });
    expect(await g.check('0000')).toMatchObject({ reason: 'wrong', triesLeft: 4, lockedForMs: 0 });
  });

  it('counts parallel guesses one by one', async () => {
    const { g } = gate();
    const results = await Promise.all(Array.from({ length: 8 }, () => g.check('0000')));
    expect(results.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(['wrong', 'wrong', 'wrong', 'wrong', 'wrong', 'locked', 'locked', 'locked']);
  });
});
