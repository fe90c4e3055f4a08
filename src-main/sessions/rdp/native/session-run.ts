import type { Secret } from '../../../common/secret.ts';
import type { EngineOptions } from '../../client-run.ts';
import { sessionHandle, type SessionStates } from '../../session-handle.ts';
import type { SessionHome } from '../../session-home.ts';
import type { RdpConnection, SessionHandle, SessionStartOptions } from '../../types.ts';
import type { WorkerClient } from '../worker/client.ts';
import type { StateMessage } from '../worker/protocol.ts';
import type { WorkerExit, WorkerTransport } from '../worker/transport.ts';
import { nativeOutcome, type NativeFacts } from './outcome.ts';
import { startWatchdog, type Watchdog, type WatchdogTimers } from './watchdog.ts';
import type { WorkerProcess } from './worker-process.ts';

export interface NativeRunOptions {
  /** The session's worker: the spare started ahead of the click, or a new one (engine.ts). */
  worker(display: string | undefined): Promise<WorkerProcess>;
  settings: Record<string, string>;
  password?: Secret;
  /** A separate RD Gateway password; without it the library uses the session's. */
  gatewayPassword?: Secret;
  security: RdpConnection['security'];
  watchdog: { intervalMs: number; timeoutMs: number; timers?: WatchdogTimers };
}

/**
 * Runs one native RDP session in its own worker process: a private HOME (wiped before `done`),
 * the allow-listed environment, `start` once the worker has loaded the library (at once when a
 * spare worker had done so before the click), the connect
 * deadline up to loggedOn, the watchdog, and the final state once the worker is gone. Whatever
 * the worker does (crash, hang, nonsense on the channel), this process goes on.
 */
export function runNativeSession(run: NativeRunOptions, start: SessionStartOptions, engine: EngineOptions, states: SessionStates): SessionHandle {
  const grace = engine.killGraceMs ?? 3000;
  const facts: Omit<NativeFacts, 'exit'> = { connected: false, loggedOn: false, userDisconnect: false, deadline: false, hung: false, security: run.security };
  let transport: WorkerTransport | undefined;
  let client: WorkerClient | undefined;
  let home: SessionHome | undefined;
  let watchdog: Watchdog | undefined;
  let deadline: NodeJS.Timeout | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  let markStarted!: () => void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));

  /** The worker ends by itself after its session ended; if it does not within the grace, it is killed. */
  const killLater = () => {
    if (!killTimer) killTimer = setTimeout(() => transport?.kill('SIGKILL'), grace);
  };
  const end = () => {
    void client?.request({ type: 'disconnect' }).catch(() => undefined);
    killLater();
  };
  const onState = (m: StateMessage) => {
    if (m.state === 'connected' && !facts.connected) {
      facts.connected = true;
      states.emit({ kind: 'connected' });
    } else if (m.state === 'loggedOn' && !facts.loggedOn) {
      facts.loggedOn = facts.connected = true;
      clearTimeout(deadline);
      states.emit({ kind: 'connected' });
      states.emit({ kind: 'loggedOn' });
    } else if (m.state === 'disconnected' || m.state === 'failed') {
      facts.terminal ??= m;
      killLater();
    }
  };
  const sendStart = () => {
    if (facts.userDisconnect) return end();
    const password = run.password?.reveal();
    const gatewayPassword = run.gatewayPassword?.reveal();
    client!.request({
      type: 'start',
      settings: run.settings,
      ...(password !== undefined ? { password } : {}),
      ...(gatewayPassword !== undefined ? { gatewayPassword } : {}),
    }).then(
      () => {
        watchdog = startWatchdog({
          ...run.watchdog,
          ping: () => client!.request({ type: 'ping' }),
          onHang: () => {
            facts.hung = true;
            transport?.kill('SIGKILL');
          },
        });
      },
      (err: { kind: string; message: string }) => {
        if (err.kind === 'crashed') return;
        facts.startError = { kind: err.kind, message: err.message };
        killLater();
      },
    );
  };

  const main = async () => {
    let exit: WorkerExit;
    try {
      if (facts.userDisconnect) exit = { code: 0, signal: null };
      else {
        const worker = await run.worker(start.display);
        home = worker.home;
        transport = worker.transport;
        client = worker.client;
        worker.attach({
          onReady: sendStart,
          onState,
          onFatal: (kind, message) => {
            facts.fatal = { kind, message };
            killLater();
          },
          onProtocolError: (problem) => {
            facts.protocolError ??= problem;
            transport?.kill('SIGKILL');
          },
        });
        deadline = setTimeout(() => {
          facts.deadline = true;
          end();
        }, Math.max(0, start.connectTimeoutSec) * 1000);
        markStarted();
        exit = await transport.exited;
      }
    } catch (err) {
      exit = { code: null, signal: null, error: (err as Error).message };
    } finally {
      markStarted();
    }
    clearTimeout(deadline);
    clearTimeout(killTimer);
    watchdog?.stop();
    const final = nativeOutcome({ ...facts, exit });
    await home?.wipe().catch(() => undefined);
    states.emit(final);
  };
  void main();

  return sessionHandle(states, async () => {
    if (states.final) return;
    facts.userDisconnect = true;
    await started;
    end();
    await states.done;
  });
}
