import { hasControlCharacters, hostArgument } from '../input-checks.ts';
import type { RdpConnection } from '../types.ts';

/** A SHA-256 fingerprint as both engines hand it on: lower-case hex pairs joined by ':'. */
export function normaliseFingerprint(input: string): string | undefined {
  const hex = input.trim().replace(/^sha256:/i, '').replace(/:/g, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) return undefined;
  return hex.match(/../g)!.join(':');
}

/** What an engine can carry of a password and of pins; each engine states its own limits. */
export interface RdpLimits {
  maxPasswordBytes: number;
  /** Why this password cannot be carried (e.g. a line break on a stdin line), if it cannot. */
  passwordProblem(password: string): string | undefined;
  maxPins?: number;
}

/**
 * Why this connection cannot be attempted, in words for the admin; undefined when it can. One
 * set of checks for every RDP engine (xfreerdp, native), with the engine's own limits.
 */
export function invalidRdpConnection(spec: RdpConnection, limits: RdpLimits): string | undefined {
  if (!hostArgument(spec.host)) return `not a host name or IP address: ${JSON.stringify(spec.host.slice(0, 80))}`;
  if (!Number.isInteger(spec.port) || spec.port < 1 || spec.port > 65535) return `not a port number: ${spec.port}`;
  for (const [name, value] of [
    ['user name', spec.username],
    ['domain', spec.domain],
    ['title', spec.title],
  ] as const) {
    if (value !== undefined && (hasControlCharacters(value) || value.length > 256)) return `the ${name} has control characters or is too long`;
  }
  if (spec.password) {
    const pw = spec.password.reveal();
    const problem = limits.passwordProblem(pw);
    if (problem) return problem;
    if (Buffer.byteLength(pw, 'utf8') > limits.maxPasswordBytes) return `the password is longer than ${limits.maxPasswordBytes} bytes`;
    if (!spec.username) return 'a password without a user name';
  }
  if (spec.certificate.mode === 'pin') {
    const pins = spec.certificate.fingerprints;
    if (pins.length === 0) return 'certificate pinning without any fingerprint';
    if (limits.maxPins !== undefined && pins.length > limits.maxPins) return `more than ${limits.maxPins} pinned fingerprints`;
    const bad = pins.find((f) => !normaliseFingerprint(f));
    if (bad !== undefined) return `not a SHA-256 fingerprint: ${JSON.stringify(bad.slice(0, 120))}`;
  }
  return undefined;
}
