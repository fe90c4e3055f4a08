import { describe, expect, it } from 'vitest';
import { callNames, dispatchCall, ShellError, type ShellHandlers } from '../../../../src-main/contract/index.ts';

const handlers = Object.fromEntries(callNames.map((n) => [n, async () => null])) as unknown as ShellHandlers;

describe('dispatchCall', () => {
  it('refuses an unknown method', async () => {
    expect(await dispatchCall(handlers, 'toString', {})).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await dispatchCall(handlers, '__proto__', {})).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('validates arguments and names the bad field', async () => {
    const r = await dispatchCall(handlers, 'signIn', { username: '', password: 'x' });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(!r.ok && r.error.message).toContain('username');
    expect(await dispatchCall(handlers, 'signIn', { username: 'a', password: 'x', extra: 1 })).toMatchObject({ ok: false });
    expect(await dispatchCall(handlers, 'connect', 'win')).toMatchObject({ ok: false });
  });

  it('passes ShellErrors through by code and hides other errors behind internal', async () => {
    const h = {
      ...handlers,
      cancel: async () => {
        throw new ShellError('not-allowed-now', 'nothing to cancel');
      },
      signOut: async () => {
        throw new TypeError('x is undefined');
      },
    };
    expect(await dispatchCall(h, 'cancel', {})).toEqual({ ok: false, error: { code: 'not-allowed-now', message: 'nothing to cancel' } });
    expect(await dispatchCall(h, 'signOut', {})).toEqual({ ok: false, error: { code: 'internal', message: 'x is undefined' } });
  });

  it('refuses a result that breaks the contract', async () => {
    const h = { ...handlers, getView: async () => ({ rev: -1 }) } as unknown as ShellHandlers;
    expect(await dispatchCall(h, 'getView', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
