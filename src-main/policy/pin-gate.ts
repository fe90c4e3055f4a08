import { verifyPin } from './pin.ts';

export interface PinGateOptions {
  /** The current hash (policy may change it at any time); undefined means no PIN is set. */
  hash: () => string | undefined;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
  /** Wrong PINs allowed before the first lockout (default 5). */
  freeTries?: number;
  /** Length of the first lockout (default 60 s); each further wrong PIN doubles it. */
  lockMs?: number;
  /** Upper bound of a lockout (default 1 h). */
  maxLockMs?: number;
}

export type PinResult =
  | { ok: true }
  | { ok: false; reason: 'no-pin' }
  | { ok: false; reason: 'wrong'; triesLeft: number; lockedForMs: number }
  | { ok: false; reason: 'locked'; retryInMs: number };

/**
 * Guards the admin unlock. After `freeTries` wrong PINs the gate locks for `lockMs`; once it
 * opens again, every further wrong PIN locks it at once for twice as long as before (the way
 * phones do it), so guessing a 4-digit PIN at the terminal takes days. A right PIN resets the
 * count. The lockout is computed from timestamps: no timers run. It is kept in memory only.
 */
export class PinGate {
  readonly #hash: () => string | undefined;
  readonly #now: () => number;
  readonly #freeTries: number;
  readonly #lockMs: number;
  readonly #maxLockMs: number;
  #failures = 0;
  #lockedUntil = 0;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: PinGateOptions) {
    this.#hash = options.hash;
    this.#now = options.now ?? Date.now;
    this.#freeTries = options.freeTries ?? 5;
    this.#lockMs = options.lockMs ?? 60_000;
    this.#maxLockMs = options.maxLockMs ?? 3_600_000;
  }

  /** Milliseconds until the next attempt is accepted (0: now). */
  retryInMs(): number {
    return Math.max(0, this.#lockedUntil - this.#now());
  }

  /** Checks one attempt. Attempts run one at a time so parallel guesses cannot skip the count. */
  check(pin: string): Promise<PinResult> {
    const run = this.#queue.then(() => this.#check(pin));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #check(pin: string): Promise<PinResult> {
    const hash = this.#hash();
    if (!hash) return { ok: false, reason: 'no-pin' };
    const wait = this.retryInMs();
    if (wait > 0) return { ok: false, reason: 'locked', retryInMs: wait };
    if (await verifyPin(pin, hash)) {
      this.#failures = 0;
      this.#lockedUntil = 0;
      return { ok: true };
    }
    this.#failures += 1;
    const over = this.#failures - this.#freeTries;
    let lockedForMs = 0;
    if (over >= 0) {
      lockedForMs = Math.min(this.#maxLockMs, this.#lockMs * 2 ** Math.min(over, 30));
      this.#lockedUntil = this.#now() + lockedForMs;
    }
    return { ok: false, reason: 'wrong', triesLeft: Math.max(0, -over), lockedForMs };
  }
}
