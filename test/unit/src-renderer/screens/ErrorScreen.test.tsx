import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { press, tabTo } from '../helpers/keyboard.ts';
import { renderShell } from '../helpers/render.tsx';
import { viewOf } from '../helpers/views.ts';

describe('ErrorScreen', () => {
  it('words the error, offers exactly the actions main sent, and keeps the detail folded', async () => {
    const { bridge } = await renderShell(
      viewOf({
        kind: 'error',
        error: { code: 'broker-tls', detail: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE at pve.example:8006' },
        actions: ['retry', 'otherBroker'],
      }),
    );
    expect(screen.getByRole('alert').textContent).toContain('could not prove its identity');
    const buttons = screen.getAllByRole('button').filter((b) => !b.closest('footer'));
    expect(buttons.map((b) => b.textContent)).toEqual(['Try again', 'Use another service']);
    expect(document.activeElement).toBe(buttons[0]);
    const details = screen.getByText('Details for your administrator').closest('details');
    expect(details?.open).toBe(false);
    expect(details?.textContent).toContain('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(details?.textContent).toContain('Error code: broker-tls');
    tabTo(buttons[1] as HTMLElement);
    press(buttons[1] as HTMLElement, 'Enter');
    await expect.poll(() => bridge.callsOf('errorAction')).toEqual([{ action: 'otherBroker' }]);
  });
});
