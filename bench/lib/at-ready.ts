import { waitForReady, type Ready } from './ready.ts';
import type { BenchEnv } from './setup.ts';
import type { Launched, Side } from './sides.ts';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Starts one side, waits until its page is ready (CDP detached again), runs `measure`, and
 * always stops the side, whatever happened.
 */
export async function atReady<T>(side: Side, env: BenchEnv, measure: (launched: Launched, ready: Ready) => Promise<T>): Promise<T> {
  const launched = await side(env);
  try {
    const ready = await waitForReady(await launched.devtoolsUrl, { origin: launched.origin, condition: launched.readyCondition });
    return await measure(launched, ready);
  } finally {
    await launched.stop();
  }
}
