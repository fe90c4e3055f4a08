import type { BrowserWindow } from 'electron';
import type { ShellView } from '../../contract/index.ts';

/**
 * During a session the remote desktop's own full-screen window must be on top, so the kiosk
 * window steps aside; any other screen (including the session menu the hotkey opens) must be
 * in front of it. Only transitions act, so the host never fights the window manager.
 */
export function shellWanted(view: ShellView): boolean {
  return !(view.screen.kind === 'session' && !view.screen.menu);
}

export interface ShellPresence {
  follow(view: ShellView): void;
  /** Bring the shell forward if it should be visible (a second instance was started). */
  refocus(): void;
}

function bringForward(window: BrowserWindow): void {
  if (window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.moveTop();
  window.focus();
}

export function shellPresence(window: BrowserWindow): ShellPresence {
  // The window starts as the shell (it shows itself on ready-to-show).
  let wanted = true;
  return {
    follow(view) {
      const next = shellWanted(view);
      if (next === wanted) return;
      wanted = next;
      if (next) bringForward(window);
      else if (!window.isDestroyed()) window.hide();
    },
    refocus() {
      if (wanted) bringForward(window);
    },
  };
}
