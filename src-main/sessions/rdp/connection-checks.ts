import { hasControlCharacters, hostArgument, isPort } from '../input-checks.ts';
import type { RdpConnection, RdpGateway } from '../types.ts';

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

/** The gateway the session goes through, if any: one in `never` usage is none at all. */
export function activeGateway(spec: RdpConnection): RdpGateway | undefined {
  return spec.gateway && spec.gateway.usage !== 'never' ? spec.gateway : undefined;
}

/**
 * Why this connection cannot be attempted, in words for the admin; undefined when it can. One
 * set of checks for every RDP engine (xfreerdp, native), with the engine's own limits.
 */
export function invalidRdpConnection(spec: RdpConnection, limits: RdpLimits): string | undefined {
  if (!hostArgument(spec.host)) return `not a host name or IP address: ${JSON.stringify(spec.host.slice(0, 80))}`;
  if (!isPort(spec.port)) return `not a port number: ${spec.port}`;
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
  const optional = invalidOptionalParts(spec, limits);
  if (optional) return optional;
  if (spec.certificate.mode === 'pin') {
    const pins = spec.certificate.fingerprints;
    if (pins.length === 0) return 'certificate pinning without any fingerprint';
    if (limits.maxPins !== undefined && pins.length > limits.maxPins) return `more than ${limits.maxPins} pinned fingerprints`;
    const bad = pins.find((f) => !normaliseFingerprint(f));
    if (bad !== undefined) return `not a SHA-256 fingerprint: ${JSON.stringify(bad.slice(0, 120))}`;
  }
  return undefined;
}

/** FreeRDP's scaling factors (its desktop scale settings take no others). */
const SCALES = [100, 140, 180];

/** Gateway, RemoteApp, display, redirections and USB: values both engines can carry whole. */
function invalidOptionalParts(spec: RdpConnection, limits: RdpLimits): string | undefined {
  const gw = spec.gateway;
  if (gw) {
    if (!hostArgument(gw.host)) return `the gateway is not a host name or IP address: ${JSON.stringify(gw.host.slice(0, 80))}`;
    if (!isPort(gw.port)) return `not a gateway port number: ${gw.port}`;
    const pw = gw.password?.reveal();
    if (pw?.includes('\0')) return 'the gateway password contains a NUL character';
    if (pw !== undefined && Buffer.byteLength(pw, 'utf8') > limits.maxPasswordBytes) return `the gateway password is longer than ${limits.maxPasswordBytes} bytes`;
  }
  const texts: [string, string | undefined][] = [
    ['gateway user name', gw?.username],
    ['gateway domain', gw?.domain],
    ['RemoteApp program', spec.remoteApp?.program],
    ['RemoteApp name', spec.remoteApp?.name],
    ['RemoteApp command line', spec.remoteApp?.cmdline],
    ['load-balance info', spec.loadBalanceInfo],
  ];
  for (const [name, value] of texts) {
    if (value !== undefined && (hasControlCharacters(value) || value.length > 1024)) return `the ${name} has control characters or is too long`;
  }
  if (spec.remoteApp && !spec.remoteApp.program) return 'a RemoteApp without a program';
  const d = spec.display;
  if (d) {
    const size = (n: number | undefined) => n === undefined || (Number.isInteger(n) && n >= 200 && n <= 8192);
    if (!size(d.width) || !size(d.height)) return 'a display size outside 200-8192 pixels';
    if (d.monitors?.some((m) => !Number.isInteger(m) || m < 0 || m > 15)) return 'a monitor number outside 0-15';
    if (d.scalePercent !== undefined && !SCALES.includes(d.scalePercent)) return `a scale other than ${SCALES.join(', ')} %`;
  }
  // Drive and USB lists are joined with these characters on the way to FreeRDP.
  for (const drive of spec.redirect?.drives ?? []) {
    if (!/^[A-Za-z0-9 _-]{1,32}$/.test(drive.name)) return `not a drive name: ${JSON.stringify(drive.name.slice(0, 40))}`;
    if (!drive.path.startsWith('/') || /[,=;]/.test(drive.path) || hasControlCharacters(drive.path)) return `not a usable drive path: ${JSON.stringify(drive.path.slice(0, 80))}`;
  }
  const badUsb = spec.usb?.find((e) => !/^[A-Za-z0-9,:#]{1,512}$/.test(e));
  if (badUsb !== undefined) return `not a USB redirection entry: ${JSON.stringify(badUsb.slice(0, 80))}`;
  return undefined;
}
