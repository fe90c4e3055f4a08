import { z } from 'zod';

/** USB devices as the devices panel shows them (src-main/usb/ computes them). */
export const UsbStatus = z.enum(['local', 'redirected', 'offered', 'refused']);
export type UsbStatus = z.infer<typeof UsbStatus>;

export const UsbDeviceKind = z.enum(['keyboard', 'mouse', 'hub', 'storage', 'audio', 'video', 'printer', 'smartcard', 'phone', 'input', 'wireless', 'other']);
export type UsbDeviceKind = z.infer<typeof UsbDeviceKind>;

/** Why a device has its status: a protection, the policy, a choice, or what the engine does by itself. */
export const UsbWhy = z.enum(['keyboard', 'mouse', 'hub', 'disabled', 'rule', 'default', 'choice', 'remembered', 'engine', 'ambiguous']);
export type UsbWhy = z.infer<typeof UsbWhy>;

export const UsbDeviceView = z.object({
  id: z.string().max(64),
  name: z.string().max(256),
  /** vendor:product, as lsusb writes it. */
  ids: z.string().max(9),
  kind: UsbDeviceKind,
  status: UsbStatus,
  why: UsbWhy,
  /** The rule that decided, in words (`#2 allow mass-storage (0x08)`). */
  rule: z.string().max(200).optional(),
  canRedirect: z.boolean(),
  canKeepLocal: z.boolean(),
  /** The user's choice differs from what the running session has: it applies when it reconnects. */
  pending: z.literal('reconnect').optional(),
});
export type UsbDeviceView = z.infer<typeof UsbDeviceView>;

export const UsbView = z.object({
  /** False: no USB here (no subsystem, or libusb could not start). */
  available: z.boolean(),
  reason: z.enum(['no-subsystem', 'libusb-failed']).optional(),
  /** Devices plugged in later are seen. */
  hotplug: z.boolean(),
  /** During a session: its protocol, and whether its engine takes some plugged-in devices by itself. */
  session: z.object({ protocol: z.enum(['rdp', 'spice']), engineTakesPlugIns: z.boolean() }).optional(),
  devices: z.array(UsbDeviceView).max(256),
  /** A device plugged in during the session that waits for the user's word. */
  offer: z.string().max(64).optional(),
});
export type UsbView = z.infer<typeof UsbView>;

const Plans = z.object({
  rdp: z.object({ entries: z.array(z.string()), auto: z.boolean(), notes: z.array(z.string()) }),
  spice: z.object({ enabled: z.boolean(), autoshare: z.boolean(), filter: z.string(), redirectOnConnect: z.string().optional(), notes: z.array(z.string()) }),
});

/** Everything, for the admin: descriptors, verdicts, the policy in force and both plans. */
export const UsbAdminView = z.object({
  monitor: z.object({ available: z.boolean(), hotplug: z.boolean(), reason: z.string().optional(), detail: z.string().optional() }),
  broker: z.string().optional(),
  settings: z.object({
    enabled: z.boolean(),
    onConnect: z.enum(['redirect', 'ask']),
    onPlug: z.enum(['redirect', 'ask']),
    remember: z.enum(['off', 'user', 'terminal']),
    default: z.enum(['allow', 'deny']),
    keepLocal: z.object({ keyboards: z.boolean(), mice: z.boolean(), hubs: z.boolean() }),
    rules: z.array(z.string()),
  }),
  devices: z.array(
    UsbDeviceView.extend({
      port: z.string(),
      bus: z.number().int(),
      address: z.number().int(),
      serial: z.string().optional(),
      version: z.string(),
      deviceClass: z.string(),
      interfaces: z.array(z.string()),
      verdict: z.string(),
    }),
  ),
  /** What a session started now would be given, per protocol (the running session's own in `session`). */
  plans: Plans,
  session: z.object({ protocol: z.enum(['rdp', 'spice']) }).optional(),
});
export type UsbAdminView = z.infer<typeof UsbAdminView>;
