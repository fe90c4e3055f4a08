import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChildExit } from '../../../../../src-main/sessions/child.ts';
import { REMOTE_VIEWER_FAILURE_LINES, RemoteViewerOutput, remoteViewerOutcome } from '../../../../../src-main/sessions/spice/remote-viewer-lines.ts';

/** Real lines from remote-viewer 11 (--debug) against QEMU 7.2 on loopback (see fixtures/). */
const LINE = {
  opened: '(remote-viewer:20465): virt-viewer-DEBUG: 02:07:14.808: main channel: opened',
  shown: '(remote-viewer:20465): virt-viewer-DEBUG: 02:07:14.926: notebook show display 0x5598df644200',
  auth: '(remote-viewer:20921): virt-viewer-DEBUG: 02:07:23.628: main channel: auth failure (wrong username/password?)',
  refused: '(remote-viewer:21036): virt-viewer-DEBUG: 02:07:27.524: main channel: failed to connect Could not connect to 127.0.0.1: Connection refused',
  dns: '(remote-viewer:21221): virt-viewer-DEBUG: 02:07:31.718: main channel: failed to connect Error resolving “no-such-host.invalid”: Name or service not known',
  noRoute: '(remote-viewer:13413): virt-viewer-DEBUG: 02:19:24.155: main channel: failed to connect Could not connect to 2001:db8::1: No route to host',
  unknownCa:
    '(remote-viewer:1357): Spice-WARNING **: 02:14:24.634: ../subprojects/spice-common/common/ssl_verify.c:445:openssl_verify: Error in certificate chain verification: self-signed certificate in certificate chain (num=19:depth1:/CN=thinshell test CA)',
  wrongSubject: "(remote-viewer:1676): Spice-WARNING **: 02:14:32.309: ../subprojects/spice-common/common/ssl_verify.c:510:openssl_verify: ssl: subject 'CN=other' verification failed",
  sslConnect: '(remote-viewer:1357): GSpice-WARNING **: 02:14:24.634: main-1:0: SSL_connect: error:00000001:lib(0)::reason(1)',
  proxyRefused: '(remote-viewer:20061): virt-viewer-DEBUG: 18:53:02.827: main channel: failed to connect HTTP proxy connection not allowed',
  proxyDown: '(remote-viewer:20077): virt-viewer-DEBUG: 18:53:06.797: main channel: failed to connect Could not connect to proxy server 127.0.0.1: Connection refused',
  proxyDns: '(remote-viewer:20150): virt-viewer-DEBUG: 18:53:10.847: main channel: failed to connect SPICE proxy: Error resolving “no-such-proxy.invalid”: Name or service not known',
  proxyUpstream: '(remote-viewer:20181): virt-viewer-DEBUG: 18:53:14.864: main channel: failed to connect HTTP proxy connection failed: 500',
  proxyAuth: '(remote-viewer:20411): virt-viewer-DEBUG: 18:58:01.102: main channel: failed to connect HTTP proxy authentication required',
  proxyBadReply: '(remote-viewer:20502): virt-viewer-DEBUG: 18:58:04.331: main channel: failed to connect Bad HTTP proxy reply',
  disconnected: '(remote-viewer:21878): virt-viewer-DEBUG: 02:07:58.861: Guest QEMU 7.2.22 display has disconnected, shutting down',
};

const none = { userDisconnect: false, deadline: false };
const exited = (code: number | null, signal: NodeJS.Signals | null = null): ChildExit => ({ code, signal, killed: false });
function feedAll(lines: string[]): RemoteViewerOutput {
  const out = new RemoteViewerOutput();
  for (const l of lines) out.feed(l);
  return out;
}

describe('REMOTE_VIEWER_FAILURE_LINES: real lines per rule', () => {
  const cases: Record<string, { lines: string[]; failure: string }[]> = {
    auth: [{ lines: [LINE.auth], failure: 'auth-failed' }],
    dns: [{ lines: [LINE.dns], failure: 'dns' }],
    refused: [{ lines: [LINE.refused], failure: 'unreachable' }],
    'connect-failed': [{ lines: [LINE.noRoute], failure: 'unreachable' }],
    certificate: [
      { lines: [LINE.unknownCa], failure: 'certificate' },
      { lines: [LINE.wrongSubject], failure: 'certificate' },
    ],
    tls: [{ lines: [LINE.sslConnect], failure: 'failed' }],
    'proxy-dns': [{ lines: [LINE.proxyDns], failure: 'gateway' }],
    'proxy-unreachable': [{ lines: [LINE.proxyDown], failure: 'gateway' }],
    'proxy-refused': [{ lines: [LINE.proxyRefused], failure: 'gateway' }],
    'proxy-auth': [{ lines: [LINE.proxyAuth], failure: 'gateway' }],
    'proxy-bad-reply': [{ lines: [LINE.proxyBadReply], failure: 'gateway' }],
    'proxy-upstream': [{ lines: [LINE.proxyUpstream], failure: 'unreachable' }],
  };

  it('has a case for every rule', () => {
    expect(Object.keys(cases).sort()).toEqual(REMOTE_VIEWER_FAILURE_LINES.map((r) => r.id).sort());
  });

  it.each(Object.entries(cases).flatMap(([id, list]) => list.map((c) => [id, c] as const)))('%s', (id, { lines, failure }) => {
    const out = new RemoteViewerOutput();
    expect(out.feed(lines[0]!)).toBe('failure');
    expect(out.failure).toMatchObject({ id, failure });
  });
});

