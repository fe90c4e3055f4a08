import type { UsbRule, UsbSettings } from '../policy/usb.ts';
import { BOOT_KEYBOARD, BOOT_MOUSE, classCode, className, classPasses, hasInterface } from './classes.ts';
import { hex4, type UsbDevice } from './device.ts';

/**
 * The policy's word on one device, before anyone's choice: kept on the terminal (keyboards,
 * mice, hubs), refused, or allowed — and which rule said so. Pure: the same device and
 * settings always give the same verdict.
 */
export type Verdict =
  | { kind: 'keep-local'; why: 'keyboard' | 'mouse' | 'hub' }
  | { kind: 'deny'; why: 'disabled' | 'rule' | 'default'; rule?: MatchedRule }
  | { kind: 'allow'; why: 'rule' | 'default'; rule?: MatchedRule };

export interface MatchedRule {
  /** Position in the rule list, from 0. */
  index: number;
  /** The rule in words: `#2 allow mass-storage (0x08)` or its `name`. */
  text: string;
}

export function decide(device: UsbDevice, usb: UsbSettings): Verdict {
  if (!usb.enabled) return { kind: 'deny', why: 'disabled' };
  // A composite device with a keyboard interface goes whole or not at all: it stays.
  if (usb.keepLocal.keyboards && hasInterface(device, BOOT_KEYBOARD)) return { kind: 'keep-local', why: 'keyboard' };
  if (usb.keepLocal.mice && hasInterface(device, BOOT_MOUSE)) return { kind: 'keep-local', why: 'mouse' };
  if (usb.keepLocal.hubs && hasInterface(device, { class: 0x09 })) return { kind: 'keep-local', why: 'hub' };
  const index = usb.rules.findIndex((rule) => ruleMatches(rule, device));
  if (index < 0) return { kind: usb.default, why: 'default' };
  const rule = usb.rules[index]!;
  return { kind: rule.action, why: 'rule', rule: { index, text: ruleText(rule, index) } };
}

/**
 * Every condition the rule has must hold; a rule with none matches everything. Classes match
 * the descriptors a usbredir filter would look at (classPasses), so that the SPICE filter can
 * say the same thing.
 */
export function ruleMatches(rule: UsbRule, device: UsbDevice): boolean {
  if (rule.vendor !== undefined && parseInt(rule.vendor, 16) !== device.vendorId) return false;
  if (rule.product !== undefined && parseInt(rule.product, 16) !== device.productId) return false;
  if (rule.serial !== undefined && rule.serial !== device.serial) return false;
  const passes = classPasses(device);
  if (rule.class !== undefined) {
    const code = classCode(rule.class);
    const hit = passes.some((p) => p.class === code && (rule.subclass ?? p.subclass) === p.subclass && (rule.protocol ?? p.protocol) === p.protocol);
    if (!hit) return false;
  }
  if (rule.interfaceClass !== undefined) {
    const code = classCode(rule.interfaceClass);
    if (!passes.some((p) => p.level === 'interface' && p.class === code)) return false;
  }
  return true;
}

export function ruleText(rule: UsbRule, index: number): string {
  if (rule.name) return `#${index + 1} ${rule.action} "${rule.name}"`;
  const parts: string[] = [];
  if (rule.class !== undefined) parts.push(className(classCode(rule.class)));
  if (rule.subclass !== undefined) parts.push(`subclass ${rule.subclass}`);
  if (rule.protocol !== undefined) parts.push(`protocol ${rule.protocol}`);
  if (rule.interfaceClass !== undefined) parts.push(`interface ${className(classCode(rule.interfaceClass))}`);
  if (rule.vendor !== undefined || rule.product !== undefined) {
    const id = (v: string | undefined) => (v === undefined ? '*' : hex4(parseInt(v, 16)));
    parts.push(`${id(rule.vendor)}:${id(rule.product)}`);
  }
  if (rule.serial !== undefined) parts.push(`serial ${rule.serial}`);
  return `#${index + 1} ${rule.action} ${parts.length ? parts.join(' ') : 'everything'}`;
}
