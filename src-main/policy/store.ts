import type { AdminSettingKey, AdminSettings, AdminView, PolicyLayerStatus } from '../contract/index.ts';
import { adminSettingsInLayer, adminSettingsOf, withoutAdminKeys } from './admin-keys.ts';
import type { FileLayerName } from './layer-check.ts';
import { readLayerFile } from './layer-file.ts';
import { saveLocalLayer } from './local-save.ts';
import { deepFreeze, deepMerge } from './merge.ts';
import { formatProblem } from './problem.ts';
import { defaultPolicy, Policy } from './schema.ts';
import { watchFile } from './watch-file.ts';

export interface PolicyStoreOptions {
  /** The policy shipped in the system image. */
  imagePath?: string;
  /** The policy delivered by central management (a plain file for now). */
  managedPath?: string;
  /** What the local admin set at the terminal (written by `saveLocal`). */
  localPath?: string;
  /** Follow the files with fs.watch and emit changes (default true). `close()` stops it. */
  watch?: boolean;
  /** Quiet time after the last file event before a layer is re-read (default 100 ms). */
  debounceMs?: number;
}

export const defaultPolicyPaths = {
  imagePath: '/etc/thinshell/policy.json',
  managedPath: '/var/lib/thinshell/managed-policy.json',
  localPath: '/var/lib/thinshell/local-policy.json',
} as const;

interface LayerState {
  file: string;
  status: PolicyLayerStatus['status'];
  /** The last version that checked out: stays in force while the file is invalid. */
  good: Record<string, unknown>;
  errors: string[];
}

const layerOrder: FileLayerName[] = ['image', 'managed', 'local'];
type Listener<T> = (value: T) => void;

/**
 * The terminal's policy: built-in defaults, then the image file, the managed file and the local
 * admin file, each validated on its own, merged in that order. A layer that turns invalid keeps
 * its last good version in force and reports why; keys locked by image or managed policy are
 * ignored in the local layer. Change events come from fs.watch, never from polling.
 */
export class PolicyStore {
  readonly #layers: Record<FileLayerName, LayerState>;
  readonly #listeners = new Set<Listener<Policy>>();
  readonly #statusListeners = new Set<Listener<PolicyLayerStatus[]>>();
  readonly #watchers: { close(): void }[] = [];
  readonly #timers = new Map<FileLayerName, NodeJS.Timeout>();
  readonly #debounceMs: number;
  #effective: Policy = defaultPolicy;
  #locked: AdminSettingKey[] = [];
  #localNotes: string[] = [];
  #queue: Promise<void> = Promise.resolve();
  #closed = false;

