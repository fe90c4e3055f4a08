import { describe, expect, it } from 'vitest';
import { filterDesktops, isTypeAhead, navigate, searchIndex } from '../../../../src-renderer/screens/picker-nav.ts';
import { desktops } from '../helpers/views.ts';

describe('navigate', () => {
  it.each([
    ['ArrowDown', 5, 6],
    ['ArrowUp', 5, 4],
    ['Home', 5, 0],
    ['End', 5, 99],
    ['PageDown', 5, 15],
    ['PageUp', 5, 0],
    ['PageDown', 95, 99],
    ['ArrowDown', 99, 99],
    ['ArrowUp', 0, 0],
  ])('%s from %i in 100 rows (page 10) goes to %i', (key, from, to) => {
    expect(navigate(key, from, 100, 10)).toBe(to);
  });

  it('ignores other keys and empty lists', () => {
    expect(navigate('a', 3, 100, 10)).toBeNull();
    expect(navigate('ArrowDown', 0, 0, 10)).toBeNull();
  });
});

describe('isTypeAhead', () => {
  it('is a printable key without Ctrl, Alt or Meta', () => {
    expect(isTypeAhead({ key: 'k', ctrlKey: false, altKey: false, metaKey: false })).toBe(true);
    expect(isTypeAhead({ key: 'k', ctrlKey: true, altKey: false, metaKey: false })).toBe(false);
    expect(isTypeAhead({ key: 'Enter', ctrlKey: false, altKey: false, metaKey: false })).toBe(false);
    expect(isTypeAhead({ key: ' ', ctrlKey: false, altKey: false, metaKey: false })).toBe(false);
  });
});

describe('filterDesktops', () => {
  const list = desktops(100);
  const index = searchIndex(list);

  it('matches every word, in name or description, ignoring case', () => {
    const got = filterDesktops(list, index, 'DESKTOP 0004  node');
    // "Desktop 00004" contains "0004" as well as 00040-00049.
    expect(got.map((d) => d.id)).toEqual(['vm-4', 'vm-40', 'vm-41', 'vm-42', 'vm-43', 'vm-44', 'vm-45', 'vm-46', 'vm-47', 'vm-48', 'vm-49']);
    expect(filterDesktops(list, index, 'radiology').every((d) => d.description?.includes('radiology'))).toBe(true);
  });

  it('returns the same list for an empty query, and nothing for a miss', () => {
    expect(filterDesktops(list, index, '   ')).toBe(list);
    expect(filterDesktops(list, index, 'zzz')).toEqual([]);
  });
});
