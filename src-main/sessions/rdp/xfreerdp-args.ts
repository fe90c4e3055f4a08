import { hostArgument } from '../input-checks.ts';
import type { RdpConnection } from '../types.ts';
import { activeGateway, invalidRdpConnection, normaliseFingerprint, type RdpLimits } from './connection-checks.ts';

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

/** xfreerdp reads the password as one line on stdin, into a 512-byte buffer. */
const xfreerdpLimits: RdpLimits = {
  maxPasswordBytes: MAX_PASSWORD_BYTES,
  passwordProblem: (pw) =>
    // One line on stdin carries the password: a line break would cut it short.
    /[\r\n\0]/.test(pw) ? 'the password contains a line break or NUL, which xfreerdp cannot read' : undefined,
};

/** Why this connection cannot be attempted with xfreerdp; undefined when it can. */
export function invalidXfreerdpConnection(spec: RdpConnection): string | undefined {
  // xfreerdp reads one password from stdin; a second one could only go on its command line.
  if (activeGateway(spec)?.password) return 'xfreerdp cannot take a separate gateway password; use the native engine';
  // xfreerdp hands a gateway the session's credentials or prompts on stdin: it cannot give none.
  if (activeGateway(spec)?.credentials === 'none') return 'xfreerdp cannot keep the session credentials from the gateway; use the native engine';
  return invalidRdpConnection(spec, xfreerdpLimits);
}

export { normaliseFingerprint };

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

/** Call invalidXfreerdpConnection first: this assumes a valid connection. */
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
  args.push(...optionalArgs(spec));
  // Reconnecting is the shell's decision (policy session.reconnectAttempts), not the client's.
  args.push(spec.autoReconnect ? '+auto-reconnect' : '-auto-reconnect');
  args.push('/log-level:WARN', `/log-filters:${XFREERDP_LOG_FILTERS}`);
  return args;
}

/** Gateway, RemoteApp, display and redirections: only what the connection asks for. */
function optionalArgs(spec: RdpConnection): string[] {
  const args: string[] = [];
  const gw = activeGateway(spec);
  if (gw) {
    // FreeRDP's "direct" is "always through the gateway"; "detect" uses it only when needed.
    args.push(`/g:${hostArgument(gw.host)}:${gw.port}`, `/gateway-usage-method:${gw.usage === 'always' ? 'direct' : 'detect'}`);
    if (gw.username) args.push(`/gu:${gw.username}`);
    if (gw.domain) args.push(`/gd:${gw.domain}`);
  }
  if (spec.remoteApp) {
    args.push(`/app:${spec.remoteApp.program}`);
    if (spec.remoteApp.name) args.push(`/app-name:${spec.remoteApp.name}`);
    if (spec.remoteApp.cmdline) args.push(`/app-cmd:${spec.remoteApp.cmdline}`);
  }
  const d = spec.display;
  if (d?.width && d.height) args.push(`/size:${d.width}x${d.height}`);
  if (d?.monitors && d.monitors.length > 0) args.push(`/monitors:${d.monitors.join(',')}`);
  if (d?.scalePercent) args.push(`/scale:${d.scalePercent}`);
  const r = spec.redirect ?? {};
  // FreeRDP turns the clipboard on by default: off unless asked for, as in the native engine.
  args.push(r.clipboard ? '+clipboard' : '-clipboard');
  if (r.audioOut) args.push('/sound');
  if (r.audioIn) args.push('/microphone');
  if (r.smartcard) args.push('/smartcard');
  for (const drive of r.drives ?? []) args.push(`/drive:${drive.name},${drive.path}`);
  for (const entry of spec.usb ?? []) args.push(`/usb:${entry}`);
  if (spec.loadBalanceInfo) args.push(`/load-balance-info:${spec.loadBalanceInfo}`);
  return args;
}
