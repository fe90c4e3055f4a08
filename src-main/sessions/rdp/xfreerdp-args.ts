import { hasControlCharacters, hostArgument } from '../input-checks.ts';
import type { RdpConnection } from '../types.ts';

/**
 * The argv of xfreerdp (FreeRDP 2.11) for one connection. The password never goes here: it is
 * read from stdin (`/from-stdin:force`), because argv is world-readable in /proc/PID/cmdline.
 */

/** Debug output of exactly the modules whose lines tell us the session's state (see xfreerdp-lines.ts). */
export const XFREERDP_LOG_FILTERS = [
  'com.freerdp.core.connection:DEBUG', // CONNECTION_STATE_* transitions: ACTIVE = connected
  'com.freerdp.core.info:DEBUG', // Save Session Info PDU: the server says the user is logged on
  'com.freerdp.core.update:DEBUG', // SurfaceFrameMarker: the first frame of the desktop
].join(',');

/** FreeRDP's passphrase buffer is 512 bytes including the terminator. */
const MAX_PASSWORD_BYTES = 511;

/** A SHA-256 fingerprint as xfreerdp compares it: lower-case hex pairs joined by ':'. */
export function normaliseFingerprint(input: string): string | undefined {
  const hex = input.trim().replace(/^sha256:/i, '').replace(/:/g, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) return undefined;
  return hex.match(/../g)!.join(':');
}

/** Why this connection cannot be attempted, in words for the admin; undefined when it can. */
export function invalidRdpConnection(spec: RdpConnection): string | undefined {
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
    // One line on stdin carries the password: a line break would cut it short.
    if (/[\r\n\0]/.test(pw)) return 'the password contains a line break or NUL, which xfreerdp cannot read';
    if (Buffer.byteLength(pw, 'utf8') > MAX_PASSWORD_BYTES) return `the password is longer than ${MAX_PASSWORD_BYTES} bytes`;
    if (!spec.username) return 'a password without a user name';
  }
  if (spec.certificate.mode === 'pin') {
    if (spec.certificate.fingerprints.length === 0) return 'certificate pinning without any fingerprint';
    const bad = spec.certificate.fingerprints.find((f) => !normaliseFingerprint(f));
    if (bad !== undefined) return `not a SHA-256 fingerprint: ${JSON.stringify(bad.slice(0, 120))}`;
  }
  return undefined;
}

function certificateArgument(spec: RdpConnection): string {
  switch (spec.certificate.mode) {
    case 'ignore':
      return '/cert:ignore';
    case 'system':
      // deny: never prompt (nobody could answer), fail unless the system CAs verify it.
      return '/cert:deny';
    case 'pin': {
      // xfreerdp accepts a listed fingerprint OR a certificate the CAs verify; the engine also
      // empties the CA store for pinned connections (see xfreerdp-engine.ts) so only the pins count.
      const pins = spec.certificate.fingerprints.map((f) => `fingerprint:sha256:${normaliseFingerprint(f)}`);
      return `/cert:deny,${pins.join(',')}`;
    }
    default: {
      const never: never = spec.certificate.mode;
      throw new Error(`unknown certificate mode ${String(never)}`);
    }
  }
}

/** Call invalidRdpConnection first: this assumes a valid connection. */
export function xfreerdpArgs(spec: RdpConnection): string[] {
  const args = [`/v:${hostArgument(spec.host)}`, `/port:${spec.port}`];
  if (spec.username) args.push(`/u:${spec.username}`);
  if (spec.domain) args.push(`/d:${spec.domain}`);
  if (spec.password) args.push('/from-stdin:force');
  if (spec.security !== 'auto') args.push(`/sec:${spec.security}`);
  args.push(certificateArgument(spec));
  // -grab-keyboard: xfreerdp's active keyboard grab would swallow the shell's session hotkey (a
  // passive X grab). Nothing else is lost: the kiosk's openbox binds no keys, so every other key
  // still reaches the remote desktop (see resources/linux/README.md).
  args.push('/f', '-toggle-fullscreen', '-grab-keyboard', `/t:${spec.title}`, '/wm-class:thinshell-rdp');
  if (spec.multimon) args.push('/multimon');
  // Reconnecting is the shell's decision (policy session.reconnectAttempts), not the client's.
  args.push(spec.autoReconnect ? '+auto-reconnect' : '-auto-reconnect');
  args.push('/log-level:WARN', `/log-filters:${XFREERDP_LOG_FILTERS}`);
  return args;
}
