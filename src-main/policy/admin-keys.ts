import { AdminSettings, type AdminSettingKey } from '../contract/index.ts';
import type { Policy } from './schema.ts';
import { isPlainObject, valueAt } from './merge.ts';

/**
 * Where each setting of the admin screen lives in the policy. The local layer may hold these
 * paths and nothing else; `locked` names keys of this table.
 */
export const adminPaths = {
  locale: ['locale'],
  brokerAddress: ['brokerAddress'],
  onSessionEnd: ['session', 'onEnd'],
  rdpEngine: ['session', 'rdpEngine'],
  preventSleep: ['kiosk', 'preventSleep'],
  devtools: ['kiosk', 'devtools'],
} as const satisfies Record<AdminSettingKey, readonly string[]>;

export const adminKeys = Object.keys(adminPaths) as AdminSettingKey[];

/** The admin view of a policy: every setting, with "" for a broker address nobody set. */
export function adminSettingsOf(policy: Policy): Required<AdminSettings> {
  return {
    locale: policy.locale,
    brokerAddress: policy.brokerAddress ?? '',
    onSessionEnd: policy.session.onEnd,
    rdpEngine: policy.session.rdpEngine,
    preventSleep: policy.kiosk.preventSleep,
    devtools: policy.kiosk.devtools,
  };
}

/** The admin settings a (partial, unparsed) layer object sets; keys it does not set stay out. */
export function adminSettingsInLayer(layer: Record<string, unknown>): AdminSettings {
  const out: Record<string, unknown> = {};
  for (const key of adminKeys) {
    const value = valueAt(layer, adminPaths[key]);
    if (value !== undefined) out[key] = value;
  }
  const parsed = AdminSettings.safeParse(out);
  return parsed.success ? parsed.data : {};
}

/** The local layer's file content for these settings: a partial policy. */
export function layerFromAdminSettings(settings: AdminSettings): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of adminKeys) {
    const value = settings[key];
    if (value === undefined) continue;
    setAt(out, adminPaths[key], value);
  }
  return out;
}

/** A copy of `layer` without the paths of these keys; empty parent objects are dropped too. */
export function withoutAdminKeys(
  layer: Record<string, unknown>,
  keys: readonly AdminSettingKey[],
): Record<string, unknown> {
  const out = structuredClone(layer);
  for (const key of keys) {
    const path = adminPaths[key];
    const parent = valueAt(out, path.slice(0, -1));
    if (!isPlainObject(parent)) continue;
    delete parent[path[path.length - 1] as string];
    if (path.length > 1 && Object.keys(parent).length === 0) delete out[path[0]];
  }
  return out;
}

function setAt(root: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = root;
  for (const key of path.slice(0, -1)) {
    if (!isPlainObject(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}
