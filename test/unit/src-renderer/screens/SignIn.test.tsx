import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { press, tabTo, type } from '../helpers/keyboard.ts';
import { renderShell } from '../helpers/render.tsx';
import { broker, signInScreen, viewOf } from '../helpers/views.ts';

const CANARY = 'canary-Pa55w0rd!';

describe('SignIn', () => {
  it('signs in with the keyboard alone and clears the password right after submit', async () => {
    const { bridge } = await renderShell(viewOf(signInScreen()));
    const user = screen.getByLabelText('Username') as HTMLInputElement;
    expect(document.activeElement).toBe(user);
    type(user, 'ada');
    const password = screen.getByLabelText('Password') as HTMLInputElement;
    tabTo(password);
    type(password, CANARY);
    press(password, 'Enter');
    await expect.poll(() => bridge.callsOf('signIn')).toEqual([{ username: 'ada', password: CANARY }]);
    expect(password.value).toBe('');
    expect(document.body.innerHTML).not.toContain(CANARY);
    // The domain field is hidden for this broker, and no domain was sent.
    expect(screen.queryByLabelText(/Domain/)).toBeNull();
  });

  it('asks for a required domain, prefilled with the default, and sends it', async () => {
    const b = broker({ domain: 'required', defaultDomain: 'CLINIC' });
    const { bridge } = await renderShell(viewOf(signInScreen({ broker: b })));
    const domain = screen.getByLabelText('Domain') as HTMLInputElement;
    expect(domain.value).toBe('CLINIC');
    expect(domain.required).toBe(true);
    type(screen.getByLabelText('Username') as HTMLInputElement, 'ada');
    press(domain, 'Enter');
    await expect.poll(() => bridge.callsOf('signIn')).toEqual([{ username: 'ada', password: '', domain: 'CLINIC' }]);
  });

  it('shows busy, offers Cancel, and on failure shows the error and puts focus on the empty password', async () => {
    const { bridge, push } = await renderShell(viewOf(signInScreen()));
    const user = screen.getByLabelText('Username') as HTMLInputElement;
    type(user, 'ada');
    push(viewOf(signInScreen({ busy: true })));
    expect(screen.getByRole('button', { name: 'Signing in…' })).toHaveProperty('disabled', true);
    const cancel = screen.getByRole('button', { name: 'Cancel' });
    tabTo(cancel);
    press(cancel, 'Enter');
    await expect.poll(() => bridge.callsOf('cancel')).toEqual([{}]);
    push(viewOf(signInScreen({ busy: false, error: { code: 'auth-failed' } })));
    expect(screen.getByRole('alert').textContent).toContain('Your username or password is not correct.');
    expect(screen.getByRole('alert').textContent).toContain('Caps Lock');
    expect(document.activeElement).toBe(screen.getByLabelText('Password'));
    // The username typed before survives the same screen updating.
    expect(user.value).toBe('ada');
  });

  it('marks an insecure broker and says why the user is back', async () => {
    await renderShell(viewOf(signInScreen({ broker: broker({ insecure: true }), notice: 'network-lost' })));
    expect(screen.getAllByText('Not secure').length).toBeGreaterThan(0);
    expect(screen.getByText(/The network connection to your desktop was lost/)).toBeTruthy();
  });

  it('switches to another broker from the list', async () => {
    const other = broker({ id: 'b2', name: 'Lab oVirt', kind: 'ovirt' });
    const { bridge } = await renderShell(viewOf(signInScreen({ brokers: [other] })));
    const toggle = screen.getByRole('button', { name: 'Use another service' });
    tabTo(toggle);
    press(toggle, 'Enter');
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const choice = screen.getByRole('button', { name: /Lab oVirt/ });
    tabTo(choice);
    press(choice, 'Enter');
    await expect.poll(() => bridge.callsOf('chooseBroker')).toEqual([{ brokerId: 'b2' }]);
  });

  it('a typed password does not survive a screen change and back', async () => {
    const { push } = await renderShell(viewOf(signInScreen()));
    const password = screen.getByLabelText('Password') as HTMLInputElement;
    tabTo(password);
    type(password, CANARY);
    push(viewOf({ kind: 'discovering' }));
    push(viewOf(signInScreen()));
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');
    expect(document.body.innerHTML).not.toContain(CANARY);
  });

  it('switching broker is a new screen: nothing typed for the old one stays, focus starts over', async () => {
    const { push } = await renderShell(viewOf(signInScreen()));
    type(screen.getByLabelText('Username') as HTMLInputElement, 'ada');
    const password = screen.getByLabelText('Password') as HTMLInputElement;
    tabTo(password);
    type(password, CANARY);
    push(viewOf(signInScreen({ broker: broker({ id: 'b2', name: 'Lab oVirt' }) })));
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');
    expect((screen.getByLabelText('Username') as HTMLInputElement).value).toBe('');
    expect(document.activeElement).toBe(screen.getByLabelText('Username'));
  });
});
