import {
  ShellError,
  type AdminSettings,
  type BrokerInfo,
  type Desktop,
  type ErrorAction,
  type Locale,
  type Screen,
  type SecondFactorMethod,
  type ShellView,
  type UiError,
} from '../contract/index.ts';
import { brokerFromAddress } from '../brokers/address.ts';
import { isNotAnswering, MergedBroker } from '../brokers/merged.ts';
import type { Broker, BrokerSession, SignInResult } from '../brokers/types.ts';
import { Secret } from '../common/secret.ts';
import type { BrokerCandidate } from '../discovery/types.ts';
import type { Policy } from '../policy/schema.ts';
import type { ShellDeps } from './deps.ts';
import { errorActions, isFormError, toUiError } from './outcomes.ts';
import { SessionFlow, type SessionHost } from './session-flow.ts';

interface KnownBroker {
  candidate: BrokerCandidate;
  broker: Broker;
}

/** What exists only while a user is signed in; dropped whole on the way back to sign-in. */
interface UserState {
  broker: KnownBroker;
  session: BrokerSession;
  desktops: Desktop[];
  /** Brokers that did not answer on the way here (failed over from). */
  skipped: string[];
}

type PendingSecondFactor = Extract<SignInResult, { kind: 'secondFactor' }>;

/**
 * The shell's state machine: boot > discover > sign-in > pick > connect > session > end, and
 * back. It owns the one Screen the renderer draws and every transition between screens. Calls
 * that do not fit the current screen are refused with `not-allowed-now`.
 */
export class Shell implements SessionHost {
  #screen: Screen = { kind: 'booting' };
  #rev = 0;
  #brokers: KnownBroker[] = [];
  #current: KnownBroker | undefined;
  #user: UserState | undefined;
  #secondFactor: PendingSecondFactor | undefined;
  #work: AbortController | undefined;
  #retry: (() => Promise<void>) | undefined;
  #localeOverride: Locale | undefined;
  #adminUnlocked = false;
  /** The broker list the last discovery ran on: a policy change that keeps it needs no new discovery. */
  #brokersKey: string | undefined;
  /** Brokers failed over from during the sign-in in progress. */
  #skipped: string[] = [];
  /** The next sign-in screen must not sign in by itself (the user cancelled that). */
  #noAutoSignIn = false;
  #listeners = new Set<(view: ShellView) => void>();
  readonly #sessions: SessionFlow;

