import { z } from 'zod';
import { ErrorCode } from './errors.ts';
import { UsbView } from './usb.ts';

export const Locale = z.enum(['en', 'de']);
export type Locale = z.infer<typeof Locale>;

export const Protocol = z.enum(['rdp', 'spice']);
export type Protocol = z.infer<typeof Protocol>;

/** An error as the user sees it: the renderer words it from `code`; `detail` is for the admin. */
export const UiError = z.object({
  code: ErrorCode,
  detail: z.string().max(4000).optional(),
  params: z.record(z.string(), z.string()).optional(),
});
export type UiError = z.infer<typeof UiError>;

/** `merged`: several brokers signed in to at once (policy multiBroker.merge). */
export const BrokerKind = z.enum(['direct', 'pve', 'ovirt', 'rdweb', 'merged']);
export type BrokerKind = z.infer<typeof BrokerKind>;

export const BrokerInfo = z.object({
  id: z.string(),
  name: z.string(),
  kind: BrokerKind,
  /** Where it came from: policy, setup, dhcp, dns, msradc, mdns. */
  source: z.string(),
  /** Where exactly, for the admin: "dhcp option 224 on eth0 (...)", "dns SRV _thinshell._tcp.corp.example -> ...". */
  sourceDetail: z.string().max(512).optional(),
  address: z.string().optional(),
  /** How the sign-in form asks for a domain. */
  domain: z.enum(['hidden', 'optional', 'required']),
  defaultDomain: z.string().optional(),
  /** Marked in the UI when TLS verification is off by explicit policy. */
  insecure: z.boolean(),
  /** It can sign in without a person (an API token in policy): the shell does so by itself. */
  autoSignIn: z.boolean().optional(),
});
export type BrokerInfo = z.infer<typeof BrokerInfo>;

export const DesktopStatus = z.enum(['running', 'stopped', 'paused', 'unknown']);
export type DesktopStatus = z.infer<typeof DesktopStatus>;

export const Desktop = z.object({
  id: z.string(),
  name: z.string(),
  protocol: Protocol,
  status: DesktopStatus,
  /** Free text shown under the name: host, pool, node. */
  description: z.string().optional(),
});
export type Desktop = z.infer<typeof Desktop>;

export const ConnectStep = z.enum(['prepare', 'start-desktop', 'contact', 'authenticate', 'open']);
export type ConnectStep = z.infer<typeof ConnectStep>;

export const SecondFactorMethod = z.enum(['totp', 'recovery']);
export type SecondFactorMethod = z.infer<typeof SecondFactorMethod>;

export const EndReason = z.enum([
  'user-disconnect',
  'server-disconnect',
  'logged-off',
  'crashed',
  'network-lost',
]);
export type EndReason = z.infer<typeof EndReason>;

export const EndAction = z.enum(['signIn', 'reconnect', 'powerOff']);
export type EndAction = z.infer<typeof EndAction>;

export const ErrorAction = z.enum(['retry', 'otherBroker', 'signIn', 'setup']);
export type ErrorAction = z.infer<typeof ErrorAction>;

const DesktopRef = Desktop.pick({ id: true, name: true, protocol: true });

/** The one screen the shell is on. The renderer draws exactly this; it keeps no state of its own that matters. */
export const Screen = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('booting') }),
  z.object({ kind: z.literal('discovering') }),
  z.object({
    kind: z.literal('setup'),
    candidates: z.array(BrokerInfo),
    error: UiError.optional(),
  }),
  z.object({
    kind: z.literal('signIn'),
    broker: BrokerInfo,
    /** The other brokers the user may switch to. */
    brokers: z.array(BrokerInfo),
    busy: z.boolean(),
    error: UiError.optional(),
    /** Why the user is back here, e.g. after a session ended. */
    notice: EndReason.optional(),
  }),
  z.object({
    kind: z.literal('secondFactor'),
    broker: BrokerInfo,
    methods: z.array(SecondFactorMethod).min(1),
    busy: z.boolean(),
    error: UiError.optional(),
  }),
  z.object({
    kind: z.literal('pick'),
    broker: BrokerInfo,
    user: z.string(),
    desktops: z.array(Desktop),
    busy: z.boolean(),
    error: UiError.optional(),
    /** Brokers that did not answer: failed over from, or left out of a merged list. */
    unanswered: z.array(z.string()).optional(),
  }),
  z.object({
    kind: z.literal('connecting'),
    desktop: DesktopRef,
    step: ConnectStep,
    steps: z.array(ConnectStep),
  }),
  z.object({
    kind: z.literal('session'),
    desktop: DesktopRef,
    engine: z.string(),
    /** True while the user has the shell's session menu open (the hotkey). */
    menu: z.boolean(),
  }),
  z.object({
    kind: z.literal('ended'),
    desktop: DesktopRef,
    reason: EndReason,
    next: EndAction,
    detail: z.string().optional(),
  }),
  z.object({
    kind: z.literal('error'),
    error: UiError,
    actions: z.array(ErrorAction).min(1),
  }),
  z.object({ kind: z.literal('poweringOff') }),
]);
export type Screen = z.infer<typeof Screen>;
export type ScreenKind = Screen['kind'];

export const ShellView = z.object({
  /** Increases with every change; the renderer drops views older than the one it has. */
  rev: z.number().int().nonnegative(),
  locale: Locale,
  terminal: z.object({ name: z.string(), version: z.string() }),
  admin: z.object({ unlocked: z.boolean(), pinSet: z.boolean() }),
  /** The hotkey that opens the session menu, as policy sets it. */
  hotkey: z.string(),
  screen: Screen,
  /** USB devices and what happens to them (absent where the shell has no USB service). */
  usb: UsbView.optional(),
});
export type ShellView = z.infer<typeof ShellView>;
