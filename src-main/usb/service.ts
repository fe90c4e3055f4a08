import type { Protocol, UsbAdminView, UsbView } from '../contract/index.ts';
import { ShellError } from '../contract/index.ts';
import type { Logger } from '../common/log.ts';
import type { Policy } from '../policy/schema.ts';
import type { UsbSettings } from '../policy/usb.ts';
import type { ChoiceScope, ChoiceStore } from './choices.ts';
import { choiceKey, type UsbDevice } from './device.ts';
import { decide } from './decide.ts';
import { liveDevices, runningSession, type RunningSession } from './live.ts';
import type { UsbMonitor } from './monitor.ts';
import { planSession, type UsbPlan } from './plan.ts';
import { planRdp } from './plan-rdp.ts';
import { planSpice } from './plan-spice.ts';
import { planDevices } from './planned.ts';
import { usbSettingsFor } from './settings.ts';
import { choosable, type UsbChoice } from './status.ts';
import { adminDeviceView, deviceView, settingsView } from './views.ts';

export interface UsbServiceOptions {
  monitor: UsbMonitor;
  policy: () => Policy;
  /** Where remembered choices live; absent: choices last for the visit only. */
  choices?: ChoiceStore;
  log: Logger;
}

/**
 * USB in the shell: the live devices, the policy's verdict on each, the user's choices (this
 * visit's, and remembered ones), the plan handed to the engine when a session starts, and what
 * happens to devices plugged in during it. The main process only lists and decides; the session
 * engine alone claims devices.
 */
export class UsbService {
  readonly #listeners = new Set<() => void>();
  readonly #offerListeners = new Set<(deviceId: string) => void>();
  /** This visit's choices by device key; they win over remembered ones and go with the visit. */
  readonly #visit = new Map<string, UsbChoice>();
  #brokerId: string | undefined;
  #user: { brokerId: string; user: string } | undefined;
  #session: RunningSession | undefined;
  #offer: string | undefined;
  #emitQueued = false;
  readonly #off: () => void;

  constructor(private readonly options: UsbServiceOptions) {
    this.#off = options.monitor.onChange((event) => this.#changed(event.kind, event.device));
  }

