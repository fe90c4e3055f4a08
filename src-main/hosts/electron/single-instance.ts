import { app } from 'electron';

/**
 * One kiosk per terminal: a second start (a double-click, a respawn script racing the first)
 * quits at once and asks the first to come forward. Returns false in the instance that quits.
 */
export function claimSingleInstance(onSecondInstance: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => onSecondInstance());
  return true;
}
