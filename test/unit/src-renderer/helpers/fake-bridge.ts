import {
  dispatchCall,
  type Bridge,
  type CallName,
  type Reply,
  type ShellHandlers,
  type ShellView,
} from '../../../../src-main/contract/index.ts';

export interface RecordedCall {
  method: string;
  args: unknown;
}

type Handler = (args: never) => unknown;

/**
 * A Bridge (plain call and event names, as Electron's preload exposes it) whose far side is the
 * contract's REAL dispatcher over recording handlers: arguments
 * the renderer sends are validated by the same zod schemas main uses, so a renderer that sends
 * a wrong shape gets `invalid-argument` here exactly as it would from the real shell.
 */
export class FakeBridge implements Bridge {
  readonly calls: RecordedCall[] = [];
  readonly invoked: string[] = [];
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  private readonly overrides = new Map<string, Handler>();

  constructor(public view: ShellView) {}

  /** Makes one call do something else (return a value, or throw a ShellError). */
  handle<K extends CallName>(name: K, fn: ShellHandlers[K]): this {
    this.overrides.set(name, fn as Handler);
    return this;
  }

  async invoke(method: string, args: unknown): Promise<Reply> {
    this.invoked.push(method);
    const handlers = new Proxy({} as ShellHandlers, {
      get: (_t, prop: string) => (parsed: unknown) => {
        this.calls.push({ method: prop, args: parsed });
        const override = this.overrides.get(prop);
        if (override) return override(parsed as never);
        return prop === 'getView' ? this.view : null;
      },
    });
    return dispatchCall(handlers, method, args);
  }

  on(event: string, listener: (payload: unknown) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Pushes an event the way main would. */
  emit(event: string, payload: unknown): void {
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
  }

  callsOf(method: CallName): unknown[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }
}
