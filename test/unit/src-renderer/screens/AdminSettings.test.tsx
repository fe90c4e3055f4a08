import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AdminView } from '../../../../src-main/contract/index.ts';
import { press, tabTo } from '../helpers/keyboard.ts';
import { renderShell } from '../helpers/render.tsx';
import { signInScreen, viewOf } from '../helpers/views.ts';

const adminView: AdminView = {
  effective: {
    locale: 'en',
    brokerAddress: '',
    onSessionEnd: 'signIn',
    rdpEngine: 'xfreerdp',
    preventSleep: true,
    devtools: false,
  },
  local: { preventSleep: true },
  locked: ['rdpEngine'],
  layers: [
    { layer: 'defaults', source: 'built-in', status: 'ok' },
    { layer: 'managed', source: '/etc/thinshell/policy.json', status: 'invalid', error: 'line 4: "onSesionEnd" is not a setting' },
    { layer: 'local', source: '/var/lib/thinshell/local.json', status: 'ok' },
  ],
};

const unlocked = () => viewOf(signInScreen(), { admin: { unlocked: true, pinSet: true } });

describe('AdminSettings', () => {
  it('loads the settings, disables policy-locked keys, and lists the layers with their errors', async () => {
    const { bridge } = await renderShell(unlocked(), (b) => b.handle('adminGetSettings', () => adminView));
    // Behind the dialog (inert) the footer has a Language control of its own: look inside.
    const dialog = within(screen.getByRole('dialog', { name: 'Terminal settings' }));
    const language = await dialog.findByLabelText('Language');
    expect(bridge.callsOf('adminGetSettings')).toEqual([{}]);
    const engine = screen.getByLabelText('RDP engine') as HTMLSelectElement;
    expect(engine.disabled).toBe(true);
    expect(engine.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(engine.getAttribute('aria-describedby') ?? '')?.textContent).toBe('Set by policy');
    expect(document.activeElement).toBe(language);
    const layers = screen.getByText('Central management').closest('li');
    expect(layers?.textContent).toContain('contains errors');
    expect(layers?.textContent).toContain('line 4: "onSesionEnd" is not a setting');
  });

  it('saves only what changed plus what the local layer held, never a locked key', async () => {
    const { bridge } = await renderShell(unlocked(), (b) =>
      b.handle('adminGetSettings', () => adminView).handle('adminSaveSettings', ({ settings }) => ({
        ...adminView,
        effective: { ...adminView.effective, ...settings },
        local: settings,
      })),
    );
    const address = (await screen.findByLabelText('Desktop service address')) as HTMLInputElement;
    tabTo(address);
    fireEvent.change(address, { target: { value: 'vdi.example.org' } });
    const devtools = screen.getByLabelText('Developer tools') as HTMLInputElement;
    tabTo(devtools);
    press(devtools, ' ');
    expect(devtools.checked).toBe(true);
    press(devtools, ' ');
    press(address, 'Enter');
    await expect
      .poll(() => bridge.callsOf('adminSaveSettings'))
      .toEqual([{ settings: { brokerAddress: 'vdi.example.org', preventSleep: true } }]);
    expect(await screen.findByText('Settings saved.')).toBeTruthy();
  });

  it('Lock and Escape both lock; the settings vanish when main says locked', async () => {
    const { bridge, push, store } = await renderShell(unlocked(), (b) => b.handle('adminGetSettings', () => adminView));
    const lock = await screen.findByRole('button', { name: 'Lock' });
    tabTo(lock);
    press(lock, 'Enter');
    press(lock, 'Escape');
    await expect.poll(() => bridge.callsOf('adminLock')).toEqual([{}, {}]);
    push(viewOf(signInScreen(), { admin: { unlocked: false, pinSet: true } }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(store.getState().admin).toBeNull();
    expect(document.querySelector('main')?.hasAttribute('inert')).toBe(false);
  });
});
