import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../../src-main/common/secret.ts';
import { createLogger } from '../../../../src-main/common/log.ts';

describe('Secret', () => {
  it('never prints, in any of the ways values get printed', () => {
    const s = new Secret('canary-xyz');
    const printed = [String(s), `${s}`, JSON.stringify({ s }), inspect(s), inspect({ nested: { s } })];
    for (const p of printed) expect(p).not.toContain('canary-xyz');
    expect(s.reveal()).toBe('canary-xyz');
  });

  it('stays hidden when logged', () => {
    const lines: string[] = [];
    createLogger('t', { write: (l) => lines.push(l), level: 'debug' }).info('sign-in', { password: new Secret('canary-xyz') });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('[secret]');
    expect(lines[0]).not.toContain('canary-xyz');
  });
});
