import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ShellError } from '../../../../src-main/contract/index.ts';
import { press, tabTo, type } from '../helpers/keyboard.ts';
import { renderShell } from '../helpers/render.tsx';
import { signInScreen, viewOf } from '../helpers/views.ts';

describe('AdminUnlock', () => {
  it('opens with Ctrl+Alt+S, sends the PIN, clears it, and shows a wrong PIN plainly', async () => {
    const { bridge } = await renderShell(viewOf(signInScreen()), (b) =>
      b.handle('adminUnlock', () => {
        throw new ShellError('admin-pin-wrong', 'wrong pin');
      }),
    );
    press(document.activeElement ?? document.body, 's', { code: 'KeyS', ctrlKey: true, altKey: true });
    const dialog = screen.getByRole('dialog', { name: 'Administrator access' });
    const pin = screen.getByLabelText('PIN') as HTMLInputElement;
    expect(dialog.contains(pin)).toBe(true);
    expect(document.activeElement).toBe(pin);
    type(pin, '4711');
    press(pin, 'Enter');
    await expect.poll(() => bridge.callsOf('adminUnlock')).toEqual([{ pin: '4711' }]);
    expect(pin.value).toBe('');
    expect((await screen.findByRole('alert')).textContent).toContain('That PIN is not correct.');
  });

  it('the discreet Admin button opens it too, and Escape closes it with focus back on the screen', async () => {
    await renderShell(viewOf(signInScreen()));
    const admin = screen.getByRole('button', { name: 'Admin' });
    tabTo(admin);
    press(admin, 'Enter');
    expect(screen.getByRole('dialog')).toBeTruthy();
    press(screen.getByLabelText('PIN'), 'Escape');
    expect(screen.queryByRole('dialog')).toBeNull();
    await expect.poll(() => document.activeElement).toBe(screen.getByLabelText('Username'));
  });

  it('is not offered without a PIN, nor on screens where a user is at work', async () => {
    const { push } = await renderShell(viewOf(signInScreen(), { admin: { unlocked: false, pinSet: false } }));
    expect(screen.queryByRole('button', { name: 'Admin' })).toBeNull();
    press(document.body, 's', { code: 'KeyS', ctrlKey: true, altKey: true });
    expect(screen.queryByRole('dialog')).toBeNull();
    push(viewOf({ kind: 'connecting', desktop: { id: 'd', name: 'D', protocol: 'rdp' }, step: 'open', steps: ['open'] }));
    press(document.body, 's', { code: 'KeyS', ctrlKey: true, altKey: true });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('closes by itself once main reports the admin unlocked', async () => {
    const { push } = await renderShell(viewOf({ kind: 'error', error: { code: 'no-broker' }, actions: ['setup'] }));
    press(document.body, 's', { code: 'KeyS', ctrlKey: true, altKey: true });
    expect(screen.getByRole('dialog', { name: 'Administrator access' })).toBeTruthy();
    push(viewOf({ kind: 'error', error: { code: 'no-broker' }, actions: ['setup'] }, { admin: { unlocked: true, pinSet: true } }));
    expect(screen.queryByRole('dialog', { name: 'Administrator access' })).toBeNull();
    expect(screen.getByRole('dialog', { name: 'Terminal settings' })).toBeTruthy();
  });
});
