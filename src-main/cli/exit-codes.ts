/** Exit codes of `thinshell`, the same for every command (documented in README.md and --help). */
export const ExitCode = {
  ok: 0,
  /** The input (a policy file, a PIN) is invalid; the output says what and where. */
  invalid: 1,
  /** The command line is wrong: unknown command or option, missing argument. */
  usage: 2,
  /** A named file does not exist or cannot be read. */
  unreadable: 3,
  /** `discover`: no source found a broker (the kiosk would show first-run setup). */
  nothingFound: 4,
  /** `connect`: why the session did not log on, one code per kind (see connectExitCodes). */
  authFailed: 10,
  passwordExpired: 11,
  accountLocked: 12,
  unreachable: 13,
  dns: 14,
  certificate: 15,
  gateway: 16,
  serverFull: 17,
  loggedOff: 18,
  timeout: 19,
  engineMissing: 20,
  sessionFailed: 21,
  /** `desktops`: the broker answered something thinshell cannot use. */
  brokerBadReply: 22,
  /** `desktops`: a second factor is needed and none (or none usable) was given. */
  secondFactor: 23,
  /** A bug or an unexpected failure (EX_SOFTWARE). */
  internal: 70,
  /** Interrupted (Ctrl+C): the session was ended first. */
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export const exitCodeWords: readonly [ExitCode, string][] = [
  [ExitCode.ok, 'success'],
  [ExitCode.invalid, 'input invalid (the problems are printed)'],
  [ExitCode.usage, 'usage error (unknown command or option, missing argument)'],
  [ExitCode.unreadable, 'a file does not exist or cannot be read'],
  [ExitCode.nothingFound, 'discover: no broker found (the kiosk would show first-run setup)'],
  [ExitCode.internal, 'internal error (set THINSHELL_DEBUG=1 for details)'],
];

/** A failure meant for the user: its message is printed as is, without a stack trace. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
  }
}
