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
    /** Proxy address to use instead of the one Proxmox names (clients often cannot resolve the node): `host`, `host:port` or `http://host:port`. */
    spiceProxy: z
      .string()
      .max(2048)
      .regex(/^(http:\/\/)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+)(:\d{1,5})?\/?$/, 'host, host:port or http://host:port')
      .optional(),
    /**
     * An API token for an unattended terminal: it signs in by itself as the token's user. The
     * secret never shows in logs or `thinshell policy show`.
     */
    apiToken: z
      .object({
        /** `user@realm!tokenid` */
        id: z.string().max(256).regex(/^[^\s@!]+@[A-Za-z0-9._-]+![A-Za-z][A-Za-z0-9._-]+$/, 'user@realm!tokenid'),
        secret: z.string().min(1).max(256).regex(/^[^\s]+$/, 'the token secret (no spaces)'),
      })
      .strict()
      .optional(),
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

/** What sessions opened from an RD Web .rdp file may use: policy decides, the file only asks. */
export const RdwebRdp = z
  .object({
    security: RdpOptions.shape.security,
    certificate: RdpOptions.shape.certificate,
    fingerprints: z.array(Fingerprint).max(8).default([]),
    redirect: z
      .object({
        clipboard: z.boolean().default(false),
        audioOut: z.boolean().default(true),
        audioIn: z.boolean().default(false),
        smartcard: z.boolean().default(false),
        /** Local folders offered when a file asks for drives (Windows drive letters mean nothing here). */
        drives: z.array(z.object({ name: z.string().regex(/^[A-Za-z0-9 _-]{1,32}$/), path: z.string().regex(/^\/[^,=;]*$/).max(1024) }).strict()).max(16).default([]),
      })
      .strict()
      .default(() => ({ clipboard: false, audioOut: true, audioIn: false, smartcard: false, drives: [] })),
  })
  .strict();

/** A Microsoft RD Web Access feed (https://SERVER/RDWeb/Feed/webfeed.aspx): desktops and RemoteApps. */
export const RdwebBroker = z
  .object({
    ...ServerBrokerBase,
    type: z.literal('rdweb'),
    /** auto: NTLM (Negotiate) when the feed asks for it, else the RD Web forms login. */
    auth: z.enum(['auto', 'ntlm', 'forms']).default('auto'),
    /** Workstation name sent in NTLM (default: this terminal's host name). */
    workstation: z.string().regex(/^[A-Za-z0-9._-]{1,63}$/).optional(),
    rdp: RdwebRdp.default(() => RdwebRdp.parse({})),
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
    /**
     * Native engine: `lan` announces a LAN link and leaves FreeRDP's network auto-detection and
     * heartbeat off, so no unused device-redirection channels are loaded (a faster logon); `auto`
     * lets the server measure the link (FreeRDP's default, for slow or far links).
     */
    rdpNetwork: z.enum(['lan', 'auto']).default('lan'),
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

/** Network sources of broker discovery, in their default order (policy and setup always come first). */
export const DiscoverySourceName = z.enum(['dhcp', 'dns', 'msradc', 'mdns']);
export type DiscoverySourceName = z.infer<typeof DiscoverySourceName>;

const DomainName = z
  .string()
  .max(253)
  .regex(/^(?!-)[A-Za-z0-9_-]{1,63}(\.(?!-)[A-Za-z0-9_-]{1,63})*\.?$/, 'a DNS domain such as corp.example');

/** How the terminal looks for its broker on the network (src-main/discovery/README.md). */
export const DiscoveryPolicy = z
  .object({
    /** Which network sources run, best first: a broker found by an earlier one is preferred. */
    sources: z
      .array(DiscoverySourceName)
      .max(4)
      .refine((a) => new Set(a).size === a.length, 'each source at most once')
      .default(['dhcp', 'dns', 'msradc', 'mdns']),
    /** The site-specific DHCP option carrying a broker address (also the option-43 sub-option read). */
    dhcpOption: z.number().int().min(224).max(254).default(224),
    /** DNS domains searched besides the resolver's search list. */
    domains: z.array(DomainName).max(8).default([]),
    /** How long discovery waits for sources that do not answer. */
    deadlineMs: z.number().int().min(100).max(30000).default(2000),
  })
  .strict();
export type DiscoveryPolicy = z.infer<typeof DiscoveryPolicy>;

/** More than one broker: merged into one list, and failing over when one does not answer. */
export const MultiBrokerPolicy = z
  .object({
    /**
     * Sign in to every broker at once with the same credentials and show one list, each desktop
     * marked with its broker. Off: the user signs in to one broker and may switch.
     */
    merge: z.boolean().default(false),
    /** The name the sign-in screen shows for the merged brokers. */
    mergedName: z.string().min(1).max(128).optional(),
    /** When the chosen broker does not answer at sign-in, try the next ones in order (and say so). */
    failover: z.boolean().default(true),
  })
  .strict();

export const Policy = z
  .object({
    $schema: z.string().optional(),
    terminal: z.object({ name: z.string().max(64).optional() }).strict().default({}),
    locale: Locale.default('en'),
    brokers: z.array(BrokerPolicy).max(32).default([]),
    multiBroker: MultiBrokerPolicy.default(() => MultiBrokerPolicy.parse({})),
    /** A broker address typed in at first-run setup or by the local admin. */
    brokerAddress: z.string().max(2048).optional(),
    discovery: DiscoveryPolicy.default(() => DiscoveryPolicy.parse({})),
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
