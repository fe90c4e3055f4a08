import type { AdminSettingKey, AdminSettings, AdminView } from '../api.ts';

export type Draft = Required<AdminSettings>;

/** Every setting the form shows, in order. */
export const SETTING_KEYS: readonly AdminSettingKey[] = [
  'locale',
  'brokerAddress',
  'onSessionEnd',
  'rdpEngine',
  'preventSleep',
  'devtools',
];

/**
 * What to write into the local layer: keys the admin may change whose value differs from what
 * is in force, plus keys the local layer already holds (so an edit there is kept). A value the
 * admin merely left as it was does not become a local override that would mask future policy.
 */
export function localChanges(draft: Draft, view: AdminView): AdminSettings {
  const out: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    if (view.locked.includes(key)) continue;
    if (draft[key] !== view.effective[key] || key in view.local) out[key] = draft[key];
  }
  return out as AdminSettings;
}
