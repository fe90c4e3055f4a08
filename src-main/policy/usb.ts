import { z } from 'zod';

/**
 * The `usb` section of policy: one rule set for every protocol (src-main/usb/ turns it into
 * urbdrc settings for RDP and usbredir filters for SPICE). Pure zod, no I/O. Layered like all
 * policy; `brokers.<id>` overrides keys for one broker (its `rules` replace the list whole).
 */

/** USB class names an admin may write instead of a number (usb.org base class codes). */
export const usbClassNames = {
  audio: 0x01,
  communications: 0x02,
  hid: 0x03,
  physical: 0x05,
  image: 0x06,
  printer: 0x07,
  'mass-storage': 0x08,
  hub: 0x09,
  'cdc-data': 0x0a,
  'smart-card': 0x0b,
  'content-security': 0x0d,
  video: 0x0e,
  healthcare: 0x0f,
  'audio-video': 0x10,
  billboard: 0x11,
  'type-c-bridge': 0x12,
  diagnostic: 0xdc,
  wireless: 0xe0,
  miscellaneous: 0xef,
  'application-specific': 0xfe,
  'vendor-specific': 0xff,
} as const;
export type UsbClassName = keyof typeof usbClassNames;

const Byte = z.number().int().min(0).max(255);
export const UsbClassRef = z.union([Byte, z.enum(Object.keys(usbClassNames) as [UsbClassName, ...UsbClassName[]])]);
export type UsbClassRef = z.infer<typeof UsbClassRef>;
/** Vendor and product ids as the admin reads them off `lsusb`: four hex digits. */
const HexId = z.string().regex(/^(0x)?[0-9A-Fa-f]{4}$/, 'four hex digits, e.g. "0781"');

export const UsbRule = z
  .object({
    /** What happens to a device the rule matches: redirection allowed or refused. */
    action: z.enum(['allow', 'deny']),
    /** The device class, or the class of any of its interfaces (a stick is class 0 with a 0x08 interface). */
    class: UsbClassRef.optional(),
    /** With `class`: the subclass on the same descriptor. */
    subclass: Byte.optional(),
    /** With `class`: the protocol on the same descriptor. */
    protocol: Byte.optional(),
    /** The class of any interface (not the device descriptor). */
    interfaceClass: UsbClassRef.optional(),
    vendor: HexId.optional(),
    product: HexId.optional(),
    /** The serial number string, exactly. */
    serial: z.string().min(1).max(256).optional(),
    /** Shown with the rule in the devices panel and `thinshell usb plan`. */
    name: z.string().min(1).max(128).optional(),
  })
  .strict()
  .refine((r) => r.class !== undefined || (r.subclass === undefined && r.protocol === undefined), {
    message: 'subclass and protocol need a class',
    path: ['subclass'],
  });
export type UsbRule = z.infer<typeof UsbRule>;

export const UsbMode = z.enum(['redirect', 'ask']);
export type UsbMode = z.infer<typeof UsbMode>;

const KeepLocal = z
  .object({
    /** Devices with a HID boot keyboard interface stay on the terminal. */
    keyboards: z.boolean().default(true),
    /** Devices with a HID boot mouse interface stay on the terminal. */
    mice: z.boolean().default(true),
    /** Hubs stay on the terminal (the devices behind them are decided one by one). */
    hubs: z.boolean().default(true),
  })
  .strict();

const Enabled = z.boolean();
const Rules = z.array(UsbRule).max(256);
const Default = z.enum(['allow', 'deny']);
const Remember = z.enum(['off', 'user', 'terminal']);

/** The settings, each with its default. A broker's override has the same keys, none required. */
const settings = {
  /** Off: no device is redirected or offered, in any session. */
  enabled: Enabled.default(true),
  keepLocal: KeepLocal.default(() => KeepLocal.parse({})),
  /** First match decides; the order is the admin's. */
  rules: Rules.default([]),
  /** For a device no rule matches. */
  default: Default.default('allow'),
  /** Allowed devices present when a session starts: redirected at once, or offered to the user. */
  onConnect: UsbMode.default('ask'),
  /** Allowed devices plugged in during a session: redirected (where the engine can), or offered. */
  onPlug: UsbMode.default('ask'),
  /** Whether a user's redirect / keep-local choice is kept: not at all, per user, or for this terminal. */
  remember: Remember.default('user'),
};

const BrokerId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, . _ - (max 64)');
export const UsbOverride = z
  .object({
    enabled: Enabled.optional(),
    keepLocal: z.object({ keyboards: z.boolean(), mice: z.boolean(), hubs: z.boolean() }).partial().strict().optional(),
    rules: Rules.optional(),
    default: Default.optional(),
    onConnect: UsbMode.optional(),
    onPlug: UsbMode.optional(),
    remember: Remember.optional(),
  })
  .strict();
export type UsbOverride = z.infer<typeof UsbOverride>;

export const UsbPolicy = z
  .object({
    ...settings,
    /** Per broker (by its id), keys that replace the ones above for that broker's sessions. */
    brokers: z.record(BrokerId, UsbOverride).default({}),
  })
  .strict();
export type UsbPolicy = z.infer<typeof UsbPolicy>;
/** One broker's effective USB settings (UsbPolicy without the overrides). */
export type UsbSettings = Omit<UsbPolicy, 'brokers'>;
