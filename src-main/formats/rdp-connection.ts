import type { Secret } from '../common/secret.ts';
import type { RdpConnection, RdpGateway, RdpRedirections } from '../sessions/types.ts';
import type { RdpFile, RdpWarning } from './rdp.ts';

/**
 * An .rdp file as an RdpConnection. The file says where to go and what it would like; the
 * terminal's policy decides how the server is checked and what may leave the terminal. Whatever
 * the file asks for and policy does not allow becomes a warning (for the log), never an error.
 */

/** What policy allows for sessions opened from a file (RD Web: the broker's `rdp` entry). */
export interface RdpRules {
  security: RdpConnection['security'];
  certificate: RdpConnection['certificate'];
  redirect: { clipboard: boolean; audioOut: boolean; audioIn: boolean; smartcard: boolean; drives: { name: string; path: string }[] };
}

/** The signed-in user's credentials; they win over a user name in the file. */
export interface SessionCredentials {
  username?: string;
  domain?: string;
  password?: Secret;
}

export interface FileConnection {
  connection: RdpConnection;
  warnings: RdpWarning[];
}

export function rdpConnectionFromFile(file: RdpFile, rules: RdpRules, credentials: SessionCredentials, title: string): FileConnection {
  const warnings: RdpWarning[] = [];
  const warn = (key: string, message: string) => warnings.push({ key, message });
  const username = credentials.username ?? file.credentials.username;
  if (credentials.username && file.credentials.username && file.credentials.username.toLowerCase() !== credentials.username.toLowerCase()) {
    warn('username', 'the file names another user; the signed-in user connects');
  }
  const domain = credentials.domain || (credentials.username && credentials.username.includes('@') ? undefined : file.credentials.domain);
  const connection: RdpConnection = {
    protocol: 'rdp',
    host: file.target.host,
    port: file.target.port,
    ...(username ? { username } : {}),
    ...(domain ? { domain } : {}),
    ...(credentials.password && !credentials.password.empty ? { password: credentials.password } : {}),
    security: rules.security,
    certificate: rules.certificate,
    multimon: file.display.multimon,
    title,
    redirect: redirect(file, rules, warn),
  };
  checkSecurity(file, rules, warn);
  const gateway = gatewayOf(file, warn);
  if (gateway) connection.gateway = gateway;
  if (file.remoteApp) connection.remoteApp = { ...file.remoteApp };
  const display: NonNullable<RdpConnection['display']> = {};
  if (!file.display.fullscreen) {
    warn('screen mode id', 'the file asks for a window; the kiosk shows the session full screen');
    if (file.display.width && file.display.height) Object.assign(display, { width: file.display.width, height: file.display.height });
  }
  if (file.display.monitors) display.monitors = [...file.display.monitors];
  if (Object.keys(display).length > 0) connection.display = display;
  if (file.loadBalanceInfo) connection.loadBalanceInfo = file.loadBalanceInfo;
  return { connection, warnings };
}

type Warn = (key: string, message: string) => void;

function redirect(file: RdpFile, rules: RdpRules, warn: Warn): RdpRedirections {
  const asked = file.redirections;
  const allow = rules.redirect;
  const both = (key: string, wants: boolean, allowed: boolean, what: string) => {
    if (wants && !allowed) warn(key, `the file asks for ${what}; policy does not allow it`);
    return wants && allowed;
  };
  const out: RdpRedirections = {
    clipboard: both('redirectclipboard', asked.clipboard, allow.clipboard, 'the clipboard'),
    audioOut: both('audiomode', asked.audio === 'local', allow.audioOut, 'sound on this terminal'),
    audioIn: both('audiocapturemode', asked.microphone, allow.audioIn, 'the microphone'),
    smartcard: both('redirectsmartcards', asked.smartcards, allow.smartcard, 'smart cards'),
  };
  if (asked.drives.length > 0) {
    // Windows drive letters mean nothing here: policy names the folders a session may see.
    if (allow.drives.length > 0) out.drives = allow.drives.map((d) => ({ ...d }));
    else warn('drivestoredirect', 'the file asks for drives; policy shares no folders');
  }
  if (asked.printers) warn('redirectprinters', 'printer redirection is not supported; ignored');
  if (asked.comPorts) warn('redirectcomports', 'serial port redirection is not supported; ignored');
  if (asked.usb.length > 0) warn('usbdevicestoredirect', "USB redirection follows the terminal's USB policy, not the file");
  if (asked.devices.length > 0 || asked.cameras.length > 0) warn('devicestoredirect', 'Plug and Play device and camera redirection is not supported; ignored');
  return out;
}

function checkSecurity(file: RdpFile, rules: RdpRules, warn: Warn): void {
  if (file.security.authenticationLevel === 0 && rules.certificate.mode !== 'ignore') {
    warn('authentication level', `the file would connect to a server it cannot verify; policy checks the certificate (${rules.certificate.mode})`);
  }
  if (file.security.nla === false && rules.security === 'nla') warn('enablecredsspsupport', 'the file turns NLA off; policy requires it');
}

function gatewayOf(file: RdpFile, warn: Warn): RdpGateway | undefined {
  const gw = file.gateway;
  if (!gw || gw.usage === 'never') return undefined;
  const passwordSources = ['password', 'logged-on-user', 'basic', 'choose-later'];
  if (!gw.sameCredentials || !passwordSources.includes(gw.credentialsSource)) {
    // The file says the gateway takes other credentials (a smart card, a cookie, a separate
    // sign-in): it gets none of the session's, and a kiosk has nobody to ask for others.
    warn('gatewaycredentialssource', `the file asks the gateway for ${gw.sameCredentials ? gw.credentialsSource : 'separate'} credentials; the sign-in credentials are not given to it`);
    return { host: gw.host, port: gw.port, usage: gw.usage, credentials: 'none' };
  }
  return { host: gw.host, port: gw.port, usage: gw.usage };
}
