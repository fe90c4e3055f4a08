import { describeIssues, parseMessage, WorkerError, WorkerRequest, type StateMessage, type WorkerErrorKind, type WorkerMessage } from './protocol.ts';
import type { WorkerTransport } from './transport.ts';

type Body<T> = T extends unknown ? Omit<T, 'seq'> : never;
export type RequestBody = Body<WorkerRequest>;
export type Result = Extract<WorkerMessage, { type: 'result' }>;

export interface WorkerEvents {
  onReady(version: string): void;
  onState(state: StateMessage): void;
  onFatal(kind: WorkerErrorKind, message: string): void;
  /** The worker sent something outside the protocol: it cannot be trusted any more. */
  onProtocolError(problem: string): void;
}

/**
 * The parent's side of the protocol: numbers requests, matches answers by seq, rebuilds errors
 * by kind, validates everything that comes in. When the worker goes away every open request
 * fails with kind `crashed`.
 */
export class WorkerClient {
  #seq = 0;
  readonly #pending = new Map<number, { resolve: (r: Result) => void; reject: (e: WorkerError) => void }>();
  #gone = false;

  constructor(
    private readonly transport: WorkerTransport,
    private readonly events: WorkerEvents,
  ) {
    transport.onMessage((raw) => this.#receive(raw));
    void transport.exited.then(() => {
      this.#gone = true;
      for (const [, p] of this.#pending) p.reject(new WorkerError('crashed', 'the session process went away'));
      this.#pending.clear();
    });
  }

  request(body: RequestBody): Promise<Result> {
    const seq = ++this.#seq;
    const checked = WorkerRequest.safeParse({ ...body, seq });
    // Our own bug, caught before it crosses: the problem names paths, never values (the password).
    if (!checked.success) return Promise.reject(new WorkerError('bad-request', describeIssues(checked.error)));
    if (this.#gone) return Promise.reject(new WorkerError('crashed', 'the session process is gone'));
    return new Promise<Result>((resolve, reject) => {
      this.#pending.set(seq, { resolve, reject });
      if (!this.transport.send(checked.data)) {
        this.#pending.delete(seq);
        reject(new WorkerError('crashed', 'the session process is gone'));
      }
    });
  }

  #receive(raw: unknown): void {
    const parsed = parseMessage(raw);
    if (!parsed.ok) {
      this.#call(() => this.events.onProtocolError(parsed.problem));
      return;
    }
    const message = parsed.message;
    switch (message.type) {
      case 'result':
      case 'error': {
        const pending = this.#pending.get(message.seq);
        if (!pending) {
          this.#call(() => this.events.onProtocolError(`an answer to unknown request ${message.seq}`));
          return;
        }
        this.#pending.delete(message.seq);
        if (message.type === 'result') pending.resolve(message);
        else pending.reject(new WorkerError(message.kind, message.message));
        return;
      }
      case 'ready':
        this.#call(() => this.events.onReady(message.version));
        return;
      case 'state':
        this.#call(() => this.events.onState(message));
        return;
      case 'fatal':
        this.#call(() => this.events.onFatal(message.kind, message.message));
        return;
      default: {
        const never: never = message;
        throw new Error(`unhandled worker message ${JSON.stringify(never)}`);
      }
    }
  }

  #call(fn: () => void): void {
    try {
      fn();
    } catch {
      /* a listener's bug is its own; the protocol goes on */
    }
  }
}
