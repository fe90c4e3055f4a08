import { act, fireEvent, screen } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Screen } from '../../../../src-main/contract/index.ts';
import { ROW_HEIGHT } from '../../../../src-renderer/screens/DesktopList.tsx';
import { press, tabTo } from '../helpers/keyboard.ts';
import { renderShell } from '../helpers/render.tsx';
import { broker, desktops, viewOf } from '../helpers/views.ts';

const VIEWPORT = 608; // 8 rows of 76 px

// happy-dom does no layout: give the list a height, as a browser would, so the virtualiser
// has a viewport to fill. Everything else (scrolling, the virtualiser) is the real code.
const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('desktop-list') ? VIEWPORT : 0;
    },
  });
});
afterAll(() => {
  if (original) Object.defineProperty(HTMLElement.prototype, 'clientHeight', original);
});

function pick(n: number, over: Partial<Extract<Screen, { kind: 'pick' }>> = {}): Screen {
  return { kind: 'pick', broker: broker(), user: 'ada', desktops: desktops(n), busy: false, ...over };
}

const options = () => screen.getAllByRole('option');
const listbox = () => screen.getByRole('listbox');
const activeName = () => document.getElementById(listbox().getAttribute('aria-activedescendant') ?? '')?.textContent;

/** The browser fires `scroll` after scrollTop changes; happy-dom does not, so we do. */
function settleScroll() {
  act(() => {
    fireEvent.scroll(listbox());
  });
}

describe('Picker with 10,000 desktops', () => {
  it('renders only a window of rows, focused on the list with the first one active', async () => {
    await renderShell(viewOf(pick(10_000)));
    expect(document.activeElement).toBe(listbox());
    expect(options().length).toBeGreaterThan(0);
    expect(options().length).toBeLessThan(40);
    expect(options()[0]?.getAttribute('aria-setsize')).toBe('10000');
    expect(activeName()).toContain('Desktop 00000');
    expect(options()[0]?.getAttribute('aria-selected')).toBe('true');
  });

  it('moves the active row with arrows, Page keys, Home and End, and scrolls it into view', async () => {
    await renderShell(viewOf(pick(10_000)));
    const list = listbox();
    press(list, 'ArrowDown');
    press(list, 'ArrowDown');
    expect(activeName()).toContain('Desktop 00002');
    press(list, 'PageDown');
    expect(activeName()).toContain('Desktop 00009'); // a page is the 7 rows that fit, less one
    expect(list.scrollTop).toBe(10 * ROW_HEIGHT - VIEWPORT);
    press(list, 'End');
    settleScroll();
    expect(activeName()).toContain('Desktop 09999');
    expect(list.scrollTop).toBe(10_000 * ROW_HEIGHT - VIEWPORT);
    expect(options().length).toBeLessThan(40);
    expect(options().at(-1)?.getAttribute('aria-posinset')).toBe('10000');
    press(list, 'PageUp');
    expect(activeName()).toContain('Desktop 09992');
    press(list, 'Home');
    settleScroll();
    expect(list.scrollTop).toBe(0);
    expect(activeName()).toContain('Desktop 00000');
    press(list, 'ArrowUp');
    expect(activeName()).toContain('Desktop 00000');
  });

  it('Enter connects to the active desktop', async () => {
    const { bridge } = await renderShell(viewOf(pick(10_000)));
    press(listbox(), 'End');
    settleScroll();
    press(listbox(), 'Enter');
    await expect.poll(() => bridge.callsOf('connect')).toEqual([{ desktopId: 'vm-9999' }]);
  });

  it('typing on the list searches by name or description; arrows and Enter work from the search box', async () => {
    const { bridge } = await renderShell(viewOf(pick(10_000)));
    press(listbox(), '0');
    const search = screen.getByRole('searchbox') as HTMLInputElement;
    expect(document.activeElement).toBe(search);
    expect(search.value).toBe('0');
    fireEvent.change(search, { target: { value: '0999' } });
    expect(screen.getByText('11 of 10000 desktops')).toBeTruthy(); // 00999, 09990-09999
    press(search, 'ArrowDown');
    expect(activeName()).toContain('Desktop 09990');
    press(search, 'Enter');
    await expect.poll(() => bridge.callsOf('connect')).toEqual([{ desktopId: 'vm-9990' }]);
    fireEvent.change(search, { target: { value: 'radiology node3' } });
    const expected = desktops(10_000).filter((d) => d.description?.includes('radiology') && d.description.includes('node3'));
    expect(screen.getByText(`${expected.length} of 10000 desktops`)).toBeTruthy();
    expect(activeName()).toContain(expected[0]?.name);
    press(search, 'Escape');
    expect(search.value).toBe('');
    expect(document.activeElement).toBe(listbox());
  });

  it('says so when nothing matches, and shows each desktop status in words', async () => {
    await renderShell(viewOf(pick(4)));
    expect(options().map((o) => o.textContent)).toEqual([
      expect.stringContaining('Running'),
      expect.stringContaining('Switched off'),
      expect.stringContaining('Paused'),
      expect.stringContaining('Status unknown'),
    ]);
    press(listbox(), 'z');
    expect(screen.getByText('No desktop matches “z”.')).toBeTruthy();
  });
});

describe('Picker actions', () => {
  it('refreshes and signs out from the keyboard', async () => {
    const { bridge, push } = await renderShell(viewOf(pick(3)));
    const refresh = screen.getByRole('button', { name: 'Refresh' });
    tabTo(refresh);
    press(refresh, 'Enter');
    await expect.poll(() => bridge.callsOf('refreshDesktops')).toEqual([{}]);
    push(viewOf(pick(3, { busy: true })));
    expect(screen.getByRole('button', { name: 'Refreshing…' })).toHaveProperty('disabled', true);
    const signOut = screen.getByRole('button', { name: 'Sign out' });
    tabTo(signOut);
    press(signOut, ' ');
    await expect.poll(() => bridge.callsOf('signOut')).toEqual([{}]);
  });

  it('keeps the active desktop across a refreshed list', async () => {
    const { push } = await renderShell(viewOf(pick(50)));
    press(listbox(), 'ArrowDown');
    press(listbox(), 'ArrowDown');
    push(viewOf(pick(50, { desktops: desktops(50).slice(1) })));
    expect(activeName()).toContain('Desktop 00002');
  });

  it('with no desktops, says so and focuses Refresh', async () => {
    await renderShell(viewOf(pick(0)));
    expect(screen.getByText('No desktops are assigned to you.')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Refresh' }));
  });
});

describe('Picker: brokers that did not answer', () => {
  it('names them above the list', async () => {
    await renderShell(viewOf(pick(3, { unanswered: ['Old cluster', 'Engine'] })));
    const notice = screen.getByText(/Not reachable right now/);
    expect(notice.textContent).toBe('Not reachable right now: Old cluster, Engine. The list shows what the other services offer.');
    expect(notice.getAttribute('role')).toBe('status');
  });

  it('shows no such notice when every broker answered', async () => {
    await renderShell(viewOf(pick(3)));
    expect(screen.queryByText(/Not reachable right now/)).toBeNull();
  });
});
