import { ShellError, type ConnectStep, type Desktop, type EndAction, type EndReason, type Screen, type UiError } from '../contract/index.ts';
import type { BrokerSession } from '../brokers/types.ts';
import type { ConnectionSpec, SessionHandle, SessionState } from '../sessions/types.ts';
import { withUsbPlan, type UsbPlan } from '../usb/plan.ts';
import type { ShellDeps } from './deps.ts';
import { sessionFailureCode, toUiError } from './outcomes.ts';

/** What the session flow needs from the shell that owns the screen. */
export interface SessionHost {
  readonly screen: Screen;
  setScreen(screen: Screen): void;
  backToPick(error?: UiError): void;
  returnToSignIn(notice?: EndReason): Promise<void>;
  fail(error: UiError, retry?: () => Promise<void>): void;
  hasUser(): boolean;
}

type DesktopRef = Pick<Desktop, 'id' | 'name' | 'protocol'>;
type Final = Awaited<SessionHandle['done']>;

interface Attempt {
  readonly desktop: Desktop;
  readonly session: BrokerSession;
  readonly abort: AbortController;
  handle?: SessionHandle;
  engine?: string;
  /** The USB plan this attempt's session started with. */
  usbPlan?: UsbPlan;
  loggedOn: boolean;
  /** Set when the shell, not the server, ends the session: why. */
  endedBy?: 'user' | 'cancel' | 'reconnect' | 'shutdown';
}

const baseSteps: ConnectStep[] = ['prepare', 'contact', 'authenticate', 'open'];

const realTimers: NonNullable<ShellDeps['timers']> = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Connect > session > ended, for one desktop at a time: drives a SessionEngine through its
 * states, maps its outcome onto the screens, and carries out the policy for a session's end
 * (back to sign-in, reconnect, or power off).
 */
export class SessionFlow {
  #attempt: Attempt | undefined;
  #pendingEnd: { run: () => Promise<void>; timer: unknown } | undefined;
  /** Reconnect attempts that failed in a row; reset by a session that logs on. */
  #failedReconnects = 0;

  constructor(
    private readonly host: SessionHost,
    private readonly deps: ShellDeps,
  ) {}

  async connect(session: BrokerSession, desktop: Desktop, reconnecting = false): Promise<void> {
    this.#clearPendingEnd();
    const attempt: Attempt = { desktop, session, abort: new AbortController(), loggedOn: false };
    this.#attempt = attempt;
    const ref: DesktopRef = { id: desktop.id, name: desktop.name, protocol: desktop.protocol };
    let steps = [...baseSteps];
    const show = (step: ConnectStep) => {
      if (this.#attempt !== attempt || attempt.loggedOn) return;
      if (!steps.includes(step)) steps = ['prepare', step, ...steps.slice(1)];
      this.host.setScreen({ kind: 'connecting', desktop: ref, step, steps });
    };
    show('prepare');
    const policy = this.deps.policy.current();
    try {
      const spec = await attempt.session.prepareLaunch(desktop.id, attempt.abort.signal, show);
      attempt.abort.signal.throwIfAborted();
      show('contact');
      const started = await this.deps.startSession(this.#withUsb(attempt, spec), policy);
      attempt.handle = started.handle;
      attempt.engine = started.engine;
      this.deps.log.info('session starting', { desktop: desktop.id, engine: started.engine });
      if (attempt.abort.signal.aborted) void started.handle.disconnect();
      started.handle.onState((state) => this.#onState(attempt, ref, state, show));
      const final = await started.handle.done;
      this.#usbEnded(attempt);
      await this.#finished(attempt, ref, final, reconnecting);
    } catch (err) {
      this.#usbEnded(attempt);
      if (attempt.endedBy) return;
      await this.#attemptFailed(attempt, ref, toUiError(err), reconnecting);
    } finally {
      if (this.#attempt === attempt) this.#attempt = undefined;
    }
  }

  /** The one place a spec goes to the engine: the policy's USB plan goes with it. */
  #withUsb(attempt: Attempt, spec: ConnectionSpec): ConnectionSpec {
    const usb = this.deps.usb;
    if (!usb) return spec;
    attempt.usbPlan = usb.sessionStarting(spec.protocol, attempt.session.brokerOf?.(attempt.desktop.id));
    return withUsbPlan(spec, attempt.usbPlan);
  }

  #usbEnded(attempt: Attempt): void {
    if (attempt.usbPlan) this.deps.usb?.sessionEnded(attempt.usbPlan);
  }

  #onState(attempt: Attempt, ref: DesktopRef, state: SessionState, show: (step: ConnectStep) => void): void {
    this.deps.log.debug('session state', { desktop: ref.id, state: state.kind });
    if (attempt.endedBy || this.#attempt !== attempt) return;
    if (state.kind === 'connected') show('authenticate');
    if (state.kind === 'loggedOn' && !attempt.loggedOn) {
      show('open');
      attempt.loggedOn = true;
      this.#failedReconnects = 0;
      this.host.setScreen({ kind: 'session', desktop: ref, engine: attempt.engine ?? 'unknown', menu: false });
    }
  }

  async #finished(attempt: Attempt, ref: DesktopRef, final: Final, reconnecting: boolean): Promise<void> {
    this.deps.log.info('session finished', { desktop: ref.id, final: final.kind, endedBy: attempt.endedBy });
    switch (attempt.endedBy) {
      case 'cancel':
        return;
      case 'shutdown':
        return;
      case 'reconnect':
        await this.connect(attempt.session, attempt.desktop);
        return;
      default:
        break;
    }
    if (!attempt.loggedOn) {
      const error: UiError =
        final.kind === 'failed'
          ? { code: sessionFailureCode(final.failure), detail: final.detail }
          : { code: final.reason === 'crashed' ? 'session-crashed' : 'session-failed', ...(final.detail ? { detail: final.detail } : {}) };
      await this.#attemptFailed(attempt, ref, error, reconnecting);
      return;
    }
    const policy = this.deps.policy.current();
    const reason: EndReason = attempt.endedBy === 'user' ? 'user-disconnect' : final.kind === 'ended' ? final.reason : 'crashed';
    // A user who chose to disconnect wants out, not a reconnect.
    const next: EndAction = reason === 'user-disconnect' && policy.session.onEnd === 'reconnect' ? 'signIn' : policy.session.onEnd;
    const detail = final.detail;
    this.host.setScreen({ kind: 'ended', desktop: ref, reason, next, ...(detail ? { detail } : {}) });
    const run = () => this.#afterEnd(next, reason, attempt);
    // A crash goes straight back: the sign-in screen itself says what happened.
    const seconds = reason === 'crashed' && next === 'signIn' ? 0 : policy.session.endedScreenSec;
    this.#schedule(run, seconds);
  }

  async #attemptFailed(attempt: Attempt, ref: DesktopRef, error: UiError, reconnecting: boolean): Promise<void> {
    this.deps.log.warn('session attempt failed', { desktop: ref.id, code: error.code, detail: error.detail });
    const policy = this.deps.policy.current();
    if (reconnecting && this.#failedReconnects < policy.session.reconnectAttempts && this.host.hasUser()) {
      this.#failedReconnects += 1;
      this.host.setScreen({ kind: 'ended', desktop: ref, reason: 'network-lost', next: 'reconnect', ...(error.detail ? { detail: error.detail } : {}) });
      this.#schedule(() => this.#afterEnd('reconnect', 'network-lost', attempt), policy.session.endedScreenSec);
      return;
    }
    this.#failedReconnects = 0;
    this.host.fail(error, async () => {
      if (this.host.hasUser()) await this.connect(attempt.session, attempt.desktop);
      else await this.host.returnToSignIn();
    });
  }

