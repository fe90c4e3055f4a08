import type { WorkerExit, WorkerTransport } from '../../../../../../src-main/sessions/rdp/worker/transport.ts';

/**
 * A worker process in memory, driven by the test: what the parent sent is in `sent`, `emit`
 * plays a message from the worker, `exit` ends it, `kill` ends it with that signal. No real
 * process can stand in here: these tests are about what the parent does with each message.
 */
export function fakeTransport(onSend?: (message: Record<string, unknown>) => void) {
  const sent: Array<Record<string, unknown>> = [];
  const kills: string[] = [];
  const messageListeners: ((m: unknown) => void)[] = [];
  const outputListeners: ((l: string) => void)[] = [];
  let resolveExit!: (e: WorkerExit) => void;
  const exited = new Promise<WorkerExit>((r) => (resolveExit = r));
  let gone = false;
  const exit = (e: WorkerExit) => {
    if (gone) return;
    gone = true;
    resolveExit(e);
  };
  const transport: WorkerTransport = {
    pid: 4242,
    send(message) {
      if (gone) return false;
      sent.push(message as Record<string, unknown>);
      queueMicrotask(() => onSend?.(message as Record<string, unknown>));
      return true;
    },
    onMessage: (l) => void messageListeners.push(l),
    onOutput: (l) => void outputListeners.push(l),
    exited,
    kill(signal) {
      kills.push(signal);
      exit({ code: null, signal });
    },
  };
  return {
    transport,
    sent,
    kills,
    get gone() {
      return gone;
    },
    emit: (message: unknown) => messageListeners.forEach((l) => l(message)),
    output: (line: string) => outputListeners.forEach((l) => l(line)),
    exit,
  };
}

export const stateMessage = (state: string, over: Record<string, unknown> = {}) => ({ type: 'state', state, lastError: 0, lastErrorText: '', errorKind: 0, endReason: -1, ...over });
