import * as z from 'zod/mini';

/**
 * The protocol between the kiosk (parent) and one RDP session worker process, in the style of
 * Signal Desktop's worker protocol: discriminated unions checked by zod at both ends, every
 * request carries a `seq` its answer repeats, and errors cross as {kind, message} and are rebuilt
 * by kind. The parent only ever sees state changes: frames, input and timers stay in C.
 *
 * The password travels inside the `start` request over the IPC channel (a pipe or a Mojo port):
 * never on the worker's command line, in its environment, in a file or in a log.
 *
 * zod/mini, not zod: the worker bundles this file, and the full zod (its chaining API and every
 * locale, ~750 KB) cost each session process ~50 ms of start-up and ~5 MiB of V8 heap. The checks
 * are the same; only the spelling differs (z.optional(x), x.check(...)).
 */

/** The library's ts_state values, by their index (thinshell_rdp.h). */
export const NATIVE_STATES = ['idle', 'connecting', 'connected', 'loggedOn', 'disconnected', 'failed'] as const;
export const NativeState = z.enum(NATIVE_STATES);
export type NativeState = z.infer<typeof NativeState>;

const Seq = z.int().check(z.minimum(1), z.maximum(Number.MAX_SAFE_INTEGER));
/** Setting keys as ts_session_set knows them: short snake_case words. */
export const SettingKey = z.string().check(z.regex(/^[a-z][a-z0-9_]{0,31}$/));
const Settings = z.record(SettingKey, z.string().check(z.maxLength(4096))).check(z.refine((s) => Object.keys(s).length <= 64, 'too many settings'));
/** FreeRDP keeps passwords as C strings: no NUL; 1024 bytes is far above any real one. */
const Password = z.string().check(z.maxLength(1024), z.refine((p) => !p.includes('\0'), 'contains NUL'));

export const StartRequest = z.strictObject({ type: z.literal('start'), seq: Seq, settings: Settings, password: z.optional(Password), gatewayPassword: z.optional(Password) });
export const DisconnectRequest = z.strictObject({ type: z.literal('disconnect'), seq: Seq });
/** The watchdog's probe: answered only after a call into the library came back (see session-runner.ts). */
export const PingRequest = z.strictObject({ type: z.literal('ping'), seq: Seq });
export const WorkerRequest = z.discriminatedUnion('type', [StartRequest, DisconnectRequest, PingRequest]);
export type WorkerRequest = z.infer<typeof WorkerRequest>;
export type StartRequest = z.infer<typeof StartRequest>;

export const WorkerErrorKind = z.enum([
  'bad-request', // the request did not match the protocol
  'settings', // ts_session_set / set_password refused a value (the text names the key)
  'state', // not allowed now (a second start, disconnect before start)
  'library', // the library could not be loaded, or a call failed without saying why
  'crashed', // parent side only: the worker went away before it answered
  'internal',
]);
export type WorkerErrorKind = z.infer<typeof WorkerErrorKind>;

const Text = z.string().check(z.maxLength(2048));

export const ResultMessage = z.strictObject({ type: z.literal('result'), seq: Seq, nativeState: z.optional(NativeState) });
export const ErrorMessage = z.strictObject({ type: z.literal('error'), seq: Seq, kind: WorkerErrorKind, message: Text });
/** Sent once the library is loaded: only then does the parent send `start`. */
export const ReadyMessage = z.strictObject({ type: z.literal('ready'), version: z.string().check(z.maxLength(200)) });
/** The worker cannot go on (library missing or broken); it exits after this. */
export const FatalMessage = z.strictObject({ type: z.literal('fatal'), kind: WorkerErrorKind, message: Text });
/** One state change of the session, with what the library says about it at that moment. */
export const StateMessage = z.strictObject({
  type: z.literal('state'),
  state: NativeState,
  /** freerdp_get_last_error: class << 16 | code (see native/errors.ts). */
  lastError: z.int().check(z.minimum(0), z.maximum(0xffffffff)),
  lastErrorText: Text,
  /** ts_error_kind (thinshell_rdp.h). */
  errorKind: z.int().check(z.minimum(0), z.maximum(255)),
  /** ts_session_end_reason: -1 while not ended, 0 user, 1 server, 2 logged off, 3 network. */
  endReason: z.int().check(z.minimum(-1), z.maximum(255)),
});
export type StateMessage = z.infer<typeof StateMessage>;

export const WorkerMessage = z.discriminatedUnion('type', [ResultMessage, ErrorMessage, ReadyMessage, FatalMessage, StateMessage]);
export type WorkerMessage = z.infer<typeof WorkerMessage>;

/** An error from the other side, rebuilt by kind. */
export class WorkerError extends Error {
  override readonly name = 'WorkerError';
  constructor(
    readonly kind: WorkerErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/**
 * What is wrong with a message, by path and issue code only: never the values, which for a
 * `start` request include the password.
 */
export function describeIssues(error: z.core.$ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(message)'}: ${i.code}`)
    .join('; ');
}

/** The seq of a message that failed validation, when it has a usable one (to answer it). */
export function seqOf(message: unknown): number | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const seq = Seq.safeParse((message as { seq?: unknown }).seq);
  return seq.success ? seq.data : undefined;
}

export function parseRequest(message: unknown): { ok: true; request: WorkerRequest } | { ok: false; seq: number | undefined; problem: string } {
  const parsed = WorkerRequest.safeParse(message);
  if (parsed.success) return { ok: true, request: parsed.data };
  return { ok: false, seq: seqOf(message), problem: describeIssues(parsed.error) };
}

export function parseMessage(message: unknown): { ok: true; message: WorkerMessage } | { ok: false; problem: string } {
  const parsed = WorkerMessage.safeParse(message);
  if (parsed.success) return { ok: true, message: parsed.data };
  return { ok: false, problem: describeIssues(parsed.error) };
}
