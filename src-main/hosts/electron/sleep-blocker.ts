import { powerSaveBlocker } from 'electron';
import type { Core } from '../../app/core-types.ts';
import type { Policy } from '../../policy/schema.ts';

/**
 * Keeps the display awake while policy `kiosk.preventSleep` is on (a screensaver would blank a
 * full-screen session), and lets it sleep again as soon as policy turns it off.
 * Returns the function that releases the blocker.
 */
export function followSleepPolicy(core: Pick<Core, 'policy' | 'onPolicy'>): () => void {
  let blocker: number | undefined;
  const apply = (policy: Policy) => {
    if (policy.kiosk.preventSleep && blocker === undefined) {
      blocker = powerSaveBlocker.start('prevent-display-sleep');
    } else if (!policy.kiosk.preventSleep && blocker !== undefined) {
      powerSaveBlocker.stop(blocker);
      blocker = undefined;
    }
  };
  apply(core.policy());
  const stopListening = core.onPolicy(apply);
  return () => {
    stopListening();
    if (blocker !== undefined) powerSaveBlocker.stop(blocker);
    blocker = undefined;
  };
}
