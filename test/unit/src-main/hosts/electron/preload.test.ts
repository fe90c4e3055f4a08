import { beforeAll, describe, expect, it } from 'vitest';
import { contextBridge, ipcRenderer } from '../../../../fakes/electron.ts';
import { callNames, eventNames, type Bridge } from '../../../../../src-main/contract/index.ts';

let bridge: Bridge;

beforeAll(async () => {
  // The preload exposes its bridge as a side effect of being loaded, as in Electron.
  await import('../../../../../src-main/hosts/electron/preload.ts');
  bridge = contextBridge.exposed.get('thinshell') as Bridge;
});

describe('preload', () => {
  it('exposes exactly one global, window.thinshell, with invoke and on only', () => {
    expect([...contextBridge.exposed.keys()]).toEqual(['thinshell']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
  });

  it('forwards every contract call on its prefixed channel, arguments untouched', async () => {
    ipcRenderer.invoked = [];
    ipcRenderer.reply = (channel) => ({ ok: true, value: channel });
    for (const method of callNames) {
      expect(await bridge.invoke(method, { probe: method })).toEqual({ ok: true, value: `thinshell:${method}` });
    }
    expect(ipcRenderer.invoked).toEqual(callNames.map((m) => ({ channel: `thinshell:${m}`, args: [{ probe: m }] })));
  });

  it.each(['openDevTools', 'view', '__proto__', 'constructor', 'thinshell:signIn', '', 'toString'])(
    'refuses the call "%s" without sending anything',
    async (method) => {
      ipcRenderer.invoked = [];
      const reply = await bridge.invoke(method, {});
      expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
      expect(ipcRenderer.invoked).toEqual([]);
    },
  );

  it('delivers contract events to listeners without the IpcRendererEvent', () => {
    expect(eventNames).toContain('view');
    const got: unknown[][] = [];
    const off = bridge.on('view', (...args: unknown[]) => got.push(args));
    ipcRenderer.deliver('thinshell:view', { rev: 7 });
    expect(got).toEqual([[{ rev: 7 }]]);
    off();
    ipcRenderer.deliver('thinshell:view', { rev: 8 });
    expect(got).toHaveLength(1);
    expect(ipcRenderer.listenerCount('thinshell:view')).toBe(0);
  });

  it.each(['getView', 'signIn', 'thinshell:view', 'devtools-opened', '__proto__'])('refuses to listen to "%s"', (event) => {
    expect(() => bridge.on(event, () => undefined)).toThrow(/unknown event/);
    expect(ipcRenderer.eventNames()).not.toContain(`thinshell:${event}`);
  });

  it('refuses a listener that is not a function', () => {
    expect(() => bridge.on('view', 'alert(1)' as unknown as () => void)).toThrow(TypeError);
  });
});
