import { startChild, type ChildExit, type SupervisedChild } from './child.ts';
import { childEnv, createSessionHome, type SessionHome } from './session-home.ts';
import { sessionHandle, type SessionStates } from './session-handle.ts';
import type { SessionHandle, SessionStartOptions, SessionState } from './types.ts';

export type FinalState = Extract<SessionState, { kind: 'ended' | 'failed' }>;

/** Options every client-process engine takes. */
export interface EngineOptions {
  /** Gets every line the client prints, for the admin's log. Clients print no passwords. */
  log?: (line: string) => void;
  /** Where the per-session private HOME folders are made (default: the system temp dir). */
  tmpRoot?: string;
  /** SIGTERM -> SIGKILL grace in ms. */
  killGraceMs?: number;
  /** The environment the allow-list is taken from (default process.env). */
  env?: NodeJS.ProcessEnv;
}

export type ClientSignal = 'connected' | 'loggedOn' | 'failure';

export interface OutcomeContext {
  /** The user asked to disconnect (we ended the client). */
  userDisconnect: boolean;
  /** The connect deadline passed before the desktop was up (we ended the client). */
  deadline: boolean;
}

/** What differs between xfreerdp and remote-viewer; runClient does the rest. */
export interface ClientRecipe {
  command: string;
  args: readonly string[];
  /** Goes to the client's stdin, which is then closed. */
  stdin?: string;
  /** See ChildOptions.ownProcessGroup (default true). */
  ownProcessGroup?: boolean;
  /** Variables on top of the allow-list, given the private HOME (e.g. an empty CA store). */
  extraEnv?(home: string): Promise<Record<string, string>>;
  /** False for lines too frequent or too dull for the admin's log (they are still fed). */
  loggable?(line: string): boolean;
  /** Reads one line; says when the state moves or the attempt has failed for sure. */
  feed(line: string): ClientSignal | undefined;
  /** The final state, from what was read and how the process ended. */
  outcome(exit: ChildExit, ctx: OutcomeContext): FinalState;
}

/**
 * Runs one client process as a session: a private HOME (wiped before `done` resolves), the
 * minimal environment, the connect deadline (up to loggedOn), and the client ended at once when
 * a line decides the attempt failed (remote-viewer would sit behind an error dialog).
 */
export function runClient(recipe: ClientRecipe, options: SessionStartOptions, engine: EngineOptions, states: SessionStates): SessionHandle {
  let child: SupervisedChild | undefined;
  let home: SessionHome | undefined;
  let userDisconnect = false;
  let deadline = false;
  let markStarted!: () => void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));

  const onLine = (line: string) => {
    if (engine.log && recipe.loggable?.(line) !== false) engine.log(line);
    const signal = recipe.feed(line);
    if (signal === 'connected') states.emit({ kind: 'connected' });
    else if (signal === 'loggedOn') {
      child?.clearDeadline();
      states.emit({ kind: 'connected' });
      states.emit({ kind: 'loggedOn' });
    } else if (signal === 'failure') void child?.kill();
  };

  const run = async () => {
    let spawnError: NodeJS.ErrnoException | undefined;
    try {
      home = await createSessionHome(engine.tmpRoot);
      const extra = (await recipe.extraEnv?.(home.path)) ?? {};
      const env = childEnv(engine.env ?? process.env, home.path, options.display, extra);
      if (!userDisconnect) {
        child = startChild({
          command: recipe.command,
          args: recipe.args,
          env,
          cwd: home.path,
          stdin: recipe.stdin,
          ...(recipe.ownProcessGroup === false ? { ownProcessGroup: false } : {}),
          killGraceMs: engine.killGraceMs,
          deadlineMs: Math.max(0, options.connectTimeoutSec) * 1000,
          onDeadline: () => {
            deadline = true;
            void child?.kill();
          },
          onLine,
        });
      }
    } catch (err) {
      spawnError = err as NodeJS.ErrnoException;
    } finally {
      markStarted();
    }
    const exit: ChildExit = child ? await child.done : { code: null, signal: null, killed: true, spawnError };
    let final: FinalState;
    try {
      final = recipe.outcome(exit, { userDisconnect, deadline });
    } catch (err) {
      final = { kind: 'failed', failure: 'failed', detail: `internal error: ${(err as Error).message}` };
    }
    await home?.wipe().catch(() => undefined);
    states.emit(final);
  };
  void run();

  return sessionHandle(states, async () => {
    if (states.final) return;
    userDisconnect = true;
    await started;
    await child?.kill();
    await states.done;
  });
}

/** A handle that failed before any process was started (bad input, wrong protocol). */
export function failedHandle(states: SessionStates, detail: string): SessionHandle {
  states.emit({ kind: 'failed', failure: 'failed', detail });
  return sessionHandle(states, async () => undefined);
}