describe('RemoteViewerOutput', () => {
  it('main channel opened = connected; the display shown = loggedOn', () => {
    const out = new RemoteViewerOutput();
    expect(out.feed(LINE.shown)).toBeUndefined();
    expect(out.feed(LINE.opened)).toBe('connected');
    expect(out.feed(LINE.shown)).toBe('loggedOn');
    expect(out.feed(LINE.shown)).toBeUndefined();
  });

  it('a certificate verification line wins over the SSL_connect error that follows it', () => {
    expect(feedAll([LINE.unknownCa, LINE.sslConnect]).failure?.id).toBe('certificate');
  });

  it.each([
    ['no-password-success.log', { loggedOn: true, failure: undefined }],
    ['password-success.log', { loggedOn: true, failure: undefined }],
    ['wrong-password.log', { loggedOn: false, failure: 'auth-failed' }],
    ['nothing-listening.log', { loggedOn: false, failure: 'unreachable' }],
    ['unresolvable-host.log', { loggedOn: false, failure: 'dns' }],
    ['no-route-to-host.log', { loggedOn: false, failure: 'unreachable' }],
    ['tls-unknown-ca.log', { loggedOn: false, failure: 'certificate' }],
    ['tls-wrong-host-subject.log', { loggedOn: false, failure: 'certificate' }],
    ['server-killed-mid-session.exit0.log', { loggedOn: true, failure: undefined }],
  ])('transcript %s', (name, want) => {
    const out = feedAll(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8').split('\n'));
    expect(out.loggedOn).toBe(want.loggedOn);
    expect(out.failure?.failure).toBe(want.failure);
  });
});

describe('remoteViewerOutcome', () => {
  it('the server going away (exit 0 with --kiosk-quit=on-disconnect) is a server-disconnect', () => {
    const out = feedAll([LINE.opened, LINE.shown, LINE.disconnected]);
    expect(remoteViewerOutcome(out, exited(0), none)).toMatchObject({ kind: 'ended', reason: 'server-disconnect' });
  });

  it('a failure line decides even though we had to kill the process behind its dialog', () => {
    expect(remoteViewerOutcome(feedAll([LINE.auth]), exited(null, 'SIGTERM'), none)).toMatchObject({ kind: 'failed', failure: 'auth-failed' });
  });

  it('the deadline with no failure line is a timeout', () => {
    expect(remoteViewerOutcome(feedAll([]), exited(null, 'SIGTERM'), { userDisconnect: false, deadline: true })).toMatchObject({ failure: 'timeout' });
  });

  it('the user disconnecting is a user-disconnect; a signal of its own a crash', () => {
    const up = () => feedAll([LINE.opened, LINE.shown]);
    expect(remoteViewerOutcome(up(), exited(null, 'SIGTERM'), { userDisconnect: true, deadline: false })).toEqual({ kind: 'ended', reason: 'user-disconnect' });
    expect(remoteViewerOutcome(up(), exited(null, 'SIGSEGV'), none)).toMatchObject({ kind: 'ended', reason: 'crashed' });
  });

  it('ending before the display appeared is a failure with the exit in the detail', () => {
    expect(remoteViewerOutcome(feedAll([LINE.opened]), exited(1), none)).toMatchObject({ kind: 'failed', failure: 'failed', detail: expect.stringContaining('exit code 1') });
  });

  it('a missing binary is engine-missing', () => {
    const exit: ChildExit = { code: null, signal: null, killed: false, spawnError: Object.assign(new Error('ENOENT'), { code: 'ENOENT' }) };
    expect(remoteViewerOutcome(feedAll([]), exit, none)).toMatchObject({ failure: 'engine-missing' });
  });
});
