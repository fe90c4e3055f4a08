import { beforeEach, describe, expect, it } from 'vitest';
import { powerSaveBlocker, resetElectronFake } from '../../../../fakes/electron.ts';
import { createFakeCore } from '../../../../fakes/core.ts';
import { defaultPolicy, type Policy } from '../../../../../src-main/policy/schema.ts';
import { followSleepPolicy } from '../../../../../src-main/hosts/electron/sleep-blocker.ts';

const sleepPolicy = (preventSleep: boolean): Policy => ({ ...defaultPolicy, kiosk: { ...defaultPolicy.kiosk, preventSleep } });

describe('followSleepPolicy', () => {
  beforeEach(() => resetElectronFake());

  it('keeps the display awake while policy says so, and lets it sleep when policy changes', () => {
    const core = createFakeCore({ policy: sleepPolicy(true) });
    followSleepPolicy(core);
    expect([...powerSaveBlocker.active.values()]).toEqual(['prevent-display-sleep']);
    core.setPolicy(sleepPolicy(false));
    expect(powerSaveBlocker.active.size).toBe(0);
    core.setPolicy(sleepPolicy(true));
    core.setPolicy(sleepPolicy(true));
    expect(powerSaveBlocker.active.size).toBe(1);
  });

  it('blocks nothing when policy allows sleep from the start', () => {
    followSleepPolicy(createFakeCore({ policy: sleepPolicy(false) }));
    expect(powerSaveBlocker.active.size).toBe(0);
  });

  it('releases the blocker when disposed', () => {
    const core = createFakeCore({ policy: sleepPolicy(true) });
    followSleepPolicy(core)();
    expect(powerSaveBlocker.active.size).toBe(0);
    core.setPolicy(sleepPolicy(true));
    expect(powerSaveBlocker.active.size).toBe(0);
  });
});
