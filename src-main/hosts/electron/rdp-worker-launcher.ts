import type { Readable } from 'node:stream';
import { utilityProcess } from 'electron';
import { splitLines } from '../../sessions/child.ts';
import type { WorkerExit, WorkerLauncher } from '../../sessions/rdp/worker/transport.ts';

/**
 * The RDP session worker under Electron: a `utilityProcess` (a Node process Electron owns, with
 * a Mojo message port), so native code never runs in the kiosk's main process. The same
 * WorkerTransport as the fork launcher; the worker's parent-port.ts finds `process.parentPort`.
 * utilityProcess.fork may only be called after app 'ready' (sessions start long after).
 */
export const utilityProcessLauncher: WorkerLauncher = (launch) => {
  const child = utilityProcess.fork(launch.entry.path, [...launch.args], {
    env: launch.env,
    cwd: launch.cwd,
    execArgv: [...launch.entry.execArgv],
    stdio: 'pipe',
    serviceName: 'thinshell RDP session',
  });
  let gone = false;
  const exited = new Promise<WorkerExit>((resolve) => {
    // utilityProcess reports a code only; a signal death shows as a non-zero code.
    child.once('exit', (code) => {
      gone = true;
      resolve({ code, signal: null });
    });
  });
  const outputListeners: ((line: string) => void)[] = [];
  const emit = (line: string) => outputListeners.forEach((l) => l(line));
  if (child.stdout) splitLines(child.stdout as Readable, emit);
  if (child.stderr) splitLines(child.stderr as Readable, emit);
  return {
    get pid() {
      return child.pid;
    },
    send(message) {
      if (gone) return false;
      child.postMessage(message);
      return true;
    },
    onMessage: (listener) => void child.on('message', listener),
    onOutput: (listener) => void outputListeners.push(listener),
    exited,
    kill(signal) {
      if (gone) return;
      // kill() sends SIGTERM only; a hung worker needs SIGKILL, by pid.
      if (signal === 'SIGTERM' || child.pid === undefined) child.kill();
      else {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    },
  };
};
