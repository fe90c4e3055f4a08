import { hostArgument } from '../../input-checks.ts';
import type { RdpConnection, RdpGateway, RdpRedirections } from '../../types.ts';
import { activeGateway, invalidRdpConnection, normaliseFingerprint, type RdpLimits } from '../connection-checks.ts';

/**
 * An RdpConnection as the key/value settings of ts_session_set (native/include/thinshell_rdp.h).
 * The password is not among them: it goes to ts_session_set_password, in memory only.
 */

/** What the engine adds on top of the connection (not the broker's to choose). */
export interface NativeExtras {
  /** False: no window at all (the admin's connection test); the session still logs on. */
  window?: boolean;
  /** Policy session.rdpNetwork (default `lan`): see native/README.md, setting `network`. */
  network?: 'lan' | 'auto';
}

/** The library keeps at most this many pinned fingerprints (TS_MAX_PINS). */
const MAX_PINS = 8;
const MAX_PASSWORD_BYTES = 1024;

const nativeLimits: RdpLimits = {
  maxPasswordBytes: MAX_PASSWORD_BYTES,
  maxPins: MAX_PINS,
  // FreeRDP keeps it as a C string: a NUL would silently cut it short.
  passwordProblem: (pw) => (pw.includes('\0') ? 'the password contains a NUL character' : undefined),
};

/** Why this connection cannot be attempted with the native engine; undefined when it can. */
export function invalidNativeConnection(spec: RdpConnection): string | undefined {
  return invalidRdpConnection(spec, nativeLimits);
}

/** Call invalidNativeConnection first: this assumes a valid connection. */
export function nativeSettings(spec: RdpConnection, extras: NativeExtras = {}): Record<string, string> {
  // Settings take the bare address: the brackets of [::1] are command-line syntax.
  const host = hostArgument(spec.host)!.replace(/^\[(.*)\]$/, '$1');
  const settings: Record<string, string> = {
    host,
    port: String(spec.port),
    security: spec.security,
    cert_mode: spec.certificate.mode,
    fullscreen: '1',
    multimon: flag(spec.multimon),
    title: spec.title,
    // Reconnecting is the shell's decision (policy session.reconnectAttempts), not the library's.
    auto_reconnect: flag(spec.autoReconnect),
    network: extras.network ?? 'lan',
  };
  if (spec.username) settings.username = spec.username;
  if (spec.domain) settings.domain = spec.domain;
  if (spec.certificate.mode === 'pin') {
    settings.cert_fingerprints = spec.certificate.fingerprints.map((f) => normaliseFingerprint(f)!).join(',');
  }
  const gateway = activeGateway(spec);
  if (gateway) Object.assign(settings, gatewaySettings(gateway));
  if (spec.remoteApp) {
    settings.remoteapp_program = spec.remoteApp.program;
    if (spec.remoteApp.name) settings.remoteapp_name = spec.remoteApp.name;
    if (spec.remoteApp.cmdline) settings.remoteapp_cmdline = spec.remoteApp.cmdline;
  }
  Object.assign(settings, displaySettings(spec.display), redirectSettings(spec.redirect));
  if (spec.usb && spec.usb.length > 0) settings.usb = spec.usb.join(';');
  if (spec.loadBalanceInfo) settings.load_balance_info = spec.loadBalanceInfo;
  if (extras.window === false) settings.window = '0';
  return settings;
}

function gatewaySettings(gateway: RdpGateway): Record<string, string> {
  return {
    gateway_host: gateway.host.replace(/^\[(.*)\]$/, '$1'),
    gateway_port: String(gateway.port),
    gateway_usage: gateway.usage,
    ...(gateway.credentials === 'none' ? { gateway_credentials: 'none' } : {}),
    ...(gateway.username ? { gateway_username: gateway.username } : {}),
    ...(gateway.domain ? { gateway_domain: gateway.domain } : {}),
  };
}

function displaySettings(display: RdpConnection['display']): Record<string, string> {
  if (!display) return {};
  const out: Record<string, string> = {};
  if (display.width && display.height) {
    out.width = String(display.width);
    out.height = String(display.height);
  }
  if (display.monitors && display.monitors.length > 0) out.monitors = display.monitors.join(',');
  if (display.scalePercent) out.scale = String(display.scalePercent);
  return out;
}

function redirectSettings(redirect: RdpRedirections | undefined): Record<string, string> {
  if (!redirect) return {};
  const out: Record<string, string> = {};
  if (redirect.clipboard !== undefined) out.clipboard = flag(redirect.clipboard);
  if (redirect.audioOut !== undefined) out.audio_out = flag(redirect.audioOut);
  if (redirect.audioIn !== undefined) out.audio_in = flag(redirect.audioIn);
  if (redirect.smartcard !== undefined) out.smartcard = flag(redirect.smartcard);
  if (redirect.drives && redirect.drives.length > 0) out.drives = redirect.drives.map((d) => `${d.name}=${d.path}`).join(',');
  return out;
}

/** The library's booleans are "0" and "1". */
function flag(on: boolean | undefined): string {
  return on ? '1' : '0';
}
