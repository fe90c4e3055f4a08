import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { descendants } from './process-tree.ts';

/**
 * One supervised client process (xfreerdp, remote-viewer): spawned without a shell, a secret
 * written to its stdin and stdin closed, its output read line by line, killed SIGTERM then
 * SIGKILL. `done` resolves exactly once and nothing here throws into the caller: a session
 * engine must survive whatever its child does.
 */
export interface ChildOptions {
  command: string;
  args: readonly string[];
  /** The child's whole environment: build it with `childEnv`, never pass process.env. */
  env: Record<string, string>;
  cwd?: string;
  /** Written to stdin, then stdin is closed. Without it stdin is closed at once. */
  stdin?: string;
  onLine(line: string, stream: 'stdout' | 'stderr'): void;
  /** SIGTERM, then SIGKILL after this many ms. */
  killGraceMs?: number;
  /** Calls onDeadline once after this many ms unless clearDeadline() came first. */
  deadlineMs?: number;
  onDeadline?(): void;
  /**
   * Default true: the child leads a new session and process group (setsid), and kill() signals the
   * whole group. False: it stays in ours. Linux schedules each session as its own group
   * (sched_autogroup), and on a loaded machine a client in a new one started measurably slower
   * (remote-viewer: +40 % to the display, bench/README.md); kill() then signals the child and the
   * descendants it has at that moment.
   */
  ownProcessGroup?: boolean;
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all (e.g. ENOENT). */
  spawnError?: NodeJS.ErrnoException;
  /** True when kill() was called before the process ended by itself. */
  killed: boolean;
}

export interface SupervisedChild {
  readonly pid: number | undefined;
  readonly done: Promise<ChildExit>;
  /** Ends the process (and its process group); resolves when it is gone. Idempotent. */
  kill(): Promise<ChildExit>;
  clearDeadline(): void;
}

/** A line longer than this is cut: a child that never prints a newline must not grow our memory. */
const MAX_LINE = 16_384;
/** After exit, how long we wait for the pipes to drain (a grandchild may hold them open). */
const DRAIN_MS = 500;

/** Feeds `emit` one line at a time (bounded length); returns a flush for the last partial line. */
export function splitLines(stream: Readable, emit: (line: string) => void): () => void {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    rest += chunk;
    let nl: number;
    while ((nl = rest.indexOf('\n')) >= 0) {
      emit(rest.slice(0, Math.min(nl, MAX_LINE)).replace(/\r$/, ''));
      rest = rest.slice(nl + 1);
    }
    if (rest.length > MAX_LINE) {
      emit(rest.slice(0, MAX_LINE));
      rest = '';
    }
  });
  stream.on('error', () => undefined);
  return () => {
    if (rest) emit(rest);
    rest = '';
  };
}

function signalTree(pid: number, signal: NodeJS.Signals): void {
  // The children first: a parent that dies first would leave them to init, out of reach.
  for (const p of [...descendants(pid).reverse(), pid]) {
    try {
      process.kill(p, signal);
    } catch {
      /* already gone */
    }
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    // The child leads its own process group (detached): this reaches helpers it started too.
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

export function startChild(options: ChildOptions): SupervisedChild {
  const grace = options.killGraceMs ?? 2000;
  const ownGroup = options.ownProcessGroup ?? true;
  let killed = false;
  let killRequested = false;
  let drain: NodeJS.Timeout | undefined;
  let deadline: NodeJS.Timeout | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  let resolveDone!: (exit: ChildExit) => void;
  const done = new Promise<ChildExit>((resolve) => (resolveDone = resolve));
  let settled = false;
  const settle = (exit: ChildExit) => {
    if (settled) return;
    settled = true;
    if (deadline) clearTimeout(deadline);
    if (killTimer) clearTimeout(killTimer);
    if (drain) clearTimeout(drain);
    resolveDone(exit);
  };
  const safeLine = (line: string, stream: 'stdout' | 'stderr') => {
    try {
      options.onLine(line, stream);
    } catch {
      /* a parser bug must not take the supervisor down */
    }
  };

  let child: ChildProcess;
  try {
    child = spawn(options.command, [...options.args], {
      env: options.env,
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: ownGroup,
      shell: false,
    });
  } catch (err) {
    settle({ code: null, signal: null, spawnError: err as NodeJS.ErrnoException, killed: false });
    return { pid: undefined, done, kill: () => done, clearDeadline: () => undefined };
  }

  const flushOut = splitLines(child.stdout!, (l) => safeLine(l, 'stdout'));
  const flushErr = splitLines(child.stderr!, (l) => safeLine(l, 'stderr'));
  child.stdin!.on('error', () => undefined); // EPIPE when the child dies before reading
  child.stdin!.end(options.stdin ?? '');

  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const finish = () => {
    flushOut();
    flushErr();
    // Nothing of the session may outlive it: helpers the client started share its group.
    // (Without a group of its own, the exited child's pid may already be someone else's.)
    if (ownGroup) signalGroup(child, 'SIGKILL');
    settle({ code: exited?.code ?? null, signal: exited?.signal ?? null, killed });
  };
  child.on('error', (err: NodeJS.ErrnoException) => {
    // 'error' without a pid means spawn failed; with a pid it was a failed kill: ignore that.
    if (child.pid === undefined) settle({ code: null, signal: null, spawnError: err, killed: false });
  });
  child.on('exit', (code, signal) => {
    exited = { code, signal };
    drain = setTimeout(() => {
      child.stdout?.destroy();
      child.stderr?.destroy();
      finish();
    }, DRAIN_MS);
  });
  child.on('close', () => {
    if (exited) finish();
  });

  if (options.deadlineMs !== undefined && options.onDeadline) {
    const onDeadline = options.onDeadline;
    deadline = setTimeout(() => {
      deadline = undefined;
      try {
        onDeadline();
      } catch {
        /* see safeLine */
      }
    }, options.deadlineMs);
  }

  const kill = (): Promise<ChildExit> => {
    if (!settled && !killRequested) {
      killRequested = true;
      killed = exited === undefined;
      const signal = (sig: NodeJS.Signals) => {
        if (ownGroup) signalGroup(child, sig);
        else if (exited === undefined && child.pid !== undefined) signalTree(child.pid, sig);
      };
      signal('SIGTERM');
      killTimer = setTimeout(() => signal('SIGKILL'), grace);
    }
    return done;
  };

  return {
    pid: child.pid,
    done,
    kill,
    clearDeadline() {
      if (deadline) clearTimeout(deadline);
      deadline = undefined;
    },
  };
}
