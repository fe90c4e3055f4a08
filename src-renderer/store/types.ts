import type { ApiError } from '../api.ts';
import type { AdminSettings, AdminView, CallArgs, CallName, CallResult, ShellView } from '../api.ts';

/** The latest view main pushed. The renderer draws exactly this. */
export interface ViewSlice {
  view: ShellView | null;
  /** Takes a view unless it is older (lower `rev`) than the one held. */
  setView(view: ShellView): void;
}

export type CallOutcome<K extends CallName> = { ok: true; value: CallResult<K> } | { ok: false; error: ApiError };

/** What only the renderer knows: overlays, calls in flight, contact with the host. */
export interface UiSlice {
  /** 'lost' when the transport to the shell closed for good. */
  contact: 'ok' | 'lost';
  adminUnlockOpen: boolean;
  /** The USB devices panel (from sign-in, the session menu or the admin settings). */
  usbPanelOpen: boolean;
  /** The call in flight, to disable the control that started it (one at a time is plenty). */
  pending: CallName | null;
  /** The last call that failed, for the screen or overlay that made it. */
  callError: { call: CallName; error: ApiError } | null;
  setContactLost(): void;
  openAdminUnlock(): void;
  closeAdminUnlock(): void;
  openUsbPanel(): void;
  closeUsbPanel(): void;
  /** Makes a call through the api, tracking `pending` and `callError`; never throws. */
  call<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallOutcome<K>>;
}

/** The admin settings while the admin screen is unlocked; dropped when it locks. */
export interface AdminSlice {
  admin: AdminView | null;
  loadAdmin(): Promise<void>;
  saveAdmin(settings: AdminSettings): Promise<boolean>;
}

export type ShellState = ViewSlice & UiSlice & AdminSlice;
