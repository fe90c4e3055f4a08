import type { NativeApi, NativeSession } from './native-api.ts';
import { parseRequest, type StartRequest, type WorkerErrorKind, type WorkerMessage, type WorkerRequest } from './protocol.ts';

/** ts_session_free waits up to 2 s for a session thread stuck in FreeRDP; we wait a little longer. */
const FREE_BOUND_MS = 2500;
/** After the parent went away: how long an orderly disconnect may take before we just exit. */
const SHUTDOWN_BOUND_MS = 3000;

const within = (work: Promise<unknown>, ms: number) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    void work.catch(() => undefined).finally(() => (clearTimeout(timer), resolve()));
  });

/**
 * The worker's side of the protocol for its one session: answers requests, and runs the state
 * loop, which blocks in ts_session_wait on a koffi thread and sends one `state` message per
 * change. When the session has ended (or could not start) it frees the library's session and
 * calls `finished` (the worker then exits).
 */
export class SessionRunner {
  #session: NativeSession | undefined;
  #loop: Promise<void> | undefined;
  #freeing = false;
  #finishing = false;

  constructor(
    private readonly api: NativeApi,
    private readonly send: (message: WorkerMessage) => void,
    private readonly finished: () => void,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  handle(raw: unknown): void {
    const parsed = parseRequest(raw);
    if (!parsed.ok) {
      this.log(`thinshell-rdp-worker: malformed request: ${parsed.problem}`);
      if (parsed.seq !== undefined) this.#error(parsed.seq, 'bad-request', parsed.problem);
      return;
    }
    void this.#dispatch(parsed.request).catch((err: unknown) => this.#error(parsed.request.seq, 'internal', (err as Error).message ?? String(err)));
  }

  async #dispatch(request: WorkerRequest): Promise<void> {
    switch (request.type) {
      case 'start':
        return this.#start(request);
      case 'disconnect':
        return this.#disconnect(request.seq);
      case 'ping':
        return this.#ping(request.seq);
      default: {
        const never: never = request;
        throw new Error(`unhandled request ${JSON.stringify(never)}`);
      }
    }
  }

  async #start(request: StartRequest): Promise<void> {
    if (this.#session || this.#finishing) return this.#error(request.seq, 'state', 'the session was already started');
    let session: NativeSession;
    try {
      session = this.api.newSession();
    } catch (err) {
      this.#error(request.seq, 'library', (err as Error).message);
      return this.#finish();
    }
    this.#session = session;
    for (const [key, value] of Object.entries(request.settings)) {
      const refused = session.set(key, value);
      if (refused) {
        this.#error(request.seq, 'settings', refused);
        return this.#finish();
      }
    }
    for (const [password, set] of [
      [request.password, (b: Buffer) => session.setPassword(b)],
      [request.gatewayPassword, (b: Buffer) => session.setGatewayPassword(b)],
    ] as const) {
      if (password === undefined) continue;
      // A Buffer we can wipe once the library has its copy (the JS string we cannot wipe).
      const bytes = Buffer.from(password, 'utf8');
      const ok = set(bytes);
      bytes.fill(0);
      if (!ok) {
        this.#error(request.seq, 'settings', 'the library refused the password');
        return this.#finish();
      }
    }
    // A refused connect leaves the session FAILED with the library's reason: the loop reports it.
    await session.connect();
    this.send({ type: 'result', seq: request.seq });
    this.#loop = this.#stateLoop(session);
  }

  async #stateLoop(session: NativeSession): Promise<void> {
    try {
      for (;;) {
        const state = await session.wait(-1);
        this.send({ type: 'state', state, ...session.snapshot() });
        if (state === 'disconnected' || state === 'failed') break;
      }
    } catch (err) {
      this.send({ type: 'fatal', kind: 'library', message: `ts_session_wait failed: ${(err as Error).message}` });
    }
    await this.#finish();
  }

  async #disconnect(seq: number): Promise<void> {
    const session = this.#session;
    if (session && !this.#freeing) await session.disconnect();
    this.send({ type: 'result', seq });
    // Nothing was started: nothing will end by itself, so the worker is done now.
    if (!session) await this.#finish();
  }

  async #ping(seq: number): Promise<void> {
    const session = this.#session;
    // The probe takes the library's lock on a koffi thread: a deadlocked library never answers.
    const nativeState = session && !this.#freeing ? await session.probe() : undefined;
    this.send({ type: 'result', seq, ...(nativeState ? { nativeState } : {}) });
  }

  /** The parent is gone: end the session in order if we can, then exit. */
  async shutdown(): Promise<void> {
    const session = this.#session;
    if (session && !this.#freeing) {
      await within(session.disconnect(), SHUTDOWN_BOUND_MS);
      if (this.#loop) await within(this.#loop, SHUTDOWN_BOUND_MS);
    }
    await this.#finish();
  }

  async #finish(): Promise<void> {
    if (this.#finishing) return;
    this.#finishing = true;
    if (this.#session) {
      this.#freeing = true;
      await within(this.#session.free(), FREE_BOUND_MS);
    }
    this.finished();
  }

  #error(seq: number, kind: WorkerErrorKind, message: string): void {
    this.send({ type: 'error', seq, kind, message: message.slice(0, 2000) });
  }
}
