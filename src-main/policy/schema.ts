import { z } from 'zod';
import { AdminSettings, EndAction, Locale, Protocol } from '../contract/index.ts';
import { UsbPolicy } from './usb.ts';

/**
 * The whole policy of a terminal, with built-in defaults. Every layer (image file, managed,
 * local admin) is a partial of this; the merged result must parse here.
 * `resources/policy.schema.json` is generated from this file (`thinshell policy schema`).
 */

const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, . _ - (max 64)');
const Hostname = z
  .string()
  .min(1)
  .max(253)
  .regex(/^(\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:]+:[0-9A-Fa-f:.]*|[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?)$/, 'a host name or IP address');
const Port = z.number().int().min(1).max(65535);
const Fingerprint = z
  .string()
  .regex(/^(sha256:)?([0-9A-Fa-f]{2}:?){32}$/, 'a SHA-256 fingerprint in hex');

export const RdpOptions = z
  .object({
    /** Security layer to negotiate; `auto` lets the server choose among NLA, TLS and RDP. */
    security: z.enum(['auto', 'nla', 'tls', 'rdp']).default('auto'),
    /** How the server certificate is checked. `ignore` is honoured only with kiosk.allowInsecure. */
    certificate: z.enum(['system', 'pin', 'ignore']).default('system'),
    fingerprints: z.array(Fingerprint).default([]),
    multimon: z.boolean().default(false),
  })
  .strict();

export const SpiceOptions = z
  .object({
    tlsPort: Port.optional(),
    /** PEM of the CA that signed the server certificate. */
    ca: z.string().max(65536).optional(),
    hostSubject: z.string().max(1024).optional(),
    /** An HTTP CONNECT proxy, e.g. http://proxy:3128. */
    proxy: z.string().url().optional(),
  })
  .strict();

export const DirectHost = z
  .object({
    id: Id,
    name: z.string().min(1).max(128),
    protocol: Protocol,
    host: Hostname,
    port: Port.optional(),
    description: z.string().max(256).optional(),
    rdp: RdpOptions.default(() => RdpOptions.parse({})),
    spice: SpiceOptions.default(() => ({})),
  })
  .strict();
export type DirectHost = z.infer<typeof DirectHost>;

const BrokerBase = {
  id: Id,
  name: z.string().min(1).max(128),
  /** How the sign-in screen asks for a domain. */
  domain: z.enum(['hidden', 'optional', 'required']).default('hidden'),
  defaultDomain: z.string().max(256).optional(),
};

export const DirectBroker = z
  .object({
    ...BrokerBase,
    type: z.literal('direct'),
    hosts: z.array(DirectHost).min(1).max(10000),
  })
  .strict();
export type DirectBroker = z.infer<typeof DirectBroker>;

/** How a broker server's TLS certificate is checked: the system store plus these, optionally pinned. */
export const BrokerTls = z
  .object({
    /** Extra CAs (PEM) trusted for this broker, besides the system store. */
    ca: z.array(z.string().min(1).max(65536)).max(16).default([]),
    /** SHA-256 fingerprints of the server certificate (or a CA in its chain); set: only these pass. */
    fingerprints: z.array(Fingerprint).max(8).default([]),
    /** Switches verification off; honoured only with kiosk.allowInsecure, and the UI marks it. */
    insecure: z.boolean().default(false),
  })
  .strict();
export type BrokerTls = z.infer<typeof BrokerTls>;

const HttpsUrl = z
  .string()
  .max(2048)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'an https:// address');

/** What every broker with a server has: its address, TLS rules and patience. */
const ServerBrokerBase = {
  ...BrokerBase,
  url: HttpsUrl,
  tls: BrokerTls.default(() => BrokerTls.parse({})),
  /** Seconds one request may take before the broker counts as not answering. */
  timeoutSec: z.number().int().min(1).max(120).default(15),
};

