import { resolve } from 'node:path';
import { defaultPolicyPaths, PolicyStore } from '../policy/store.ts';
import type { Command } from './command.ts';

/** `--image F --managed F --local F`: the policy layers a command reads instead of this terminal's. */
export const layerOptions = {
  image: { type: 'string' },
  managed: { type: 'string' },
  local: { type: 'string' },
} as const satisfies NonNullable<Command['options']>;

export const layerUsage = '[--image F] [--managed F] [--local F]';

/** The layers as the kiosk would load them (unwatched), from the paths given or this terminal's. */
export function openLayers(values: Record<string, unknown>): Promise<PolicyStore> {
  const path = (v: unknown, fallback: string) => resolve(typeof v === 'string' ? v : fallback);
  return PolicyStore.open({
    watch: false,
    imagePath: path(values.image, defaultPolicyPaths.imagePath),
    managedPath: path(values.managed, defaultPolicyPaths.managedPath),
    localPath: path(values.local, defaultPolicyPaths.localPath),
  });
}
