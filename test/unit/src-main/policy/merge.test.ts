import { describe, expect, it } from 'vitest';
import { deepMerge, valueAt } from '../../../../src-main/policy/merge.ts';

describe('deepMerge', () => {
  it('merges plain objects key by key and replaces arrays and scalars', () => {
    const base = { a: { x: 1, y: [1, 2, 3] }, b: 'keep', list: [{ id: 1 }] };
    const over = { a: { y: [9] }, list: [{ id: 2 }], c: null };
    expect(deepMerge(base, over)).toEqual({ a: { x: 1, y: [9] }, b: 'keep', list: [{ id: 2 }], c: null });
  });

  it('does not modify its inputs', () => {
    const base = { a: { x: 1 } };
    deepMerge(base, { a: { x: 2 } });
    expect(base).toEqual({ a: { x: 1 } });
  });

  it('lets a scalar replace an object and an object replace a scalar', () => {
    expect(deepMerge({ a: { x: 1 } }, { a: 5 })).toEqual({ a: 5 });
    expect(deepMerge({ a: 5 }, { a: { x: 1 } })).toEqual({ a: { x: 1 } });
  });
});

describe('valueAt', () => {
  it('walks objects and arrays and returns undefined past a leaf', () => {
    const root = { a: [{ b: 'x' }] };
    expect(valueAt(root, ['a', 0, 'b'])).toBe('x');
    expect(valueAt(root, ['a', 0, 'b', 'c'])).toBeUndefined();
    expect(valueAt(root, ['z'])).toBeUndefined();
  });
});
