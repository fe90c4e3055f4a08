import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
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
  const dir = dirname(file);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = join(dir, `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  await syncDir(dir);
}

/** Makes the rename itself durable. Best effort: not every filesystem lets a directory be fsynced. */
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // ignore: the data is written, only the rename's durability is less certain
  }
}
