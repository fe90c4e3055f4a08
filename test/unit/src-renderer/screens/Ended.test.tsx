import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { press } from '../helpers/keyboard.ts';
import { renderShell } from '../helpers/render.tsx';
import { viewOf } from '../helpers/views.ts';

describe('Ended', () => {
  it('says why and what comes next; Continue (focused) acknowledges', async () => {
    const { bridge } = await renderShell(
      viewOf({
        kind: 'ended',
        desktop: { id: 'vm-1', name: 'Finance 01', protocol: 'rdp' },
        reason: 'server-disconnect',
        next: 'powerOff',
        detail: 'ERRINFO_RPC_INITIATED_DISCONNECT',
      }),
    );
    expect(screen.getByText('The desktop closed the connection.')).toBeTruthy();
    expect(screen.getByText('The terminal will switch off in a moment.')).toBeTruthy();
    expect(screen.getByText('ERRINFO_RPC_INITIATED_DISCONNECT').closest('details')).not.toBeNull();
    const next = screen.getByRole('button', { name: 'Continue' });
    expect(document.activeElement).toBe(next);
    press(next, 'Enter');
    await expect.poll(() => bridge.callsOf('acknowledgeEnd')).toEqual([{}]);
  });
});
