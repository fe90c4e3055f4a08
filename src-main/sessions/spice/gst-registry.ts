import { lstat, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Where remote-viewer's GStreamer keeps its plugin registry across sessions. spice-gtk loads
 * GStreamer; with the empty HOME every session gets, GStreamer scans every plugin again to
 * rebuild ~/.cache/gstreamer-1.0/registry.*.bin, ~45 ms of each connect (bench/spice-connect).
 * The registry lists the system's plugins, nothing of a user, so it may outlive a session; it
 * lives in the kiosk account's own cache folder, private to it, because a planted registry could
 * name a plugin library to load. Undefined (so each session rebuilds its own) when there is no
 * such folder or it is not ours alone.
 */
export async function gstRegistryPath(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const base = env.XDG_CACHE_HOME || (env.HOME ? join(env.HOME, '.cache') : undefined);
  if (!base) return undefined;
  const dir = join(base, 'thinshell');
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const st = await lstat(dir);
    const uid = process.getuid?.();
    if (!st.isDirectory() || (uid !== undefined && st.uid !== uid) || (st.mode & 0o077) !== 0) return undefined;
    return join(dir, 'gstreamer-registry.bin');
  } catch {
    return undefined;
  }
}
