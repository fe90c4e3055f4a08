import type { Secret } from '../common/secret.ts';

/** Everything an engine needs to open one RDP session. Built by a broker, never shown to the UI. */
export interface RdpConnection {
  protocol: 'rdp';
  host: string;
  port: number;
  username?: string;
  domain?: string;
  password?: Secret;
  security: 'auto' | 'nla' | 'tls' | 'rdp';
  certificate: { mode: 'system' | 'pin' | 'ignore'; fingerprints: string[] };
  multimon: boolean;
  /** Let the client reconnect by itself after a network drop. Off unless set: the shell decides. */
  autoReconnect?: boolean;
  /** Window title, for the window manager and for screenshots in tests. */
  title: string;
  /** An RD Gateway in front of the host (from a broker's .rdp file or policy). */
  gateway?: RdpGateway;
  /** Run one published application instead of a desktop. */
  remoteApp?: { program: string; name?: string; cmdline?: string };
  /** Fixed size and monitor choice; by default the session fills the terminal's screen. */
  display?: { width?: number; height?: number; monitors?: number[]; scalePercent?: number };
  /** Local resources the session may use; everything is off unless set. */
  redirect?: RdpRedirections;
  /** USB devices for FreeRDP's urbdrc channel, one entry each: `id,dev:VID:PID`, `addr,dev:BUS:ADDR`, `auto`. */
  usb?: string[];
  /** A broker's load-balancing cookie (`loadbalanceinfo` of an .rdp file). */
  loadBalanceInfo?: string;
}

export interface RdpGateway {
  host: string;
  port: number;
  /** `always` / `auto` (only when the host cannot be reached directly) / `never` (ignored). */
  usage: 'always' | 'auto' | 'never';
  /**
   * `none`: the gateway wants other credentials than the session's (an .rdp file asking for a
   * smart card or a separate sign-in) and gets none of them. Unset or `session`: as below.
   */
  credentials?: 'session' | 'none';
  /** Unset: the session's own credentials. */
  username?: string;
  domain?: string;
  password?: Secret;
}

export interface RdpRedirections {
  clipboard?: boolean;
  audioOut?: boolean;
  audioIn?: boolean;
  smartcard?: boolean;
  /** Local folders the session sees as drives. */
  drives?: { name: string; path: string }[];
}

/** Everything an engine needs to open one SPICE session (a .vv file is written from this). */
export interface SpiceConnection {
  protocol: 'spice';
  host: string;
  port?: number;
  tlsPort?: number;
  password?: Secret;
  ca?: string;
  hostSubject?: string;
  proxy?: string;
  title: string;
  /** `.vv` secure-channels: channels that must use TLS (`all`, or main, display, inputs, ...). */
  secureChannels?: string[];
  /** `.vv` disable-channels: channels not to open at all. */
  disableChannels?: string[];
  /** `.vv` tls-ciphers, in OpenSSL cipher-list form. */
  tlsCiphers?: string;
  /** `.vv` hotkeys (virt-viewer's own actions), e.g. `{ 'release-cursor': 'ctrl+alt+r' }`. */
  hotkeys?: Partial<Record<SpiceHotkey, string>>;
  usb?: { enabled: boolean; autoshare: boolean; filter?: string; redirectOnConnect?: string };
  /** `.vv` enable-smartcard: redirect the terminal's smart-card reader. */
  smartcard?: boolean;
  /** `.vv` color-depth of the guest display (16 or 32). */
  colorDepth?: number;
  /** `.vv` disable-effects: wallpaper, font-smooth, animation, all. */
  disableEffects?: string[];
  /** `.vv` delete-this-file, as a broker sent it (a .vv on stdin is never on disk anyway). */
  deleteThisFile?: boolean;
}

/** The actions a .vv file can bind a key to (virt-viewer 11). */
export const SPICE_HOTKEYS = [
  'toggle-fullscreen',
  'release-cursor',
  'zoom-in',
  'zoom-out',
  'zoom-reset',
  'secure-attention',
  'usb-device-reset',
  'smartcard-insert',
  'smartcard-remove',
] as const;
export type SpiceHotkey = (typeof SPICE_HOTKEYS)[number];

export type ConnectionSpec = RdpConnection | SpiceConnection;

/** Why a session attempt failed; each maps to a contract ErrorCode and a user message. */
export type SessionFailure =
  | 'unreachable'
  | 'dns'
  | 'auth-failed'
  | 'password-expired'
  | 'account-locked'
  | 'certificate'
  | 'gateway'
  | 'server-full'
  | 'logged-off'
  | 'timeout'
  | 'engine-missing'
  | 'failed';

export type SessionEndReason = 'user-disconnect' | 'server-disconnect' | 'logged-off' | 'crashed' | 'network-lost';

export type SessionState =
  | { kind: 'connecting' }
  | { kind: 'connected' }
  | { kind: 'loggedOn' }
  | { kind: 'ended'; reason: SessionEndReason; detail?: string }
  | { kind: 'failed'; failure: SessionFailure; detail: string };

export interface SessionHandle {
  /** Resolves with the final state (`ended` or `failed`); never rejects. */
  readonly done: Promise<Extract<SessionState, { kind: 'ended' | 'failed' }>>;
  /** Called for every state change, in order, ending with the one `done` resolves to. */
  onState(listener: (state: SessionState) => void): () => void;
  /** Ends the session by the user's wish; resolves once the client process is gone. */
  disconnect(): Promise<void>;
}

export interface SessionStartOptions {
  /** Seconds to reach "connected" before the attempt is failed with `timeout`. */
  connectTimeoutSec: number;
  /** The X display (or Wayland socket) the session window goes on. */
  display?: string;
}

/** One interface for every way of running a session: xfreerdp, remote-viewer, the native engine. */
export interface SessionEngine {
  readonly id: string;
  readonly protocol: ConnectionSpec['protocol'];
  /** Whether this engine can run here (binary or library present). */
  available(): Promise<boolean>;
  start(spec: ConnectionSpec, options: SessionStartOptions): SessionHandle;
}
