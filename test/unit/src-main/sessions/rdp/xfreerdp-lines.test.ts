import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { XFREERDP_FAILURE_LINES, XFREERDP_LOGGED_ON_LINES, XfreerdpOutput } from '../../../../../src-main/sessions/rdp/xfreerdp-lines.ts';

/** Real lines from xfreerdp 2.11.7 runs against freerdp-shadow-cli on loopback (see fixtures/). */
const LINE = {
  dns: '[02:04:11:103] [14805:14806] [ERROR][com.freerdp.core] - freerdp_tcp_is_hostname_resolvable:freerdp_set_last_error_ex ERRCONNECT_DNS_NAME_NOT_FOUND [0x00020005]',
  certUntrusted: '[02:10:16:599] [26148:26156] [ERROR][com.freerdp.crypto] - certificate not trusted, aborting.',
  certReason: "[02:04:31:720] [15069:15070] [WARN][com.freerdp.crypto] - Certificate verification failure 'self-signed certificate (18)' at stack position 0",
  hybridRequired: '[02:05:58:746] [18250:18251] [WARN][com.freerdp.core.nego] - Error: HYBRID_REQUIRED_BY_SERVER',
  negoFailed: '[02:06:39:672] [19316:19317] [ERROR][com.freerdp.core] - rdp_client_connect:freerdp_set_last_error_ex ERRCONNECT_SECURITY_NEGO_CONNECT_FAILED [0x0002000C]',
  transportWrite: '[02:06:42:647] [19412:19413] [ERROR][com.freerdp.core] - transport_write:freerdp_set_last_error_ex ERRCONNECT_CONNECT_TRANSPORT_FAILED [0x0002000D]',
  transportRead: '[02:05:11:572] [16322:16323] [ERROR][com.freerdp.core] - transport_read_layer:freerdp_set_last_error_ex ERRCONNECT_CONNECT_TRANSPORT_FAILED [0x0002000D]',
  tlsFailed: '[02:10:16:599] [26148:26156] [ERROR][com.freerdp.core] - transport_connect_tls:freerdp_set_last_error_ex ERRCONNECT_TLS_CONNECT_FAILED [0x00020008]',
  toNego: '[02:04:10:785] [14733:14734] [DEBUG][com.freerdp.core.connection] - rdp_client_transition_to_state CONNECTION_STATE_INITIAL --> CONNECTION_STATE_NEGO',
  toNla: '[02:10:12:298] [26001:26006] [DEBUG][com.freerdp.core.connection] - rdp_client_transition_to_state CONNECTION_STATE_NEGO --> CONNECTION_STATE_NLA',
  toActive: '[02:10:13:333] [26001:26006] [DEBUG][com.freerdp.core.connection] - rdp_client_transition_to_state CONNECTION_STATE_FINALIZATION --> CONNECTION_STATE_ACTIVE',
  firstFrame: '[02:10:13:650] [26001:26006] [DEBUG][com.freerdp.core.update] - SurfaceFrameMarker: action: Begin (0) id: 1',
  // Not captured (no Windows server here): the format of FreeRDP 2.11's libfreerdp/core/info.c
  // WLog_DBG("LogonInfoV2: SessionId: 0x%08X UserName: [%s] Domain: [%s]").
  logonInfo: '[10:00:00:000] [1:2] [DEBUG][com.freerdp.core.info] - LogonInfoV2: SessionId: 0x00000002 UserName: [alice] Domain: [CORP]',
};

function feedAll(lines: string[]): XfreerdpOutput {
  const out = new XfreerdpOutput();
  for (const line of lines) out.feed(line);
  return out;
}

