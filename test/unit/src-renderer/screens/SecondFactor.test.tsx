import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Screen } from '../../../../src-main/contract/index.ts';
import { press, tabTo, type } from '../helpers/keyboard.ts';
import { renderShell } from '../helpers/render.tsx';
import { broker, viewOf } from '../helpers/views.ts';

const twoFactor = (over: Partial<Extract<Screen, { kind: 'secondFactor' }>> = {}): Screen => ({
  kind: 'secondFactor',
  broker: broker(),
  methods: ['totp', 'recovery'],
  busy: false,
  ...over,
});

describe('SecondFactor', () => {
  it('submits an authenticator code and clears it', async () => {
    const { bridge } = await renderShell(viewOf(twoFactor()));
    const code = screen.getByLabelText('Code') as HTMLInputElement;
    expect(document.activeElement).toBe(code);
    type(code, '123456');
    press(code, 'Enter');
    await expect.poll(() => bridge.callsOf('submitSecondFactor')).toEqual([{ method: 'totp', code: '123456' }]);
    expect(code.value).toBe('');
  });

  it('switches to a recovery code by keyboard', async () => {
    const { bridge } = await renderShell(viewOf(twoFactor()));
    const recovery = screen.getByRole('radio', { name: 'One of your recovery codes' });
    tabTo(recovery);
    press(recovery, ' ');
    expect((recovery as HTMLInputElement).checked).toBe(true);
    const code = screen.getByLabelText('Code') as HTMLInputElement;
    tabTo(code);
    type(code, 'abcd-efgh');
    press(code, 'Enter');
    await expect.poll(() => bridge.callsOf('submitSecondFactor')).toEqual([{ method: 'recovery', code: 'abcd-efgh' }]);
  });

  it('shows a one-method form without the choice, the error, and cancels', async () => {
    const { bridge } = await renderShell(
      viewOf(twoFactor({ methods: ['totp'], error: { code: 'auth-second-factor-failed' } })),
    );
    expect(screen.queryByRole('radio')).toBeNull();
    expect(screen.getByRole('alert').textContent).toContain('That code was not accepted.');
    const cancel = screen.getByRole('button', { name: 'Cancel' });
    tabTo(cancel);
    press(cancel, 'Enter');
    await expect.poll(() => bridge.callsOf('cancel')).toEqual([{}]);
  });
});
