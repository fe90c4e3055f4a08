import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChildExit } from '../../../../../src-main/sessions/child.ts';
import { XfreerdpOutput } from '../../../../../src-main/sessions/rdp/xfreerdp-lines.ts';
import { XFREERDP_EXIT_ENDS, XFREERDP_EXIT_FAILURES, xfreerdpOutcome } from '../../../../../src-main/sessions/rdp/xfreerdp-outcome.ts';

const ACTIVE = '[02:10:13:333] [26001:26006] [DEBUG][com.freerdp.core.connection] - rdp_client_transition_to_state CONNECTION_STATE_FINALIZATION --> CONNECTION_STATE_ACTIVE';
const FRAME = '[02:10:13:650] [26001:26006] [DEBUG][com.freerdp.core.update] - SurfaceFrameMarker: action: Begin (0) id: 1';
const none = { userDisconnect: false, deadline: false };
const exited = (code: number | null, signal: NodeJS.Signals | null = null): ChildExit => ({ code, signal, killed: false });

function output(...lines: string[]): XfreerdpOutput {
  const out = new XfreerdpOutput();
  for (const l of lines) out.feed(l);
  return out;
}

function fromFixture(name: string): XfreerdpOutput {
  return output(...readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8').split('\n'));
}

describe('exit codes before the desktop was up (xf_client.h XF_EXIT_*)', () => {
  it.each(Object.entries(XFREERDP_EXIT_FAILURES))('exit %s -> %o', (code, want) => {
    expect(xfreerdpOutcome(output(), exited(Number(code)), none)).toMatchObject({ kind: 'failed', failure: want.failure });
  });

  it('an unknown exit code is a plain failure with the code in the detail', () => {
    expect(xfreerdpOutcome(output(), exited(77), none)).toEqual({ kind: 'failed', failure: 'failed', detail: expect.stringContaining('77') });
  });
});

describe('exit codes after the desktop was up (the server error info)', () => {
  it.each(Object.entries(XFREERDP_EXIT_ENDS))('exit %s -> %o', (code, want) => {
    expect(xfreerdpOutcome(output(ACTIVE, FRAME), exited(Number(code)), none)).toMatchObject({ kind: 'ended', reason: want.reason });
  });

  it('a signal we did not send is a crash', () => {
    expect(xfreerdpOutcome(output(ACTIVE, FRAME), exited(null, 'SIGSEGV'), none)).toMatchObject({ kind: 'ended', reason: 'crashed' });
  });
});

describe('xfreerdpOutcome', () => {
  it('a missing binary is engine-missing', () => {
    const exit: ChildExit = { code: null, signal: null, killed: false, spawnError: Object.assign(new Error('spawn xfreerdp ENOENT'), { code: 'ENOENT' }) };
    expect(xfreerdpOutcome(output(), exit, none)).toMatchObject({ kind: 'failed', failure: 'engine-missing' });
  });

  it('our own kill for the user is a user-disconnect, at any stage', () => {
    expect(xfreerdpOutcome(output(), exited(null, 'SIGTERM'), { userDisconnect: true, deadline: false })).toEqual({ kind: 'ended', reason: 'user-disconnect' });
  });

  it('the deadline before the desktop is a timeout, saying where it stuck', () => {
    expect(xfreerdpOutcome(output(ACTIVE), exited(null, 'SIGTERM'), { userDisconnect: false, deadline: true })).toMatchObject({
      failure: 'timeout',
      detail: expect.stringContaining('desktop did not appear'),
    });
  });

  it('TLS security, dropped after activation with no frame: the server refused the credentials (real PAM run)', () => {
    expect(xfreerdpOutcome(fromFixture('tls-pam-wrong-password.exit131.log'), exited(131), none)).toMatchObject({ kind: 'failed', failure: 'auth-failed' });
  });

  it('NLA (credentials already checked), dropped before any frame: a failure, not an auth failure', () => {
    const nla = '[x] [DEBUG][com.freerdp.core.connection] - rdp_client_transition_to_state CONNECTION_STATE_NEGO --> CONNECTION_STATE_NLA';
    expect(xfreerdpOutcome(output(nla, ACTIVE), exited(131), none)).toMatchObject({ kind: 'failed', failure: 'failed' });
  });

  it('a server killed mid-session: the network is lost (real run, exit 131)', () => {
    expect(xfreerdpOutcome(fromFixture('server-killed-mid-session.exit131.log'), exited(131), none)).toMatchObject({ kind: 'ended', reason: 'network-lost' });
  });

  it('a failure line beats the exit code (NLA drop exits 147 like "nothing listening")', () => {
    expect(xfreerdpOutcome(fromFixture('nla-wrong-password.exit147.log'), exited(147), none)).toMatchObject({ failure: 'auth-failed' });
    expect(xfreerdpOutcome(fromFixture('nothing-listening.exit147.log'), exited(147), none)).toMatchObject({ failure: 'unreachable' });
  });
});