describe('XFREERDP_FAILURE_LINES: one real line per rule', () => {
  const cases: Record<string, { lines: string[]; failure: string }> = {
    dns: { lines: [LINE.dns], failure: 'dns' },
    'certificate-untrusted': { lines: [LINE.certUntrusted], failure: 'certificate' },
    'nego-required-by-server': { lines: [LINE.hybridRequired], failure: 'failed' },
    'nego-failed': { lines: [LINE.negoFailed], failure: 'failed' },
    'transport-before-negotiation': { lines: [LINE.toNego, LINE.transportWrite], failure: 'unreachable' },
    'transport-during-nla': { lines: [LINE.toNego, LINE.toNla, LINE.transportRead], failure: 'auth-failed' },
    'tls-failed': { lines: [LINE.tlsFailed], failure: 'failed' },
  };

  it('has a case for every rule', () => {
    expect(Object.keys(cases).sort()).toEqual(XFREERDP_FAILURE_LINES.map((r) => r.id).sort());
  });

  it.each(Object.entries(cases))('%s', (id, { lines, failure }) => {
    const out = feedAll(lines);
    expect(out.failure).toMatchObject({ id, failure });
  });
});

describe('XfreerdpOutput', () => {
  it('says connected at CONNECTION_STATE_ACTIVE, not before', () => {
    const out = new XfreerdpOutput();
    expect(out.feed(LINE.toNego)).toBeUndefined();
    expect(out.feed(LINE.toNla)).toBeUndefined();
    expect(out.feed(LINE.toActive)).toBe('connected');
    expect(out.sawNla).toBe(true);
  });

  it.each(XFREERDP_LOGGED_ON_LINES.map((r) => r.id))('says loggedOn on %s, only once connected', (id) => {
    const line = id === 'first-frame' ? LINE.firstFrame : LINE.logonInfo;
    const out = new XfreerdpOutput();
    expect(out.feed(line)).toBeUndefined();
    out.feed(LINE.toActive);
    expect(out.feed(line)).toBe('loggedOn');
    expect(out.loggedOn).toBe(id);
    expect(out.feed(line)).toBeUndefined();
  });

  it('names the certificate problem in the detail', () => {
    const out = feedAll([LINE.certReason, LINE.certUntrusted, LINE.tlsFailed]);
    expect(out.failure).toMatchObject({ failure: 'certificate', detail: expect.stringContaining('self-signed certificate (18)') });
  });

  it('keeps the first failure (the root cause): the certificate, not the TLS error after it', () => {
    expect(feedAll([LINE.certUntrusted, LINE.tlsFailed]).failure?.id).toBe('certificate-untrusted');
  });

  it('does not read a transport failure in an established session as a connect failure', () => {
    const out = feedAll([LINE.toActive, LINE.firstFrame, LINE.transportRead]);
    expect(out.failure).toBeUndefined();
    expect(out.transportFailedAfterActive).toBe(true);
  });

  it('finds lines behind the "Password: " prompt on the same line', () => {
    expect(feedAll([`Password: ${LINE.dns}`]).failure?.failure).toBe('dns');
  });
});

describe('whole transcripts of real runs (fixtures/)', () => {
  const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8').split('\n');
  it.each([
    ['nla-wrong-password.exit147.log', { connected: false, failure: 'auth-failed' }],
    ['nothing-listening.exit147.log', { connected: false, failure: 'unreachable' }],
    ['unresolvable-host.exit140.log', { connected: false, failure: 'dns' }],
    ['self-signed-cert-denied.exit143.log', { connected: false, failure: 'certificate' }],
    ['pin-mismatch-strict.exit143.log', { connected: false, failure: 'certificate' }],
    ['tls-against-nla-server.exit133.log', { connected: false, failure: 'failed' }],
    ['nla-against-tls-server.exit133.log', { connected: false, failure: 'failed' }],
    ['server-killed-mid-session.exit131.log', { connected: true, loggedOn: 'first-frame', failure: undefined }],
    ['tls-pam-wrong-password.exit131.log', { connected: true, loggedOn: undefined, failure: undefined }],
    ['tls-pam-success.killed.log', { connected: true, loggedOn: 'first-frame', failure: undefined }],
    ['nla-pinned-success.killed.log', { connected: true, loggedOn: 'first-frame', failure: undefined }],
  ])('%s', (name, want) => {
    const out = feedAll(fixture(name));
    expect(out.connected).toBe(want.connected);
    if ('loggedOn' in want) expect(out.loggedOn).toBe(want.loggedOn);
    expect(out.failure?.failure).toBe(want.failure);
  });
});
