import type { AdminSettings, AdminView, ShellView } from '../../../../src-main/contract/index.ts';
import { createCore } from '../../../../src-main/app/core.ts';
import type { PinCheck, ShellDeps } from '../../../../src-main/app/deps.ts';
import { createBroker } from '../../../../src-main/brokers/index.ts';
import { silentLogger } from '../../../../src-main/common/log.ts';
import { discover } from '../../../../src-main/discovery/discover.ts';
import { policySource, setupSource } from '../../../../src-main/discovery/policy-source.ts';
import { Policy, type PolicyInput } from '../../../../src-main/policy/schema.ts';
import type { ConnectionSpec } from '../../../../src-main/sessions/types.ts';
import { FakeSessionHandle } from '../../../fakes/session.ts';

export const CANARY = 'canary-Pa55-7f3a91';

export const twoHosts: PolicyInput = {
  brokers: [
    {
      type: 'direct',
      id: 'lab',
      name: 'Lab',
      domain: 'optional',
      hosts: [
        { id: 'win', name: 'Windows desktop', protocol: 'rdp', host: '127.0.0.1', port: 3389 },
        { id: 'vm', name: 'Linux VM', protocol: 'spice', host: '127.0.0.1', port: 5930 },
      ],
    },
  ],
  session: { endedScreenSec: 5 },
};

/** The real shell, direct broker and discovery, with fake engines, timers, PIN and power. */
export function harness(input: PolicyInput = twoHosts, overrides: Partial<ShellDeps> = {}) {
  let policy = Policy.parse(input);
  const policyListeners = new Set<(p: Policy) => void>();
  const views: ShellView[] = [];
  const handles: FakeSessionHandle[] = [];
  const specs: ConnectionSpec[] = [];
  const timers: { fn: () => void; ms: number; cleared: boolean }[] = [];
  const powerOffs: number[] = [];
  const remembered: string[] = [];
  let pinResult: PinCheck = { ok: false, reason: 'wrong' };
  const saved: AdminSettings[] = [];
  const adminView: AdminView = {
    effective: { locale: 'en', brokerAddress: '', onSessionEnd: 'signIn', rdpEngine: 'xfreerdp', preventSleep: true, devtools: false },
    local: {},
    locked: [],
    layers: [],
  };
  const deps: ShellDeps = {
    policy: {
      current: () => policy,
      onChange: (l) => {
        policyListeners.add(l);
        return () => policyListeners.delete(l);
      },
      adminView: () => adminView,
      saveLocal: async (s) => {
        saved.push(s);
        return adminView;
      },
    },
    discover: async (p, signal) => (await discover([policySource, setupSource], p, { deadlineMs: 2000, signal })).candidates,
    createBroker: (c, p) => createBroker(c.config, c.source, p),
    startSession: async (spec) => {
      specs.push(spec);
      const handle = new FakeSessionHandle();
      handles.push(handle);
      return { handle, engine: spec.protocol === 'rdp' ? 'fake-rdp' : 'fake-spice' };
    },
    checkPin: async () => pinResult,
    powerOff: async () => {
      powerOffs.push(Date.now());
    },
    rememberBroker: async (address) => {
      remembered.push(address);
      setPolicy({ ...input, brokerAddress: address });
    },
    terminal: { name: 'test-terminal', version: '0.0.0' },
    log: silentLogger,
    timers: {
      setTimeout: (fn, ms) => {
        const t = { fn, ms, cleared: false };
        timers.push(t);
        return t;
      },
      clearTimeout: (t) => {
        (t as { cleared: boolean }).cleared = true;
      },
    },
    ...overrides,
  };
  function setPolicy(next: PolicyInput) {
    policy = Policy.parse(next);
    for (const l of policyListeners) l(policy);
  }
  const core = createCore(deps);
  core.onView((v) => views.push(v));
  return {
    core,
    deps,
    views,
    handles,
    specs,
    timers,
    powerOffs,
    remembered,
    saved,
    setPolicy,
    setPin: (r: PinCheck) => (pinResult = r),
    view: () => core.handlers.getView({}) as ShellView,
    screen: () => (core.handlers.getView({}) as ShellView).screen,
    /** Fires the newest pending timer (the "session ended" countdown). */
    async fireTimer() {
      const t = timers.filter((x) => !x.cleared).pop();
      if (!t) throw new Error('no pending timer');
      t.cleared = true;
      t.fn();
      await flush();
    },
  };
}

export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
}
