import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderShell } from '../helpers/render.tsx';
import { viewOf } from '../helpers/views.ts';

describe('Booting, Discovering, PoweringOff', () => {
  it.each([
    ['booting', 'Starting up'],
    ['discovering', 'Looking for your desktop service'],
    ['poweringOff', 'Switching off'],
  ] as const)('%s shows its heading and puts focus on it', async (kind, title) => {
    await renderShell(viewOf({ kind }));
    const heading = screen.getByRole('heading', { level: 1 });
    expect(heading.textContent).toBe(title);
    expect(document.activeElement).toBe(heading);
  });
});
