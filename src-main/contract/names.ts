/**
 * The names of the contract's calls and events, without zod: the Electron preload bundles only
 * this file (a sandboxed preload must be one small script; with the schemas it was 766 KB, with
 * this a few KB). `calls.ts` checks at compile time that these lists match its tables exactly.
 */
export const callNames = [
  'getView',
  'setBroker',
  'chooseBroker',
  'signIn',
  'submitSecondFactor',
  'refreshDesktops',
  'connect',
  'cancel',
  'sessionMenu',
  'signOut',
  'errorAction',
  'acknowledgeEnd',
  'setLocale',
  'adminUnlock',
  'adminLock',
  'adminGetSettings',
  'adminSaveSettings',
  'usbChoose',
  'adminUsb',
] as const;

export const eventNames = ['view'] as const;

/** Electron channels and WebSocket method names carry this prefix; preload forwards nothing else. */
export const CHANNEL_PREFIX = 'thinshell:';
