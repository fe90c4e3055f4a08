import { fork } from 'node:child_process';
import { splitLines } from '../../child.ts';

/**
 * The parent's end of one session worker process, whatever started it: `child_process.fork`
 * under the browser host and the CLI (here), Electron's `utilityProcess` under Electron (an
 * adapter in hosts/electron/). Nothing here throws into the caller: a worker that cannot start
 * simply exits with `error` set.
 */
export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all. */
  error?: string;
}

export interface WorkerTransport {
  readonly pid: number | undefined;
  /** False when the channel is already closed (the worker is gone or going). */
  send(message: unknown): boolean;
  onMessage(listener: (message: unknown) => void): void;
  /** The worker's stdout and stderr (FreeRDP's log), line by line. */
  onOutput(listener: (line: string) => void): void;
  /** Resolves as soon as the process has ended (not when its pipes drain). */
  readonly exited: Promise<WorkerExit>;
  kill(signal: 'SIGTERM' | 'SIGKILL'): void;
}

/** Which script runs the worker, and the Node flags it needs (tsx when run from source). */
export interface WorkerEntry {
  path: string;
  execArgv: readonly string[];
}

export interface WorkerLaunch {
  entry: WorkerEntry;
  args: readonly string[];
  /** The worker's whole environment: the allow-list of session-home.ts, never process.env. */
  env: Record<string, string>;
  cwd: string;
}

export type WorkerLauncher = (launch: WorkerLaunch) => WorkerTransport;

/** A forked Node process with an IPC channel (JSON): the browser host's and the CLI's worker. */
export const forkLauncher: WorkerLauncher = (launch) => {
  const outputListeners: ((line: string) => void)[] = [];
  const messageListeners: ((message: unknown) => void)[] = [];
  let resolveExit!: (exit: WorkerExit) => void;
  const exited = new Promise<WorkerExit>((resolve) => (resolveExit = resolve));
  let done = false;
  const finish = (exit: WorkerExit) => {
    if (done) return;
    done = true;
    resolveExit(exit);
  };
  const emitLine = (line: string) => {
    for (const l of outputListeners) {
      try {
        l(line);
      } catch {
        /* a logging bug must not take the supervisor down */
      }
    }
  };
  let child: ReturnType<typeof fork>;
  try {
    child = fork(launch.entry.path, [...launch.args], {
      execArgv: [...launch.entry.execArgv],
      env: launch.env,
      cwd: launch.cwd,
      // Its own process group: a Ctrl+C at the admin's terminal reaches the CLI, which then ends
      // the session cleanly, not the worker directly. The worker exits when the channel closes.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
  } catch (err) {
    finish({ code: null, signal: null, error: (err as Error).message });
    return { pid: undefined, send: () => false, onMessage: () => undefined, onOutput: () => undefined, exited, kill: () => undefined };
  }
  splitLines(child.stdout!, emitLine);
  splitLines(child.stderr!, emitLine);
  child.on('message', (message) => {
    for (const l of messageListeners) l(message);
  });
  child.on('error', (err) => {
    if (child.pid === undefined) finish({ code: null, signal: null, error: err.message });
  });
  child.on('exit', (code, signal) => finish({ code, signal }));
  return {
    pid: child.pid,
    send(message) {
      if (!child.connected) return false;
      try {
        return child.send(message as object, (err: Error | null) => void err);
      } catch {
        return false;
      }
    },
    onMessage: (listener) => void messageListeners.push(listener),
    onOutput: (listener) => void outputListeners.push(listener),
    exited,
    kill(signal) {
      if (done || child.pid === undefined) return;
      try {
        process.kill(child.pid, signal);
      } catch {
        /* already gone */
      }
    },
  };
};
