import { writeFileAtomic } from '../common/atomic-write.ts';
import { AdminSettings, ShellError, type AdminSettingKey } from '../contract/index.ts';
import { adminKeys, layerFromAdminSettings } from './admin-keys.ts';

/**
 * Writes the local admin layer: only admin settings, none that policy locked. Atomic (a temp
 * file in the same directory, fsynced, renamed over the old one) so a power cut leaves either
 * the old or the new file, never half of one; mode 0600 in a 0700 directory because the file
 * says how this terminal behaves and only root should change or read it.
 */
export async function saveLocalLayer(
  file: string,
  settings: AdminSettings,
  locked: readonly AdminSettingKey[],
): Promise<void> {
  const parsed = AdminSettings.safeParse(settings);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ShellError('policy-invalid', `${issue?.path.join('.') || 'settings'}: ${issue?.message ?? 'invalid'}`);
  }
  const refused = adminKeys.filter((key) => locked.includes(key) && parsed.data[key] !== undefined);
  if (refused.length > 0) {
    throw new ShellError('policy-invalid', `${refused.join(', ')}: locked by policy; cannot be changed at this terminal`);
  }
  const text = `${JSON.stringify(layerFromAdminSettings(parsed.data), null, 2)}\n`;
  await writeFileAtomic(file, text);
}