  /** The broker whose policy applies (sign-in screen), and the signed-in user, if any. */
  setContext(context: { brokerId?: string | undefined; user?: { brokerId: string; user: string } | undefined }): void {
    const before = `${this.#brokerId}|${this.#user?.brokerId}|${this.#user?.user}`;
    this.#brokerId = context.user?.brokerId ?? context.brokerId;
    this.#user = context.user;
    if (before !== `${this.#brokerId}|${this.#user?.brokerId}|${this.#user?.user}`) this.#emit();
    if (this.#user) void this.#persistVisit();
  }

  /** The end of a visit: this visit's choices and offers go; remembered ones stay. */
  endVisit(): void {
    this.#visit.clear();
    this.#offer = undefined;
    this.#user = undefined;
    this.#session = undefined;
    this.#emit();
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A device plugged in during a session waits for the user: the shell brings the panel up. */
  onOffer(listener: (deviceId: string) => void): () => void {
    this.#offerListeners.add(listener);
    return () => this.#offerListeners.delete(listener);
  }

  settings(brokerId = this.#brokerId): UsbSettings {
    return usbSettingsFor(this.options.policy().usb, brokerId);
  }

  /**
   * Called once per session start: decides the devices present and returns the engine's plan,
   * under the settings of `brokerId` (default: the broker signed in at).
   * A plan that cannot be made must not stop the session: it then runs with USB off.
   */
  sessionStarting(protocol: Protocol, brokerId?: string): UsbPlan {
    // The desktop's own broker (a member of a merged list) gets its usb.brokers override.
    const settings = this.settings(brokerId ?? this.#brokerId);
    const devices = this.options.monitor.list();
    let plan: UsbPlan;
    try {
      plan = planSession(protocol, devices, settings, this.#choices(settings));
    } catch (err) {
      this.options.log.warn('USB plan failed; the session gets no USB devices', { error: (err as Error).message });
      this.#session = undefined;
      return planSession(protocol, [], { ...settings, enabled: false }, new Map());
    }
    this.#session = runningSession(plan, settings, devices);
    this.#offer = undefined;
    const ids = plan.protocol === 'rdp' ? plan.rdp.atConnect : plan.spice.atConnect;
    this.options.log.info('USB plan for the session', {
      protocol,
      redirected: ids,
      ...(plan.protocol === 'rdp' ? { usb: plan.rdp.entries } : { filter: plan.spice.filter, redirectOnConnect: plan.spice.redirectOnConnect ?? null, autoshare: plan.spice.autoshare }),
    });
    this.#emit();
    return plan;
  }

  /** The session that started with `plan` is over; a later one (a quick reconnect) keeps its state. */
  sessionEnded(plan: UsbPlan): void {
    if (this.#session?.plan !== plan) return;
    this.#session = undefined;
    this.#offer = undefined;
    this.#emit();
  }

  dismissOffer(): void {
    if (this.#offer === undefined) return;
    this.#offer = undefined;
    this.#emit();
  }

  async choose(deviceId: string, choice: UsbChoice): Promise<void> {
    const device = this.options.monitor.list().find((d) => d.id === deviceId);
    if (!device) throw new ShellError('invalid-argument', `no USB device "${deviceId}"`);
    const settings = this.#session?.settings ?? this.settings();
    if (!choosable(decide(device, settings))) throw new ShellError('not-allowed-now', 'policy decides for this device');
    const key = choiceKey(device);
    this.#visit.set(key, choice);
    if (this.#offer === deviceId) this.#offer = undefined;
    this.options.log.info('USB choice', { device: deviceId, ids: key.slice(0, 9), choice, inSession: this.#session !== undefined });
    await this.#remember(settings, key, choice);
    this.#emit();
  }

  view(): UsbView {
    const monitor = this.options.monitor.status();
    const settings = this.#session?.settings ?? this.settings();
    const choices = this.#choices(settings);
    const remembered = this.#rememberedIds(settings);
    const devices = liveDevices(this.options.monitor.list(), settings, choices, this.#session);
    const session = this.#session;
    return {
      available: monitor.available,
      ...(monitor.reason ? { reason: monitor.reason } : {}),
      hotplug: monitor.hotplug,
      ...(session
        ? {
            session: {
              protocol: session.plan.protocol,
              engineTakesPlugIns: session.plan.protocol === 'rdp' ? session.plan.rdp.auto : session.plan.spice.autoshare,
            },
          }
        : {}),
      devices: devices.slice(0, 256).map((d) => deviceView(d, remembered)),
      ...(this.#offer && devices.some((d) => d.device.id === this.#offer) ? { offer: this.#offer } : {}),
    };
  }

  adminView(): UsbAdminView {
    const monitor = this.options.monitor.status();
    const settings = this.#session?.settings ?? this.settings();
    const choices = this.#choices(settings);
    const remembered = this.#rememberedIds(settings);
    const present = this.options.monitor.list();
    const devices = liveDevices(present, settings, choices, this.#session);
    const planned = planDevices(present, settings, choices);
    const rdp = planRdp(settings, planned, choices);
    const spice = planSpice(settings, planned, choices);
    return {
      monitor: { available: monitor.available, hotplug: monitor.hotplug, ...(monitor.reason ? { reason: monitor.reason } : {}), ...(monitor.detail ? { detail: monitor.detail } : {}) },
      ...(this.#brokerId ? { broker: this.#brokerId } : {}),
      settings: settingsView(settings),
      devices: devices.slice(0, 256).map((d) => adminDeviceView(d, remembered)),
      plans: {
        rdp: { entries: rdp.entries, auto: rdp.auto, notes: rdp.notes },
        spice: { enabled: spice.enabled, autoshare: spice.autoshare, filter: spice.filter, ...(spice.redirectOnConnect ? { redirectOnConnect: spice.redirectOnConnect } : {}), notes: spice.notes },
      },
      ...(this.#session ? { session: { protocol: this.#session.plan.protocol } } : {}),
    };
  }

  close(): void {
    this.#off();
    this.#listeners.clear();
    this.#offerListeners.clear();
  }

  #scope(settings: UsbSettings): ChoiceScope | undefined {
    if (settings.remember === 'terminal') return { kind: 'terminal' };
    if (settings.remember === 'user' && this.#user) return { kind: 'user', ...this.#user };
    return undefined;
  }

  /** Remembered choices (for the scope policy names), with this visit's on top. */
  #choices(settings: UsbSettings): Map<string, UsbChoice> {
    const scope = this.#scope(settings);
    const out = scope && this.options.choices ? this.options.choices.get(scope) : new Map<string, UsbChoice>();
    for (const [k, v] of this.#visit) out.set(k, v);
    return out;
  }

  #rememberedIds(settings: UsbSettings): Set<string> {
    const scope = this.#scope(settings);
    if (!scope || !this.options.choices) return new Set();
    const stored = this.options.choices.get(scope);
    return new Set(this.options.monitor.list().filter((d) => !this.#visit.has(choiceKey(d)) && stored.has(choiceKey(d))).map((d) => d.id));
  }

  async #remember(settings: UsbSettings, key: string, choice: UsbChoice): Promise<void> {
    const scope = this.#scope(settings);
    if (scope && this.options.choices) await this.options.choices.set(scope, key, choice);
  }

  /** Choices made on the sign-in screen are the user's once they have signed in. */
  async #persistVisit(): Promise<void> {
    const settings = this.settings();
    const scope = this.#scope(settings);
    if (!scope || scope.kind !== 'user' || !this.options.choices) return;
    for (const [key, choice] of this.#visit) await this.options.choices.set(scope, key, choice);
  }

  #changed(kind: 'attach' | 'detach', device: UsbDevice): void {
    const deviceId = device.id;
    const session = this.#session;
    if (kind === 'attach' && session) {
      const live = liveDevices([device], session.settings, this.#choices(session.settings), session)[0];
      if (live?.status === 'offered' && live.choice === undefined) {
        this.#offer = deviceId;
        for (const l of this.#offerListeners) l(deviceId);
      }
      this.options.log.info('USB device plugged in during the session', { device: deviceId, status: live?.status, byEngine: live?.byEngine });
    }
    if (kind === 'detach' && this.#offer === deviceId) this.#offer = undefined;
    this.#emit();
  }

  /** Many hotplug events in one tick (a hub with four devices) make one view. */
  #emit(): void {
    if (this.#emitQueued) return;
    this.#emitQueued = true;
    queueMicrotask(() => {
      this.#emitQueued = false;
      for (const l of this.#listeners) l();
    });
  }
}
