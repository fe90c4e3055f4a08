import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, sep } from 'node:path';

/**
 * Calls `onEvent` when `file` may have changed: written, created, deleted or replaced by a
 * rename (how editors and our own atomic writes save). It watches the containing directory,
 * not the file, because a watch on the file itself follows the old inode after a rename. If
 * the directory does not exist yet, it watches the nearest existing ancestor and moves down as
 * directories appear. Events are raw (several per save): the caller debounces. No polling.
 */
export function watchFile(file: string, onEvent: () => void): { close(): void } {
  const dir = dirname(file);
  const name = basename(file);
  let watcher: FSWatcher | undefined;
  let closed = false;

  const arm = () => {
    watcher?.close();
    watcher = undefined;
    if (closed) return;
    for (let target = dir; ; target = dirname(target)) {
      const watchingDir = target === dir;
      // The path component below `target` that we wait for (or the file itself).
      const wanted = watchingDir ? name : dir.slice(target === sep ? 1 : target.length + 1).split(sep)[0];
      try {
        watcher = watch(target, (_event, changed) => {
          const what = changed?.toString();
          if (what !== undefined && what !== wanted && what !== basename(target)) return;
          if (!watchingDir || what === basename(target)) arm(); // came into being, or went away
          onEvent();
        });
      } catch {
        if (target === dirname(target)) return; // not even / can be watched: give up quietly
        continue;
      }
      // A watched directory removed under us errors on some systems: start over from above.
      watcher.on('error', () => {
        arm();
        onEvent();
      });
      return;
    }
  };

  arm();
  return {
    close() {
      closed = true;
      watcher?.close();
      watcher = undefined;
    },
  };
}
