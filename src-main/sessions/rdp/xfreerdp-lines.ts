import type { SessionFailure } from '../types.ts';

/**
 * What xfreerdp's log lines (FreeRDP 2.11, with the filters of xfreerdp-args.ts) tell us.
 * Every pattern here was matched against real output; the unit test holds those lines.
 */

export interface FailureLineRule {
  id: string;
  pattern: RegExp;
  /** Only counts while the connection is in one of these CONNECTION_STATE_* stages. */
  stages?: readonly string[];
  failure: SessionFailure;
  detail: string;
}

/** The first rule that matches a line decides the failure: root causes are logged before consequences. */
export const XFREERDP_FAILURE_LINES: readonly FailureLineRule[] = [
  {
    id: 'dns',
    pattern: /ERRCONNECT_DNS_(NAME_NOT_FOUND|ERROR)\b/,
    failure: 'dns',
    detail: 'the host name could not be resolved',
  },
  {
    id: 'certificate-untrusted',
    pattern: /certificate not trusted, aborting/,
    failure: 'certificate',
    detail: 'the server certificate is not trusted',
  },
  {
    id: 'nego-required-by-server',
    pattern: /Error: (HYBRID_REQUIRED_BY_SERVER|HYBRID_EX_REQUIRED_BY_SERVER|SSL_REQUIRED_BY_SERVER|SSL_NOT_ALLOWED_BY_SERVER|SSL_CERT_NOT_ON_SERVER)/,
    failure: 'failed',
    detail: 'the server does not allow this security setting',
  },
  {
    id: 'nego-failed',
    pattern: /ERRCONNECT_SECURITY_NEGO_CONNECT_FAILED/,
    failure: 'failed',
    detail: 'security negotiation failed (the server and the security setting do not match)',
  },
  {
    // Nothing listening: FreeRDP 2 connects non-blocking and fails on its first write (EPIPE).
    id: 'transport-before-negotiation',
    pattern: /ERRCONNECT_CONNECT_TRANSPORT_FAILED/,
    stages: ['INITIAL', 'NEGO'],
    failure: 'unreachable',
    detail: 'nothing accepted the connection',
  },
  {
    // A server that rejects NLA credentials may just close the connection during CredSSP
    // (FreeRDP's own servers do); Windows sends an NTSTATUS that maps to exit codes instead.
    id: 'transport-during-nla',
    pattern: /ERRCONNECT_CONNECT_TRANSPORT_FAILED/,
    stages: ['NLA'],
    failure: 'auth-failed',
    detail: 'the server closed the connection during network level authentication',
  },
  {
    id: 'tls-failed',
    pattern: /ERRCONNECT_TLS_CONNECT_FAILED/,
    failure: 'failed',
    detail: 'the TLS handshake failed',
  },
];

/** Lines that mean the desktop is up: "connected is not logged on". */
export const XFREERDP_LOGGED_ON_LINES: readonly { id: string; pattern: RegExp }[] = [
  // Save Session Info PDU: Windows sends it once the user's logon has completed.
  { id: 'logon-info', pattern: /\[com\.freerdp\.core\.info\] - (LogonInfoV1|LogonInfoV2|LogonPlainNotify|LogonInfoExtended)\b/ },
  // The first frame of screen content (surface commands): servers that send no logon PDU.
  { id: 'first-frame', pattern: /SurfaceFrameMarker: action: Begin/ },
];

const TRANSITION = /rdp_client_transition_to_state CONNECTION_STATE_\w+ --> CONNECTION_STATE_(\w+)/;
const CERT_REASON = /Certificate verification failure '([^']{1,200})'/;
const TRANSPORT_FAILED = /ERRCONNECT_CONNECT_TRANSPORT_FAILED/;

export type XfreerdpSignal = 'connected' | 'loggedOn' | 'failure';

/** The facts gathered from one xfreerdp's output, fed line by line. */
export class XfreerdpOutput {
  stage = 'INITIAL';
  connected = false;
  sawNla = false;
  loggedOn: string | undefined;
  failure: { id: string; failure: SessionFailure; detail: string } | undefined;
  transportFailedAfterActive = false;
  #certReason: string | undefined;

  /** Returns what changed, if anything the engine must act on. */
  feed(line: string): XfreerdpSignal | undefined {
    const transition = TRANSITION.exec(line);
    if (transition) {
      this.stage = transition[1]!;
      if (this.stage === 'NLA') this.sawNla = true;
      if (this.stage === 'ACTIVE' && !this.connected) {
        this.connected = true;
        return 'connected';
      }
      return undefined;
    }
    if (this.connected && !this.loggedOn) {
      const hit = XFREERDP_LOGGED_ON_LINES.find((r) => r.pattern.test(line));
      if (hit) {
        this.loggedOn = hit.id;
        return 'loggedOn';
      }
    }
    const reason = CERT_REASON.exec(line);
    if (reason) this.#certReason = reason[1];
    if (this.connected) {
      if (TRANSPORT_FAILED.test(line)) this.transportFailedAfterActive = true;
      return undefined;
    }
    if (this.failure) return undefined;
    const rule = XFREERDP_FAILURE_LINES.find((r) => r.pattern.test(line) && (!r.stages || r.stages.includes(this.stage)));
    if (!rule) return undefined;
    const detail = rule.failure === 'certificate' && this.#certReason ? `${rule.detail}: ${this.#certReason}` : rule.detail;
    this.failure = { id: rule.id, failure: rule.failure, detail };
    return 'failure';
  }
}
