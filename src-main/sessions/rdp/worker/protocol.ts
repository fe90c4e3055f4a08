import { z } from 'zod';

/**
 * The protocol between the kiosk (parent) and one RDP session worker process, in the style of
 * Signal Desktop's worker protocol: discriminated unions checked by zod at both ends, every
 * request carries a `seq` its answer repeats, and errors cross as {kind, message} and are rebuilt
 * by kind. The parent only ever sees state changes: frames, input and timers stay in C.
 *
 * The password travels inside the `start` request over the IPC channel (a pipe or a Mojo port):
 * never on the worker's command line, in its environment, in a file or in a log.
 */

/** The library's ts_state values, by their index (thinshell_rdp.h). */
export const NATIVE_STATES = ['idle', 'connecting', 'connected', 'loggedOn', 'disconnected', 'failed'] as const;
export const NativeState = z.enum(NATIVE_STATES);
export type NativeState = z.infer<typeof NativeState>;

const Seq = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
/** Setting keys as ts_session_set knows them: short snake_case words. */
export const SettingKey = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/);
const Settings = z.record(SettingKey, z.string().max(4096)).refine((s) => Object.keys(s).length <= 64, 'too many settings');
/** FreeRDP keeps passwords as C strings: no NUL; 1024 bytes is far above any real one. */
const Password = z.string().max(1024).refine((p) => !p.includes('\0'), 'contains NUL');

export const StartRequest = z.object({ type: z.literal('start'), seq: Seq, settings: Settings, password: Password.optional(), gatewayPassword: Password.optional() }).strict();
export const DisconnectRequest = z.object({ type: z.literal('disconnect'), seq: Seq }).strict();
/** The watchdog's probe: answered only after a call into the library came back (see session-runner.ts). */
export const PingRequest = z.object({ type: z.literal('ping'), seq: Seq }).strict();
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

const Text = z.string().max(2048);

export const ResultMessage = z.object({ type: z.literal('result'), seq: Seq, nativeState: NativeState.optional() }).strict();
export const ErrorMessage = z.object({ type: z.literal('error'), seq: Seq, kind: WorkerErrorKind, message: Text }).strict();
/** Sent once the library is loaded: only then does the parent send `start`. */
export const ReadyMessage = z.object({ type: z.literal('ready'), version: z.string().max(200) }).strict();
/** The worker cannot go on (library missing or broken); it exits after this. */
export const FatalMessage = z.object({ type: z.literal('fatal'), kind: WorkerErrorKind, message: Text }).strict();
/** One state change of the session, with what the library says about it at that moment. */
export const StateMessage = z
  .object({
    type: z.literal('state'),
    state: NativeState,
    /** freerdp_get_last_error: class << 16 | code (see native/errors.ts). */
    lastError: z.number().int().min(0).max(0xffffffff),
    lastErrorText: Text,
    /** ts_error_kind (thinshell_rdp.h). */
    errorKind: z.number().int().min(0).max(255),
    /** ts_session_end_reason: -1 while not ended, 0 user, 1 server, 2 logged off, 3 network. */
    endReason: z.number().int().min(-1).max(255),
  })
  .strict();
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
export function describeIssues(error: z.ZodError): string {
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
