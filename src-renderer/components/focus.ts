/**
 * Where keyboard focus goes when a screen or overlay appears: the element marked
 * `data-autofocus` (the screen's main control), else its heading, so a keyboard or
 * screen-reader user always starts in the right place and never on the page body.
 */
export function focusMain(container: Element | null): void {
  if (!container || container.closest('[inert]')) return;
  const target =
    container.querySelector<HTMLElement>('[data-autofocus]:not([disabled])') ??
    container.querySelector<HTMLElement>('h1, h2');
  target?.focus();
}
