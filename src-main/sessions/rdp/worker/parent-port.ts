import type { WorkerMessage } from './protocol.ts';

/**
 * The worker's end of the channel to the kiosk. Under Electron's utilityProcess it is
 * `process.parentPort` (messages arrive as {data}); under a forked Node it is process.send and
 * the 'message' event. Either way the worker exits when the channel closes: a worker whose
 * parent died must not keep a session (and its window) open.
 */
export interface ParentPort {
  send(message: WorkerMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  onClose(listener: () => void): void;
  /** Resolves once every message sent so far has been handed to the channel. */
  flush(): Promise<void>;
}

/** The part of Electron's ParentPort we use, typed here: only hosts/electron may import electron. */
interface ElectronParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

export function openParentPort(proc: NodeJS.Process = process): ParentPort {
  const electron = (proc as NodeJS.Process & { parentPort?: ElectronParentPort }).parentPort;
  if (electron) {
    return {
      send: (message) => electron.postMessage(message),
      onMessage: (listener) => void electron.on('message', (event) => listener(event.data)),
      // Electron ends a utility process together with its parent: there is no close to wait for.
      onClose: () => undefined,
      flush: () => new Promise((resolve) => setImmediate(resolve)),
    };
  }
  const send = proc.send?.bind(proc);
  if (!send) throw new Error('the RDP session worker must be started with an IPC channel');
  const inFlight = new Set<Promise<void>>();
  return {
    send(message) {
      if (!proc.connected) return;
      const sent = new Promise<void>((resolve) => {
        try {
          send(message, undefined, undefined, () => resolve());
        } catch {
          resolve();
        }
      });
      inFlight.add(sent);
      void sent.then(() => inFlight.delete(sent));
    },
    onMessage: (listener) => void proc.on('message', listener),
    onClose: (listener) => void proc.once('disconnect', listener),
    flush: async () => void (await Promise.all([...inFlight])),
  };
}
