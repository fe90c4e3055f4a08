import { describe, expect, it } from 'vitest';
import { PageToken } from '../../../../../src-main/hosts/browser/token.ts';

describe('PageToken', () => {
  it('issues 32 random bytes as hex, different every time', () => {
    const t = new PageToken();
    const a = t.issue();
    const b = t.issue();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
  });

  it('accepts the current token once', () => {
    const t = new PageToken();
    const a = t.issue();
    expect(t.consume(a)).toBe(true);
    expect(t.consume(a)).toBe(false);
  });

  it('refuses old, revoked, malformed and absent tokens', () => {
    const t = new PageToken();
    expect(t.consume('00'.repeat(32))).toBe(false);
    const old = t.issue();
    const current = t.issue();
    expect(t.consume(old)).toBe(false);
    for (const bad of [null, undefined, '', current.slice(2), `${current}00`, current.toUpperCase(), `${current.slice(0, 62)}zz`]) {
      expect(t.consume(bad)).toBe(false);
    }
    t.revoke();
    expect(t.consume(current)).toBe(false);
  });
});
