import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { press } from '../helpers/keyboard.ts';
import { renderShell } from '../helpers/render.tsx';
import { viewOf } from '../helpers/views.ts';

describe('Connecting', () => {
  it('lists the steps with the current one marked, and Cancel has focus', async () => {
    const { bridge } = await renderShell(
      viewOf({
        kind: 'connecting',
        desktop: { id: 'vm-1', name: 'Finance 01', protocol: 'rdp' },
        step: 'contact',
        steps: ['prepare', 'start-desktop', 'contact', 'authenticate', 'open'],
      }),
    );
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Connecting to Finance 01');
    const items = screen.getAllByRole('listitem');
    expect(items.map((i) => i.className)).toEqual([
      'step step--done',
      'step step--done',
      'step step--current',
      'step step--pending',
      'step step--pending',
    ]);
    expect(items[2]?.getAttribute('aria-current')).toBe('step');
    expect(items[2]?.textContent).toContain('Contacting the desktop');
    const cancel = screen.getByRole('button', { name: 'Cancel' });
    expect(document.activeElement).toBe(cancel);
    press(cancel, 'Enter');
    await expect.poll(() => bridge.callsOf('cancel')).toEqual([{}]);
  });
});
