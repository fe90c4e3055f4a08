import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Screen } from '../../../../src-main/contract/index.ts';
import { press, tabTo } from '../helpers/keyboard.ts';
import { renderShell } from '../helpers/render.tsx';
import { viewOf } from '../helpers/views.ts';

const session = (menu: boolean): Screen => ({
  kind: 'session',
  desktop: { id: 'vm-1', name: 'Finance 01', protocol: 'spice' },
  engine: 'remote-viewer',
  menu,
});

describe('Session', () => {
  it('shows no menu while the session has the screen', async () => {
    await renderShell(viewOf(session(false)));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByText('Press Ctrl+Alt+End to open the session menu.')).toBeTruthy();
  });

  it('the menu offers back, reconnect and disconnect, each through sessionMenu', async () => {
    const { bridge } = await renderShell(viewOf(session(true)));
    const dialog = screen.getByRole('dialog', { name: 'Session menu' });
    const back = screen.getByRole('button', { name: 'Back to the desktop' });
    expect(document.activeElement).toBe(back);
    expect(dialog.contains(back)).toBe(true);
    expect(document.querySelector('main')?.hasAttribute('inert')).toBe(true);
    press(back, 'Enter');
    const reconnect = screen.getByRole('button', { name: 'Reconnect' });
    tabTo(reconnect);
    press(reconnect, 'Enter');
    const disconnect = screen.getByRole('button', { name: 'Disconnect' });
    tabTo(disconnect);
    press(disconnect, 'Enter');
    await expect
      .poll(() => bridge.callsOf('sessionMenu'))
      .toEqual([{ action: 'close' }, { action: 'reconnect' }, { action: 'disconnect' }]);
  });

  it('Escape closes the menu (back to the session)', async () => {
    const { bridge } = await renderShell(viewOf(session(true)));
    press(document.activeElement ?? document.body, 'Escape');
    await expect.poll(() => bridge.callsOf('sessionMenu')).toEqual([{ action: 'close' }]);
  });
});