  private constructor(options: PolicyStoreOptions) {
    const state = (file: string | undefined, fallback: string): LayerState => ({ file: file ?? fallback, status: 'absent', good: {}, errors: [] });
    this.#layers = {
      image: state(options.imagePath, defaultPolicyPaths.imagePath),
      managed: state(options.managedPath, defaultPolicyPaths.managedPath),
      local: state(options.localPath, defaultPolicyPaths.localPath),
    };
    this.#debounceMs = options.debounceMs ?? 100;
  }

  /** Reads every layer, then (unless `watch: false`) follows the files. */
  static async open(options: PolicyStoreOptions = {}): Promise<PolicyStore> {
    const store = new PolicyStore(options);
    for (const layer of layerOrder) await store.#read(layer);
    store.#recompute();
    if (options.watch !== false) store.#watch();
    return store;
  }

  /** The effective policy: every layer merged and validated. Frozen: policy is read-only. */
  policy(): Policy {
    return this.#effective;
  }

  layers(): PolicyLayerStatus[] {
    const defaults: PolicyLayerStatus = { layer: 'defaults', source: 'built-in', status: 'ok' };
    return [
      defaults,
      ...layerOrder.map((layer) => {
        const s = this.#layers[layer];
        const notes = layer === 'local' ? [...s.errors, ...this.#localNotes] : s.errors;
        return { layer, source: s.file, status: s.status, ...(notes.length ? { error: notes.join('\n') } : {}) };
      }),
    ];
  }

  /** Admin settings the local layer may not change. */
  locked(): AdminSettingKey[] {
    return [...this.#locked];
  }

  adminView(): AdminView {
    return {
      effective: adminSettingsOf(this.#effective),
      local: adminSettingsInLayer(this.#layers.local.good),
      locked: this.locked(),
      layers: this.layers(),
    };
  }

  /** Replaces the local layer with these settings (atomically); refuses locked keys. */
  async saveLocal(settings: AdminSettings): Promise<AdminView> {
    await saveLocalLayer(this.#layers.local.file, settings, this.#locked);
    await this.#enqueue(['local']);
    return this.adminView();
  }

  /** Re-reads the files now (the watch does this by itself). */
  async reload(): Promise<void> {
    await this.#enqueue(layerOrder);
  }

  /** Called with the new effective policy whenever it changes. Returns an unsubscribe function. */
  onChange(listener: Listener<Policy>): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Called when any layer's status (ok, absent, invalid, notes) changes. */
  onLayers(listener: Listener<PolicyLayerStatus[]>): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  /** Stops watching; pending re-reads are dropped. The process may exit after this. */
  close(): void {
    this.#closed = true;
    for (const w of this.#watchers.splice(0)) w.close();
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
  }

  #watch(): void {
    for (const layer of layerOrder) {
      this.#watchers.push(watchFile(this.#layers[layer].file, () => this.#schedule(layer)));
    }
  }

  #schedule(layer: FileLayerName): void {
    if (this.#closed) return;
    clearTimeout(this.#timers.get(layer));
    this.#timers.set(
      layer,
      setTimeout(() => {
        this.#timers.delete(layer);
        if (!this.#closed) this.#enqueue([layer]).catch(() => undefined);
      }, this.#debounceMs),
    );
  }

  /** Re-reads run one after another, so two overlapping saves cannot interleave. */
  #enqueue(layers: FileLayerName[]): Promise<void> {
    const run = this.#queue.then(async () => {
      const before = JSON.stringify(this.layers());
      const effectiveBefore = JSON.stringify(this.#effective);
      for (const layer of layers) await this.#read(layer);
      this.#recompute();
      if (JSON.stringify(this.#effective) !== effectiveBefore) this.#emit(this.#listeners, this.#effective);
      if (JSON.stringify(this.layers()) !== before) this.#emit(this.#statusListeners, this.layers());
    });
    this.#queue = run.catch(() => undefined); // a failed run must not stop the ones after it
    return run;
  }

  #emit<T>(listeners: Set<Listener<T>>, value: T): void {
    for (const listener of listeners) {
      try {
        listener(value);
      } catch {
        // One broken listener must not stop the others or the store.
      }
    }
  }

  async #read(layer: FileLayerName): Promise<void> {
    const s = this.#layers[layer];
    const read = await readLayerFile(s.file, layer);
    s.status = read.status;
    if (read.status === 'invalid') {
      s.errors = read.problems.map(formatProblem);
      return; // s.good stays: the last known good version remains in force
    }
    s.errors = [];
    s.good = read.status === 'ok' ? read.data : {};
  }

  /** Merges the layers; the local one without the keys that image or managed policy locked. */
  #recompute(): void {
    const base = deepMerge(deepMerge(defaultPolicy, this.#layers.image.good), this.#layers.managed.good);
    const baseParsed = Policy.safeParse(base);
    this.#locked = baseParsed.success ? [...new Set(baseParsed.data.locked)] : [];
    const localSettings = adminSettingsInLayer(this.#layers.local.good);
    const ignored = this.#locked.filter((key) => localSettings[key] !== undefined);
    this.#localNotes = ignored.map((key) => `${this.#layers.local.file}: ${key}: locked by policy; the local value is ignored`);
    const local = withoutAdminKeys(this.#layers.local.good, ignored);
    const merged = Policy.safeParse(deepMerge(base, local));
    // Each layer is valid on its own, so this fails only if layers conflict; keep what we had.
    if (merged.success) this.#effective = deepFreeze(merged.data);
  }
}
