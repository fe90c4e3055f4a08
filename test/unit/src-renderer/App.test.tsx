import { act, fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { press } from './helpers/keyboard.ts';
import { renderShell } from './helpers/render.tsx';
import { signInScreen, viewOf } from './helpers/views.ts';

describe('App', () => {
  it('sets the page language and words everything from the view locale', async () => {
    const { push } = await renderShell(viewOf(signInScreen(), { locale: 'de' }));
    expect(document.documentElement.lang).toBe('de');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Anmelden');
    expect(screen.getByLabelText('Passwort')).toBeTruthy();
    push(viewOf(signInScreen(), { locale: 'en' }));
    expect(document.documentElement.lang).toBe('en');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Sign in');
  });

  it('moves focus to the main control on every screen change', async () => {
    const { push } = await renderShell(viewOf({ kind: 'discovering' }));
    expect(document.activeElement?.textContent).toBe('Looking for your desktop service');
    push(viewOf(signInScreen()));
    expect(document.activeElement).toBe(screen.getByLabelText('Username'));
    push(viewOf({ kind: 'error', error: { code: 'no-desktops' }, actions: ['signIn', 'retry'] }));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Back to sign-in' }));
  });

  it('keeps one polite live region with the current status', async () => {
    const { push } = await renderShell(viewOf(signInScreen()));
    const status = screen.getAllByRole('status').find((el) => el.getAttribute('aria-live') === 'polite');
    push(
      viewOf({
        kind: 'connecting',
        desktop: { id: 'd', name: 'Lab 7', protocol: 'rdp' },
        step: 'authenticate',
        steps: ['contact', 'authenticate'],
      }),
    );
    expect(status?.textContent).toBe('Connecting to Lab 7: Signing in to the desktop');
  });

  it('drops a late, older view', async () => {
    const { push } = await renderShell(viewOf(signInScreen(), { rev: 100 }));
    push(viewOf({ kind: 'poweringOff' }, { rev: 99 }));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Sign in');
  });

  it('says plainly when contact with the shell is lost, over everything', async () => {
    const { store } = await renderShell(viewOf(signInScreen()));
    act(() => store.getState().setContactLost());
    const notice = screen.getByRole('alertdialog');
    expect(notice.textContent).toContain('Lost contact with the shell');
    expect(document.querySelector('main')?.hasAttribute('inert')).toBe(true);
  });

  it('the language switch asks main to change the locale', async () => {
    const { bridge } = await renderShell(viewOf(signInScreen()));
    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'de' } });
    await expect.poll(() => bridge.callsOf('setLocale')).toEqual([{ locale: 'de' }]);
  });

  it('Escape on a screen without an overlay calls nothing', async () => {
    const { bridge } = await renderShell(viewOf(signInScreen()));
    press(document.activeElement ?? document.body, 'Escape');
    await new Promise((r) => setTimeout(r, 10));
    expect(bridge.calls.map((c) => c.method)).toEqual(['getView']);
  });
});
