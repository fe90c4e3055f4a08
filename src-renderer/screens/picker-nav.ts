import type { Desktop } from '../api.ts';

/** The listbox keys and where each moves the active row; null for keys that do not move it. */
export function navigate(key: string, index: number, count: number, page: number): number | null {
  if (count === 0) return null;
  const last = count - 1;
  switch (key) {
    case 'ArrowDown':
      return Math.min(last, index + 1);
    case 'ArrowUp':
      return Math.max(0, index - 1);
    case 'Home':
      return 0;
    case 'End':
      return last;
    case 'PageDown':
      return Math.min(last, index + page);
    case 'PageUp':
      return Math.max(0, index - page);
    default:
      return null;
  }
}

/** A printable key with no modifier: on the list it starts (or continues) a search. */
export function isTypeAhead(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey'>): boolean {
  return e.key.length === 1 && e.key !== ' ' && !e.ctrlKey && !e.altKey && !e.metaKey;
}

/** Lower-cased search text per desktop, built once per desktop list rather than per keystroke. */
export function searchIndex(desktops: readonly Desktop[]): string[] {
  return desktops.map((d) => `${d.name}\n${d.description ?? ''}`.toLowerCase());
}

/** Desktops whose name or description contains every word of the query. */
export function filterDesktops(desktops: readonly Desktop[], index: readonly string[], query: string): readonly Desktop[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return desktops;
  return desktops.filter((_, i) => words.every((w) => index[i]?.includes(w)));
}