/** Proxmox VE (https://NODE:8006): its guests, SPICE through the node's spiceproxy. */
export const PveBroker = z
  .object({
    ...ServerBrokerBase,
    type: z.literal('pve'),
    /** Appended to a user name without one: user@realm. */
    realm: z.string().min(1).max(64).default('pam'),
    /** Proxy address to use instead of the one Proxmox names (clients often cannot resolve the node). */
    spiceProxy: z.string().max(2048).optional(),
  })
  .strict();
export type PveBroker = z.infer<typeof PveBroker>;

/** oVirt / RHV engine (https://ENGINE/ovirt-engine): the user's VMs, consoles as .vv. */
export const OvirtBroker = z
  .object({
    ...ServerBrokerBase,
    type: z.literal('ovirt'),
  })
  .strict();
export type OvirtBroker = z.infer<typeof OvirtBroker>;

/** A Microsoft RD Web Access feed (https://SERVER/RDWeb/Feed/webfeed.aspx): desktops and RemoteApps. */
export const RdwebBroker = z
  .object({
    ...ServerBrokerBase,
    type: z.literal('rdweb'),
  })
  .strict();
export type RdwebBroker = z.infer<typeof RdwebBroker>;

/** One entry per broker kind (one folder under src-main/brokers/ each). */
export const BrokerPolicy = z.discriminatedUnion('type', [DirectBroker, PveBroker, OvirtBroker, RdwebBroker]);
export type BrokerPolicy = z.infer<typeof BrokerPolicy>;

export const SessionPolicy = z
  .object({
    /** What happens when a session ends. */
    onEnd: EndAction.default('signIn'),
    /** Seconds the "session ended" screen stays before `onEnd` happens. */
    endedScreenSec: z.number().int().min(0).max(600).default(5),
    /** Tries before a reconnecting terminal gives up and returns to sign-in. */
    reconnectAttempts: z.number().int().min(0).max(100).default(3),
    /** The native FreeRDP front end; xfreerdp is the fallback policy can choose (and the one used when the native library is missing). */
    rdpEngine: z.enum(['native', 'xfreerdp']).default('native'),
    /** Seconds from launch to "connected" before the attempt is abandoned. */
    connectTimeoutSec: z.number().int().min(3).max(600).default(30),
    /** Opens the shell's session menu during a session. */
    hotkey: z.string().min(1).max(64).default('Ctrl+Alt+Home'),
  })
  .strict();

export const KioskPolicy = z
  .object({
    devtools: z.boolean().default(false),
    preventSleep: z.boolean().default(true),
    /** scrypt hash of the admin PIN: `scrypt$N$r$p$salt-b64$hash-b64`. No PIN, no admin unlock. */
    adminPinHash: z
      .string()
      .max(512)
      .regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/, 'a hash from `thinshell policy hash-pin`')
      .optional(),
    /** Allows certificate checks to be switched off (`certificate: ignore`). The UI marks it. */
    allowInsecure: z.boolean().default(false),
    /** argv run for "power off"; never through a shell. */
    powerOffCommand: z.array(z.string().min(1)).min(1).default(['systemctl', 'poweroff']),
  })
  .strict();

export const Policy = z
  .object({
    $schema: z.string().optional(),
    terminal: z.object({ name: z.string().max(64).optional() }).strict().default({}),
    locale: Locale.default('en'),
    brokers: z.array(BrokerPolicy).max(32).default([]),
    /** A broker address typed in at first-run setup or by the local admin. */
    brokerAddress: z.string().max(2048).optional(),
    session: SessionPolicy.default(() => SessionPolicy.parse({})),
    kiosk: KioskPolicy.default(() => KioskPolicy.parse({})),
    /** USB redirection for every protocol (policy/usb.ts; src-main/usb/ applies it). */
    usb: UsbPolicy.default(() => UsbPolicy.parse({})),
    /**
     * Admin-setting keys (see the contract's AdminSettings) that the local admin layer may not
     * override. Only the image and managed layers may set this.
     */
    locked: z.array(AdminSettings.keyof()).default([]),
  })
  .strict();
export type Policy = z.infer<typeof Policy>;
export type PolicyInput = z.input<typeof Policy>;

export const defaultPolicy: Policy = Policy.parse({});
