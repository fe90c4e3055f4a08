import { describe, expect, it } from 'vitest';
import { hasControlCharacters, hostArgument } from '../../../../src-main/sessions/input-checks.ts';

describe('hostArgument', () => {
  it.each([
    ['rdp.example.com', 'rdp.example.com'],
    ['10.0.0.5', '10.0.0.5'],
    ['host_1', 'host_1'],
    ['::1', '[::1]'],
    ['[fe80::1]', '[fe80::1]'],
    ['2001:db8::10', '[2001:db8::10]'],
  ])('%s -> %s', (input, expected) => {
    expect(hostArgument(input)).toBe(expected);
  });

  it.each(['', 'a b', 'host/p:x', '/p:secret', '-x', 'host\n', 'a'.repeat(254), '[::1', 'host:3389', 'x;y'])('rejects %j', (input) => {
    expect(hostArgument(input)).toBeUndefined();
  });
});

describe('hasControlCharacters', () => {
  it('finds C0 controls and DEL, not ordinary or non-ASCII text', () => {
    expect(hasControlCharacters('a\tb')).toBe(true);
    expect(hasControlCharacters('a\u007fb')).toBe(true);
    expect(hasControlCharacters('\0')).toBe(true);
    expect(hasControlCharacters('Desk 1 – ünï €')).toBe(false);
  });
});
