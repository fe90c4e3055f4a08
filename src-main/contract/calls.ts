import { z } from 'zod';
import { AdminSettings, AdminView } from './admin.ts';
import { UsbAdminView } from './usb.ts';
import { ErrorAction, Locale, SecondFactorMethod, ShellView } from './view.ts';
import type { callNames, eventNames } from './names.ts';

const Id = z.string().min(1).max(512);
const None = z.object({}).strict();
const Ok = z.null();

/**
 * THE calls the renderer may make into main. Each has one argument object and one result,
 * both validated by main. Everything else (preload, IPC server, renderer client) is derived
 * from this table.
 */
export const calls = {
  getView: { args: None, result: ShellView },
  /** First-run setup: use this broker address, or a discovered candidate by id. */
  setBroker: {
    args: z.union([
      z.object({ address: z.string().trim().min(1).max(2048) }).strict(),
      z.object({ candidateId: Id }).strict(),
    ]),
    result: Ok,
  },
  chooseBroker: { args: z.object({ brokerId: Id }).strict(), result: Ok },
  signIn: {
    args: z
      .object({
        username: z.string().trim().min(1).max(256),
        password: z.string().max(1024),
        domain: z.string().trim().max(256).optional(),
      })
      .strict(),
    result: Ok,
  },
  submitSecondFactor: {
    args: z
      .object({ method: SecondFactorMethod, code: z.string().trim().min(1).max(128) })
      .strict(),
    result: Ok,
  },
  refreshDesktops: { args: None, result: Ok },
  connect: { args: z.object({ desktopId: Id }).strict(), result: Ok },
  /** Cancel whatever is in progress (sign-in, connecting). */
  cancel: { args: None, result: Ok },
  /** The session menu (opened by the hotkey): back to the session, disconnect, reconnect. */
  sessionMenu: {
    args: z.object({ action: z.enum(['open', 'close', 'disconnect', 'reconnect']) }).strict(),
    result: Ok,
  },
  signOut: { args: None, result: Ok },
  /** One of the ways forward that an error screen offers. */
  errorAction: { args: z.object({ action: ErrorAction }).strict(), result: Ok },
  /** Continue now from the "session ended" screen instead of waiting. */
  acknowledgeEnd: { args: None, result: Ok },
  setLocale: { args: z.object({ locale: Locale }).strict(), result: Ok },
  adminUnlock: { args: z.object({ pin: z.string().min(1).max(64) }).strict(), result: Ok },
  adminLock: { args: None, result: Ok },
  adminGetSettings: { args: None, result: AdminView },
  adminSaveSettings: { args: z.object({ settings: AdminSettings }).strict(), result: AdminView },
  /** The devices panel: send this device to the desktop, or keep it on the terminal. */
  usbChoose: { args: z.object({ deviceId: Id, choice: z.enum(['redirect', 'local']) }).strict(), result: Ok },
  /** The devices panel for the admin (unlocked): everything about every device, and the plans. */
  adminUsb: { args: None, result: UsbAdminView },
} as const;

/** THE events main pushes to the renderer. */
export const events = {
  view: ShellView,
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type EventName = keyof typeof events;
export type CallArgs<K extends CallName> = z.input<Calls[K]['args']>;
export type CallResult<K extends CallName> = z.output<Calls[K]['result']>;
export type EventPayload<K extends EventName> = z.output<(typeof events)[K]>;

/** What the renderer sees: one async function per call. */
export type ShellApi = { [K in CallName]: (args: CallArgs<K>) => Promise<CallResult<K>> };

/** The renderer side of event delivery: returns an unsubscribe function. */
export type ShellEvents = {
  on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void;
};

/** The main-side implementation: parsed arguments in, result out. */
export type ShellHandlers = {
  [K in CallName]: (args: z.output<Calls[K]['args']>) => Promise<CallResult<K>> | CallResult<K>;
};

// names.ts lists the same names without zod, for the preload; these fail to compile if they drift.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const callNamesMatch: Same<(typeof callNames)[number], CallName> = true;
const eventNamesMatch: Same<(typeof eventNames)[number], EventName> = true;
void callNamesMatch;
void eventNamesMatch;