  async #afterEnd(next: EndAction, reason: EndReason, attempt: Attempt): Promise<void> {
    this.#clearPendingEnd();
    switch (next) {
      case 'signIn':
        await this.host.returnToSignIn(reason);
        return;
      case 'reconnect':
        if (this.host.hasUser()) await this.connect(attempt.session, attempt.desktop, true);
        else await this.host.returnToSignIn(reason);
        return;
      case 'powerOff': {
        await this.host.returnToSignIn(reason);
        this.host.setScreen({ kind: 'poweringOff' });
        const policy = this.deps.policy.current();
        try {
          await this.deps.powerOff(policy);
        } catch (err) {
          this.host.fail({ code: 'internal', detail: `power off failed: ${(err as Error).message}` }, () => this.host.returnToSignIn());
        }
        return;
      }
      default: {
        const unknownNext: never = next;
        throw new Error(`unknown end action ${String(unknownNext)}`);
      }
    }
  }

  #schedule(run: () => Promise<void>, seconds: number): void {
    this.#clearPendingEnd();
    const timer = this.#timers.setTimeout(() => void run(), seconds * 1000);
    this.#pendingEnd = { run, timer };
  }

  #clearPendingEnd(): void {
    if (!this.#pendingEnd) return;
    this.#timers.clearTimeout(this.#pendingEnd.timer);
    this.#pendingEnd = undefined;
  }

  get #timers(): NonNullable<ShellDeps['timers']> {
    return this.deps.timers ?? realTimers;
  }

  async acknowledgeEnd(): Promise<void> {
    const pending = this.#pendingEnd;
    if (pending) await pending.run();
  }

  async menu(action: 'open' | 'close' | 'disconnect' | 'reconnect'): Promise<void> {
    const screen = this.host.screen;
    const attempt = this.#attempt;
    if (screen.kind !== 'session' || !attempt?.handle) throw new ShellError('not-allowed-now', 'no session is running');
    if (action === 'open' || action === 'close') {
      this.host.setScreen({ ...screen, menu: action === 'open' });
      return;
    }
    attempt.endedBy = action === 'disconnect' ? 'user' : 'reconnect';
    await attempt.handle.disconnect();
  }

  async cancel(): Promise<void> {
    const attempt = this.#attempt;
    if (!attempt || attempt.loggedOn) return;
    attempt.endedBy = 'cancel';
    attempt.abort.abort();
    this.#attempt = undefined;
    this.host.backToPick();
    await attempt.handle?.disconnect();
  }

  async stop(): Promise<void> {
    this.#clearPendingEnd();
    const attempt = this.#attempt;
    if (!attempt) return;
    attempt.endedBy = 'shutdown';
    attempt.abort.abort();
    await attempt.handle?.disconnect();
  }
}
