import { discardWorker, type WorkerProcess } from './worker-process.ts';

/**
 * At most one session worker started ahead of the click (the shell asks for it when the desktop
 * picker shows): node is up and the library loaded by the time the user picks a desktop, so the
 * ~0.1-0.2 s that costs is not spent between the click and the desktop. A spare holds no
 * credentials (the password comes with `start`, which only a session sends) and serves one
 * session only: after it a worker exits, and the next picker gets a new one. It is ended on
 * sign-out (`release`), and whenever it cannot serve (it died, or the display changed).
 */
export class SpareWorker {
  #slot: Promise<WorkerProcess | undefined> | undefined;

  constructor(
    private readonly launch: (display: string | undefined) => Promise<WorkerProcess>,
    private readonly graceMs = 3000,
  ) {}

  /** Have one ready for `display`; resolves true once it has said ready. Never throws. */
  prepare(display: string | undefined): Promise<boolean> {
    const previous = this.#slot;
    const slot = (async () => {
      const current = await previous;
      if (current?.alive && current.display === display) return current;
      if (current) void discardWorker(current, this.graceMs);
      return this.launch(display).catch(() => undefined);
    })();
    this.#slot = slot;
    return slot.then((w) => (w ? w.ready : false));
  }

  /** The spare, if there is one that can serve a session on `display`; it is no longer the spare. */
  async take(display: string | undefined): Promise<WorkerProcess | undefined> {
    const slot = this.#slot;
    this.#slot = undefined;
    const worker = await slot;
    if (!worker) return undefined;
    if (worker.alive && worker.display === display) return worker;
    void discardWorker(worker, this.graceMs);
    return undefined;
  }

  /** Ends the spare, if any (sign-out, shutdown). */
  async release(): Promise<void> {
    const slot = this.#slot;
    this.#slot = undefined;
    const worker = await slot;
    if (worker) await discardWorker(worker, this.graceMs);
  }
}
