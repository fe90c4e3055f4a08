/**
 * The kiosk page's preload: exposes `window.thinshell`, the contract's Bridge, derived from the
 * contract's call and event names. It forwards nothing else: no other channel, no raw
 * ipcRenderer, no IpcRendererEvent (its `sender` would hand the page the ipcRenderer).
 * It is bundled (a sandboxed preload cannot require files), so it imports only electron and
 * the contract.
 */
import { contextBridge, ipcRenderer, type IpcRenderer, type IpcRendererEvent } from 'electron';
import type { Bridge } from '../../contract/bridge.ts';
import { CHANNEL_PREFIX, callNames, eventNames } from '../../contract/names.ts';
import type { Reply } from '../../contract/envelope.ts';

export const BRIDGE_GLOBAL = 'thinshell';

export function createBridge(ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>): Bridge {
  const calls = new Set<string>(callNames);
  const events = new Set<string>(eventNames);
  return {
    invoke(method: string, args: unknown): Promise<Reply> {
      if (typeof method !== 'string' || !calls.has(method)) {
        const message = `unknown call "${String(method)}"`;
        return Promise.resolve({ ok: false, error: { code: 'invalid-argument', message } });
      }
      return ipc.invoke(CHANNEL_PREFIX + method, args) as Promise<Reply>;
    },
    on(event: string, listener: (payload: unknown) => void): () => void {
      if (typeof event !== 'string' || !events.has(event)) throw new Error(`unknown event "${String(event)}"`);
      if (typeof listener !== 'function') throw new TypeError('listener must be a function');
      const channel = CHANNEL_PREFIX + event;
      const unwrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipc.on(channel, unwrapped);
      return () => {
        ipc.removeListener(channel, unwrapped);
      };
    },
  };
}

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, createBridge(ipcRenderer));
