import { act, fireEvent } from '@testing-library/react';

/**
 * Keyboard input with the browser's default actions, which happy-dom does not perform:
 * Enter in a form field submits the form, Enter or Space on a button clicks it, Space on a
 * checkbox or radio button toggles it.
 */
export function press(el: Element, key: string, init: KeyboardEventInit = {}): void {
  const notPrevented = fireEvent.keyDown(el, { key, ...init });
  if (!notPrevented) return;
  act(() => {
    if (key === 'Enter' && el instanceof HTMLInputElement && el.form) el.form.requestSubmit();
    else if ((key === 'Enter' || key === ' ') && el instanceof HTMLButtonElement && !el.disabled) el.click();
    else if (key === ' ' && el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) el.click();
  });
  fireEvent.keyUp(el, { key, ...init });
}

/** Types into the focused field: the element must already have focus, as it would for a user. */
export function type(el: HTMLInputElement, text: string): void {
  if (document.activeElement !== el) throw new Error(`typing into an unfocused element: ${el.outerHTML}`);
  fireEvent.change(el, { target: { value: el.value + text } });
}

/** Tab to an element: it must be reachable (not disabled, not removed from the tab order). */
export function tabTo(el: HTMLElement): void {
  if ((el as HTMLButtonElement).disabled) throw new Error('cannot tab to a disabled control');
  if (el.tabIndex < 0) throw new Error('element is not in the tab order');
  act(() => el.focus());
}
