import { z } from 'zod';
import { EndAction, Locale } from './view.ts';

/** The settings a local admin may change at the terminal (the "local" policy layer). */
export const AdminSettings = z
  .object({
    locale: Locale,
    /** A broker typed in by the admin, used when policy and discovery name none. */
    brokerAddress: z.string().max(2048),
    onSessionEnd: EndAction,
    rdpEngine: z.enum(['native', 'xfreerdp']),
    preventSleep: z.boolean(),
    devtools: z.boolean(),
  })
  .partial()
  .strict();
export type AdminSettings = z.infer<typeof AdminSettings>;
export type AdminSettingKey = keyof AdminSettings;

export const PolicyLayerName = z.enum(['defaults', 'image', 'managed', 'local']);
export type PolicyLayerName = z.infer<typeof PolicyLayerName>;

export const PolicyLayerStatus = z.object({
  layer: PolicyLayerName,
  source: z.string(),
  status: z.enum(['ok', 'absent', 'invalid']),
  /** For an invalid layer: file, line and key, in words. */
  error: z.string().optional(),
});
export type PolicyLayerStatus = z.infer<typeof PolicyLayerStatus>;

export const AdminView = z.object({
  /** What is in force now, after all layers. */
  effective: AdminSettings.required(),
  /** What the local layer itself says. */
  local: AdminSettings,
  /** Keys that a higher-priority policy fixed: the local admin cannot change these. */
  locked: z.array(z.string()),
  layers: z.array(PolicyLayerStatus),
});
export type AdminView = z.infer<typeof AdminView>;
