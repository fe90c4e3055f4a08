import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { createCore } from './app/core.ts';
import type { Core } from './app/core-types.ts';
import type { ShellDeps } from './app/deps.ts';
import { createBroker } from './brokers/index.ts';
import { createLogger, type Logger } from './common/log.ts';
import { ShellError } from './contract/index.ts';
import { discoverBrokers, networkSources, type NetworkSources } from './discovery/sources.ts';
import { PinGate } from './policy/pin-gate.ts';
import { PolicyStore, type PolicyStoreOptions } from './policy/store.ts';
import type { Policy } from './policy/schema.ts';
import { createSessionLauncher, type LaunchOptions } from './sessions/launch.ts';
import { openUsbService, type OpenUsbOptions } from './usb/open-service.ts';

export interface ComposeOptions {
  /** Where the policy layers live (tests and the demo use their own files). */
  policy?: PolicyStoreOptions;
  /** The X display session windows go on; defaults to $DISPLAY. */
  display?: string;
  log?: Logger;
  version?: string;
  /** How the native RDP engine starts its worker (Electron: utilityProcess; default: fork). */
  native?: LaunchOptions['native'];
  /** The network discovery sources (DHCP, DNS, RD Web feed TXT, mDNS); default the real ones. */
  networkSources?: NetworkSources;
  /** USB: a monitor to use instead of node-usb (tests, screenshots), where choices are kept. */
  usb?: Pick<OpenUsbOptions, 'monitor' | 'choicesPath' | 'sysRoot'>;
}

/** Builds the real shell core from the real services: the one place they are wired together. */
export async function composeCore(options: ComposeOptions = {}): Promise<Core & { close(): void }> {
  const log = options.log ?? createLogger();
  const store = await PolicyStore.open(options.policy ?? policyPathsFromEnv());
  for (const layer of store.layers()) {
    if (layer.status === 'invalid') log.error('policy layer invalid; last good version in force', { layer: layer.layer, error: layer.error });
  }
  store.onLayers((layers) => {
    for (const layer of layers) if (layer.status === 'invalid') log.error('policy layer invalid', { layer: layer.layer, error: layer.error });
  });
  const pins = new PinGate({ hash: () => store.policy().kiosk.adminPinHash });
  const display = options.display ?? process.env.DISPLAY;
  const sessions = createSessionLauncher({
    log: log.child('session'),
    ...(display ? { display } : {}),
    ...(options.native ? { native: options.native } : {}),
  });
  const network = options.networkSources ?? networkSources();
  const usb = await openUsbService({ policy: () => store.policy(), log: log.child('usb'), ...options.usb });

  const deps: ShellDeps = {
    policy: {
      current: () => store.policy(),
      onChange: (l) => store.onChange(l),
      adminView: () => store.adminView(),
      saveLocal: (s) => store.saveLocal(s),
    },
    discover: async (policy, signal) => {
      const result = await discoverBrokers(policy, network, { signal });
      log.info('discovery', { reports: result.reports });
      // Junk in a lease or a record is a site's mistake worth a warning; absences are not.
      const problems = result.reports.flatMap((r) => (r.problems ?? []).map((p) => `${r.source}: ${p}`));
      if (problems.length) log.warn('discovery found values it cannot use', { problems });
      return result.candidates;
    },
    createBroker: (candidate, policy) => createBroker(candidate.config, candidate.source, policy, log.child('broker')),
    startSession: (spec, policy) => sessions.start(spec, policy),
    sessionSpare: sessions,
    checkPin: async (pin) => {
      const r = await pins.check(pin);
      if (r.ok) return { ok: true };
      if (r.reason === 'locked') return { ok: false, reason: 'locked-out', retryInSec: Math.ceil(r.retryInMs / 1000) };
      if (r.reason === 'wrong' && r.lockedForMs > 0) return { ok: false, reason: 'locked-out', retryInSec: Math.ceil(r.lockedForMs / 1000) };
      return { ok: false, reason: r.reason };
    },
    powerOff: (policy) => runPowerOff(policy, log),
    rememberBroker: async (address) => {
      await store.saveLocal({ brokerAddress: address });
      await store.reload();
    },
    usb: usb.service,
    terminal: { name: store.policy().terminal.name ?? hostname(), version: options.version ?? '0.1.0' },
    log: log.child('shell'),
  };
  const core = createCore(deps);
  const close = () => {
    usb.close();
    store.close();
  };
  return {
    ...core,
    async stop() {
      await core.stop();
      close();
    },
    close,
  };
}

/** Runs the policy's power-off argv directly (never through a shell) and waits for it. */
function runPowerOff(policy: Policy, log: Logger): Promise<void> {
  const [cmd, ...args] = policy.kiosk.powerOffCommand;
  if (!cmd) return Promise.reject(new ShellError('internal', 'no power-off command'));
  log.info('powering off', { cmd, args });
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'ignore' });
    child.on('error', (err) => reject(new ShellError('internal', `${cmd}: ${err.message}`)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new ShellError('internal', `${cmd} exited with ${code}`))));
  });
}

/** Policy file paths from the environment (set by the run command for the Electron host). */
export function policyPathsFromEnv(env: NodeJS.ProcessEnv = process.env): PolicyStoreOptions {
  return {
    ...(env.THINSHELL_POLICY ? { imagePath: env.THINSHELL_POLICY } : {}),
    ...(env.THINSHELL_MANAGED_POLICY ? { managedPath: env.THINSHELL_MANAGED_POLICY } : {}),
    ...(env.THINSHELL_LOCAL_POLICY ? { localPath: env.THINSHELL_LOCAL_POLICY } : {}),
  };
}
