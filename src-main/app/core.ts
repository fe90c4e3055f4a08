import type { ShellHandlers } from '../contract/index.ts';
import type { Core } from './core-types.ts';
import type { ShellDeps } from './deps.ts';
import { Shell } from './shell.ts';

/** The Core a host wraps: the shell state machine behind the contract's handler table. */
export function createCore(deps: ShellDeps): Core {
  const shell = new Shell(deps);
  const handlers: ShellHandlers = {
    getView: () => shell.view(),
    setBroker: (args) => shell.setBroker(args),
    chooseBroker: ({ brokerId }) => shell.chooseBroker(brokerId),
    signIn: (args) => shell.signIn(args),
    submitSecondFactor: ({ method, code }) => shell.submitSecondFactor(method, code),
    refreshDesktops: () => shell.refreshDesktops(),
    connect: ({ desktopId }) => shell.connect(desktopId),
    cancel: () => shell.cancel(),
    sessionMenu: ({ action }) => shell.sessionMenu(action),
    signOut: () => shell.signOut(),
    errorAction: ({ action }) => shell.errorAction(action),
    acknowledgeEnd: () => shell.acknowledgeEnd(),
    setLocale: ({ locale }) => shell.setLocale(locale),
    adminUnlock: ({ pin }) => shell.adminUnlock(pin),
    adminLock: () => shell.adminLock(),
    adminGetSettings: () => shell.adminGetSettings(),
    adminSaveSettings: ({ settings }) => shell.adminSaveSettings(settings),
    usbChoose: ({ deviceId, choice }) => shell.usbChoose(deviceId, choice),
    adminUsb: () => shell.adminUsb(),
  };
  return {
    handlers,
    onView: (listener) => shell.onView(listener),
    hotkey: () => shell.hotkey(),
    policy: () => deps.policy.current(),
    onPolicy: (listener) => deps.policy.onChange(listener),
    start: () => shell.start(),
    stop: () => shell.stop(),
  };
}