  constructor(private readonly deps: ShellDeps) {
    this.#sessions = new SessionFlow(this, deps);
    deps.usb?.onChange(() => this.emit());
    deps.usb?.onOffer(() => this.#offerUsb());
  }

  // ---- view -------------------------------------------------------------------------------

  view(): ShellView {
    const policy = this.deps.policy.current();
    return {
      rev: this.#rev,
      locale: this.#localeOverride ?? policy.locale,
      terminal: this.deps.terminal,
      admin: { unlocked: this.#adminUnlocked, pinSet: Boolean(policy.kiosk.adminPinHash) },
      hotkey: policy.session.hotkey,
      screen: this.#screen,
      ...(this.deps.usb ? { usb: this.deps.usb.view() } : {}),
    };
  }

  onView(listener: (view: ShellView) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get screen(): Screen {
    return this.#screen;
  }

  setScreen(screen: Screen): void {
    this.#screen = screen;
    this.emit();
  }

  emit(): void {
    this.#rev += 1;
    const view = this.view();
    for (const listener of this.#listeners) listener(view);
  }

  // ---- boot and discovery -------------------------------------------------------------------

  async start(): Promise<void> {
    this.deps.policy.onChange((policy) => this.#policyChanged(policy));
    await this.discover();
  }

  async discover(): Promise<void> {
    const signal = this.#begin();
    this.setScreen({ kind: 'discovering' });
    const policy = this.deps.policy.current();
    this.#brokersKey = brokersKey(policy);
    let candidates: BrokerCandidate[];
    try {
      candidates = await this.deps.discover(policy, signal);
    } catch (err) {
      if (signal.aborted) return;
      this.fail(toUiError(err), () => this.discover());
      return;
    }
    if (signal.aborted) return;
    this.#brokers = [];
    for (const candidate of candidates) {
      try {
        this.#brokers.push({ candidate, broker: this.deps.createBroker(candidate, policy) });
      } catch (err) {
        this.deps.log.warn('broker skipped', { id: candidate.config.id, error: (err as Error).message });
      }
    }
    if (policy.multiBroker.merge) {
      // Only brokers the terminal trusts by itself merge; one anyone could announce (mDNS) waits to be chosen.
      const members = this.#trusted();
      if (members.length > 1) {
        const name = policy.multiBroker.mergedName ?? members.map((b) => b.broker.info.name).join(' + ');
        const merged = { candidate: members[0]!.candidate, broker: new MergedBroker(members.map((b) => b.broker), name.slice(0, 128)) };
        this.#brokers = [merged, ...this.#brokers.filter((b) => b.candidate.confirm)];
      }
    }
    // A broker anyone on the link could have announced (mDNS) waits for someone to choose it.
    const first = this.#trusted()[0];
    if (!first) {
      this.setScreen({ kind: 'setup', candidates: this.#brokerInfos() });
      return;
    }
    const keep = this.#brokers.find((b) => b.broker.info.id === this.#current?.broker.info.id);
    this.#showSignIn(keep ?? first);
  }

  #policyChanged(policy: Policy): void {
    this.deps.log.info('policy changed');
    const idle =
      this.#screen.kind === 'setup' ||
      this.#screen.kind === 'error' ||
      (this.#screen.kind === 'signIn' && !this.#screen.busy && !this.#user);
    // Brokers may have changed: find them again, but never under a user who is mid-task.
    if (idle && brokersKey(policy) !== this.#brokersKey) void this.discover();
    else this.emit();
  }

  // ---- first-run setup and broker choice ----------------------------------------------------

  async setBroker(args: { address: string } | { candidateId: string }): Promise<null> {
    this.#expect('setup', 'error', 'signIn');
    if (this.#screen.kind !== 'setup' && !this.#setupAllowed()) {
      throw new ShellError('not-allowed-now', 'the broker is set by policy');
    }
    if ('candidateId' in args) {
      const known = this.#brokers.find((b) => b.broker.info.id === args.candidateId);
      if (!known) throw new ShellError('invalid-argument', `no broker "${args.candidateId}"`);
      this.#showSignIn(known);
      return null;
    }
    // Validates the address (throws a ShellError the setup form shows) before anything is saved.
    brokerFromAddress(args.address, 'setup');
    await this.deps.rememberBroker(args.address);
    await this.discover();
    return null;
  }

  chooseBroker(brokerId: string): null {
    this.#expect('signIn', 'error', 'setup');
    const known = this.#brokers.find((b) => b.broker.info.id === brokerId);
    if (!known) throw new ShellError('invalid-argument', `no broker "${brokerId}"`);
    this.#abortWork();
    this.#showSignIn(known);
    return null;
  }

  #showSignIn(known: KnownBroker, extra: { error?: UiError; notice?: Extract<Screen, { kind: 'signIn' }>['notice'] } = {}): void {
    this.#current = known;
    if (!this.#user) this.deps.usb?.setContext({ brokerId: known.broker.info.id });
    this.setScreen({
      kind: 'signIn',
      broker: known.broker.info,
      brokers: this.#brokerInfos(),
      busy: false,
      ...extra,
    });
    // An unattended terminal (an API token in policy) signs in by itself, except right after
    // the user cancelled that or it failed: then the form is theirs.
    const auto = known.broker.info.autoSignIn && !extra.error && !this.#noAutoSignIn;
    this.#noAutoSignIn = false;
    if (auto) {
      this.signIn({ username: '', password: '' }).catch((err: unknown) => this.deps.log.warn('automatic sign-in not started', { error: (err as Error).message }));
    }
  }

  #brokerInfos(): BrokerInfo[] {
    return this.#brokers.map((b) => (b.candidate.detail ? { ...b.broker.info, sourceDetail: b.candidate.detail } : b.broker.info));
  }

  #setupAllowed(): boolean {
    return this.#adminUnlocked || this.deps.policy.current().brokers.length === 0;
  }

  // ---- sign-in ----------------------------------------------------------------------------

  async signIn(args: { username: string; password: string; domain?: string | undefined }): Promise<null> {
    const screen = this.#expect('signIn');
    if (screen.busy) throw new ShellError('not-allowed-now', 'a sign-in is already in progress');
    let known = this.#current;
    if (!known) throw new ShellError('no-broker', 'no broker chosen');
    const signal = this.#begin();
    this.setScreen({ ...screen, busy: true, error: undefined, notice: undefined });
    const credentials = {
      username: args.username,
      password: new Secret(args.password),
      ...(args.domain ? { domain: args.domain } : {}),
    };
    this.#skipped = [];
    const next = this.#failoverOrder(known, args.username !== '');
    for (;;) {
      try {
        const result = await known.broker.signIn(credentials, signal);
        if (signal.aborted) return null;
        if (result.kind === 'secondFactor') {
          this.#secondFactor = result;
          this.setScreen({ kind: 'secondFactor', broker: known.broker.info, methods: result.methods, busy: false });
          return null;
        }
        await this.#signedIn(known, result.session, signal);
      } catch (err) {
        if (signal.aborted) return null;
        const error = toUiError(err);
        const fallback = isNotAnswering(error.code) ? next.shift() : undefined;
        if (fallback) {
          // The broker does not answer: the next one in policy order, and the user is told.
          this.deps.log.warn('broker did not answer; failing over', { from: known.broker.info.id, to: fallback.broker.info.id, code: error.code, detail: error.detail });
          this.#skipped.push(known.broker.info.name);
          await this.#dropUser();
          known = fallback;
          this.#current = known;
          this.setScreen({ kind: 'signIn', broker: known.broker.info, brokers: this.#brokerInfos(), busy: true });
          continue;
        }
        this.#signInFailed(known, err);
      }
      return null;
    }
  }

  /** The brokers to fail over to from `known`, in policy order after it (none for a token sign-in). */
  #failoverOrder(known: KnownBroker, byPerson: boolean): KnownBroker[] {
    if (!byPerson || !this.deps.policy.current().multiBroker.failover) return [];
    // Never a broker nobody chose (mDNS): a stranger's announcement must not collect the password.
    const trusted = this.#trusted();
    const i = trusted.indexOf(known);
    return i < 0 ? trusted : [...trusted.slice(i + 1), ...trusted.slice(0, i)];
  }

  /** The brokers the terminal may use unasked: all but those anyone on the link could announce (mDNS). */
  #trusted(): KnownBroker[] {
    return this.#brokers.filter((b) => !b.candidate.confirm);
  }

  async submitSecondFactor(method: SecondFactorMethod, code: string): Promise<null> {
    const screen = this.#expect('secondFactor');
    const pending = this.#secondFactor;
    const known = this.#current;
    if (!pending || !known || screen.busy) throw new ShellError('not-allowed-now', 'no second factor is pending');
    if (!pending.methods.includes(method)) throw new ShellError('invalid-argument', `method ${method} was not offered`);
    const signal = this.#begin();
    this.setScreen({ ...screen, busy: true, error: undefined });
    try {
      const session = await pending.complete(method, code, signal);
      if (signal.aborted) return null;
      this.#secondFactor = undefined;
      await this.#signedIn(known, session, signal);
    } catch (err) {
      if (signal.aborted) return null;
      const error = toUiError(err);
      if (error.code === 'auth-second-factor-failed') this.setScreen({ ...screen, busy: false, error });
      else this.#signInFailed(known, err);
    }
    return null;
  }

  async #signedIn(known: KnownBroker, session: BrokerSession, signal: AbortSignal): Promise<void> {
    this.#user = { broker: known, session, desktops: [], skipped: this.#skipped };
    this.#skipped = [];
    this.deps.usb?.setContext({ user: { brokerId: known.broker.info.id, user: session.user } });
    const desktops = await session.listDesktops(signal);
    if (signal.aborted) return;
    this.#user.desktops = desktops;
    this.deps.log.info('signed in', { broker: known.broker.info.id, desktops: desktops.length });
    this.#showPick();
  }

  #signInFailed(known: KnownBroker, err: unknown): void {
    const error = toUiError(err);
    this.deps.log.warn('sign-in failed', { broker: known.broker.info.id, code: error.code, detail: error.detail });
    void this.#dropUser();
    if (isFormError(error.code)) this.#showSignIn(known, { error });
    else this.fail(error, async () => this.#showSignIn(known));
  }

  // ---- desktops -----------------------------------------------------------------------------

  #showPick(error?: UiError): void {
    const user = this.#user;
    if (!user) return;
    // While the user looks at the list, a session worker can get ready (it holds no credentials).
    void this.deps.sessionSpare?.prepare(this.deps.policy.current(), user.desktops.map((d) => d.protocol));
    const unanswered = [...new Set([...user.skipped, ...(user.session.unanswered ?? [])])];
    this.setScreen({
      kind: 'pick',
      broker: user.broker.broker.info,
      user: user.session.user,
      desktops: user.desktops,
      busy: false,
      ...(error ? { error } : {}),
      ...(unanswered.length ? { unanswered } : {}),
    });
  }

  async refreshDesktops(): Promise<null> {
    const screen = this.#expect('pick');
    const user = this.#user;
    if (!user || screen.busy) throw new ShellError('not-allowed-now', 'not signed in');
    const signal = this.#begin();
    this.setScreen({ ...screen, busy: true, error: undefined });
    try {
      user.desktops = await user.session.listDesktops(signal);
      if (!signal.aborted) this.#showPick();
    } catch (err) {
      if (!signal.aborted) this.#showPick(toUiError(err));
    }
    return null;
  }

  async connect(desktopId: string): Promise<null> {
    this.#expect('pick');
    const user = this.#user;
    const desktop = user?.desktops.find((d) => d.id === desktopId);
    if (!user || !desktop) throw new ShellError('invalid-argument', `no desktop "${desktopId}"`);
    await this.#sessions.connect(user.session, desktop);
    return null;
  }

  // ---- SessionHost: what the session flow asks of the shell -------------------------------------

  begin(): AbortSignal {
    return this.#begin();
  }

  backToPick(error?: UiError): void {
    if (this.#user) this.#showPick(error);
    else void this.returnToSignIn();
  }

  /** The end of a user's visit: nothing of theirs stays (credentials, list, language, admin). */
  async returnToSignIn(notice?: Extract<Screen, { kind: 'signIn' }>['notice']): Promise<void> {
    this.#abortWork();
    await this.#dropUser();
    this.deps.usb?.endVisit();
    this.#localeOverride = undefined;
    this.#adminUnlocked = false;
    this.#retry = undefined;
    const known = this.#current ?? this.#trusted()[0];
    if (known) this.#showSignIn(known, notice ? { notice } : {});
    else this.setScreen({ kind: 'setup', candidates: this.#brokerInfos() });
  }

  hasUser(): boolean {
    return this.#user !== undefined || this.#secondFactor !== undefined;
  }

  fail(error: UiError, retry?: () => Promise<void>): void {
    this.#retry = retry;
    let actions = errorActions(error.code, this.#brokers.length).filter((a) => a !== 'setup' || this.#setupAllowed());
    if (!retry) actions = actions.filter((a) => a !== 'retry');
    if (actions.length === 0) actions = ['signIn'];
    this.setScreen({ kind: 'error', error, actions });
  }

  async #dropUser(): Promise<void> {
    const user = this.#user;
    this.#user = undefined;
    this.#secondFactor = undefined;
    if (!user) return;
    void this.deps.sessionSpare?.release();
    try {
      await user.session.signOut();
    } catch (err) {
      this.deps.log.warn('broker sign-out failed', { error: (err as Error).message });
    }
  }

  // ---- calls that work on several screens ----------------------------------------------------

  async cancel(): Promise<null> {
    switch (this.#screen.kind) {
      case 'connecting':
        await this.#sessions.cancel();
        return null;
      case 'signIn':
      case 'secondFactor':
        this.#abortWork();
        this.#noAutoSignIn = true;
        await this.returnToSignIn();
        return null;
      case 'pick':
        this.#abortWork();
        this.#showPick();
        return null;
      case 'discovering':
        this.#abortWork();
        this.setScreen({ kind: 'setup', candidates: this.#brokerInfos() });
        return null;
      default:
        throw new ShellError('not-allowed-now', `nothing to cancel on ${this.#screen.kind}`);
    }
  }

  async signOut(): Promise<null> {
    this.#expect('pick', 'secondFactor', 'error', 'signIn');
    await this.returnToSignIn();
    return null;
  }

  async sessionMenu(action: 'open' | 'close' | 'disconnect' | 'reconnect'): Promise<null> {
    if (action === 'close') this.deps.usb?.dismissOffer();
    await this.#sessions.menu(action);
    return null;
  }

  // ---- USB devices panel ----------------------------------------------------------------------

  async usbChoose(deviceId: string, choice: 'redirect' | 'local'): Promise<null> {
    this.#expect('signIn', 'pick', 'session');
    if (!this.deps.usb) throw new ShellError('not-allowed-now', 'USB is not handled on this terminal');
    await this.deps.usb.choose(deviceId, choice);
    return null;
  }

  adminUsb() {
    this.#expectAdmin();
    if (!this.deps.usb) throw new ShellError('not-allowed-now', 'USB is not handled on this terminal');
    return this.deps.usb.adminView();
  }

  /** A device plugged in mid-session waits for the user: bring the shell forward with the menu. */
  #offerUsb(): void {
    if (this.#screen.kind === 'session' && !this.#screen.menu) this.setScreen({ ...this.#screen, menu: true });
  }

  hotkey(): void {
    if (this.#screen.kind === 'session') void this.#sessions.menu(this.#screen.menu ? 'close' : 'open');
  }

  async acknowledgeEnd(): Promise<null> {
    this.#expect('ended');
    await this.#sessions.acknowledgeEnd();
    return null;
  }

  async errorAction(action: ErrorAction): Promise<null> {
    const screen = this.#expect('error');
    if (!screen.actions.includes(action)) throw new ShellError('not-allowed-now', `"${action}" is not offered here`);
    switch (action) {
      case 'retry': {
        const retry = this.#retry;
        this.#retry = undefined;
        await (retry ?? (() => this.discover()))();
        return null;
      }
      case 'signIn':
        await this.returnToSignIn();
        return null;
      case 'otherBroker': {
        const i = this.#brokers.findIndex((b) => b === this.#current);
        const next = this.#brokers[(i + 1) % Math.max(1, this.#brokers.length)];
        await this.#dropUser();
        if (next) this.#showSignIn(next);
        return null;
      }
      case 'setup':
        await this.#dropUser();
        this.setScreen({ kind: 'setup', candidates: this.#brokerInfos() });
        return null;
      default: {
        const unknownAction: never = action;
        throw new ShellError('invalid-argument', `unknown action ${String(unknownAction)}`);
      }
    }
  }

  setLocale(locale: Locale): null {
    this.#localeOverride = locale === this.deps.policy.current().locale ? undefined : locale;
    this.emit();
    return null;
  }

  // ---- admin ------------------------------------------------------------------------------

  async adminUnlock(pin: string): Promise<null> {
    const check = await this.deps.checkPin(pin);
    if (!check.ok) {
      if (check.reason === 'no-pin') throw new ShellError('not-allowed-now', 'no admin PIN is configured');
      if (check.reason === 'locked-out') {
        throw new ShellError('admin-locked', `too many wrong PINs; try again in ${check.retryInSec ?? 60} s`);
      }
      throw new ShellError('admin-pin-wrong', 'wrong PIN');
    }
    this.#adminUnlocked = true;
    this.deps.log.info('admin unlocked');
    this.emit();
    return null;
  }

  adminLock(): null {
    this.#adminUnlocked = false;
    this.emit();
    return null;
  }

  adminGetSettings() {
    this.#expectAdmin();
    return this.deps.policy.adminView();
  }

  async adminSaveSettings(settings: AdminSettings) {
    this.#expectAdmin();
    const view = await this.deps.policy.saveLocal(settings);
    this.deps.log.info('admin saved local settings', { keys: Object.keys(settings) });
    return view;
  }

  #expectAdmin(): void {
    if (!this.#adminUnlocked) throw new ShellError('not-allowed-now', 'unlock admin first');
  }

  // ---- helpers -------------------------------------------------------------------------------

  #expect<K extends Screen['kind']>(...kinds: K[]): Extract<Screen, { kind: K }> {
    if (!(kinds as string[]).includes(this.#screen.kind)) {
      throw new ShellError('not-allowed-now', `not possible on the ${this.#screen.kind} screen`);
    }
    return this.#screen as Extract<Screen, { kind: K }>;
  }

  /** Starts a new piece of cancellable work, cancelling whatever ran before. */
  #begin(): AbortSignal {
    this.#abortWork();
    this.#work = new AbortController();
    return this.#work.signal;
  }

  #abortWork(): void {
    this.#work?.abort(new ShellError('cancelled', 'cancelled'));
    this.#work = undefined;
  }

  async stop(): Promise<void> {
    this.#abortWork();
    await this.#sessions.stop();
    await this.#dropUser();
    await this.deps.sessionSpare?.release();
    this.#listeners.clear();
  }
}

function brokersKey(policy: Policy): string {
  return JSON.stringify([policy.brokers, policy.brokerAddress ?? null]);
}
