import type { AdminView, CallName, ShellHandlers, ShellView } from '../../src-main/contract/index.ts';
import { callNames } from '../../src-main/contract/index.ts';
import type { Core } from '../../src-main/app/core-types.ts';
import { defaultPolicy, type Policy } from '../../src-main/policy/schema.ts';

/**
 * A Core for testing hosts: it records every call that reaches a handler, answers with the
 * current view or a neutral result, and pushes views and policies when told. Override any
 * handler through `handlers`.
 */
export interface FakeCore extends Core {
  /** Calls in the order the handlers ran them (arguments as parsed by the contract). */
  readonly calls: Array<{ method: CallName; args: unknown }>;
  /** The view getView returns now. */
  readonly view: ShellView;
  /** Replace the view (rev goes up by one unless given) and push it to every listener. */
  pushView(change?: Partial<ShellView>): ShellView;
  setPolicy(policy: Policy): void;
  readonly started: boolean;
  readonly stopped: boolean;
  readonly hotkeys: number;
  /** How many onView listeners are subscribed now. */
  readonly viewListeners: number;
}

export function sampleView(change: Partial<ShellView> = {}): ShellView {
  return {
    rev: 1,
    locale: 'en',
    terminal: { name: 'test-terminal', version: '0.0.0-test' },
    admin: { unlocked: false, pinSet: false },
    hotkey: 'Ctrl+Alt+Home',
    screen: { kind: 'booting' },
    ...change,
  };
}

const sampleAdminView: AdminView = {
  effective: { locale: 'en', brokerAddress: '', onSessionEnd: 'signIn', rdpEngine: 'xfreerdp', preventSleep: true, devtools: false },
  local: {},
  locked: [],
  layers: [],
};

export interface FakeCoreOptions {
  view?: ShellView;
  policy?: Policy;
  handlers?: Partial<ShellHandlers>;
}

export function createFakeCore(options: FakeCoreOptions = {}): FakeCore {
  let view = options.view ?? sampleView();
  let policy = options.policy ?? defaultPolicy;
  const viewListeners = new Set<(v: ShellView) => void>();
  const policyListeners = new Set<(p: Policy) => void>();
  const calls: FakeCore['calls'] = [];
  const state = { started: false, stopped: false, hotkeys: 0 };

  const defaults: Record<string, (args: unknown) => unknown> = {
    getView: () => view,
    adminGetSettings: () => sampleAdminView,
    adminSaveSettings: () => sampleAdminView,
  };
  const handlers = Object.fromEntries(
    callNames.map((method) => [
      method,
      (args: unknown) => {
        calls.push({ method, args });
        const override = options.handlers?.[method] as ((a: unknown) => unknown) | undefined;
        return override ? override(args) : (defaults[method]?.(args) ?? null);
      },
    ]),
  ) as unknown as ShellHandlers;

  return {
    handlers,
    calls,
    get view() {
      return view;
    },
    get started() {
      return state.started;
    },
    get stopped() {
      return state.stopped;
    },
    get hotkeys() {
      return state.hotkeys;
    },
    get viewListeners() {
      return viewListeners.size;
    },
    onView(listener) {
      viewListeners.add(listener);
      return () => void viewListeners.delete(listener);
    },
    pushView(change = {}) {
      view = { ...view, rev: view.rev + 1, ...change };
      for (const l of viewListeners) l(view);
      return view;
    },
    hotkey() {
      state.hotkeys += 1;
    },
    policy: () => policy,
    onPolicy(listener) {
      policyListeners.add(listener);
      return () => void policyListeners.delete(listener);
    },
    setPolicy(next) {
      policy = next;
      for (const l of policyListeners) l(policy);
    },
    async start() {
      state.started = true;
    },
    async stop() {
      state.stopped = true;
    },
  };
}
