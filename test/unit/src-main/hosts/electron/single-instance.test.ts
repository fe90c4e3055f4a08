import { beforeEach, describe, expect, it } from 'vitest';
import { app, resetElectronFake } from '../../../../fakes/electron.ts';
import { claimSingleInstance } from '../../../../../src-main/hosts/electron/single-instance.ts';

describe('claimSingleInstance', () => {
  beforeEach(() => resetElectronFake());

  it('lets the first instance run and brings it forward when a second one starts', () => {
    let refocused = 0;
    expect(claimSingleInstance(() => refocused++)).toBe(true);
    expect(app.quits).toBe(0);
    app.emit('second-instance', {}, ['thinshell'], '/');
    expect(refocused).toBe(1);
  });

  it('quits a second instance at once', () => {
    app.hasLock = false;
    expect(claimSingleInstance(() => undefined)).toBe(false);
    expect(app.quits).toBe(1);
    expect(app.listenerCount('second-instance')).toBe(0);
  });
});
