import { describe, expect, it } from 'vitest';
import { dispatchCall } from '../../../../src-main/contract/index.ts';
import { CANARY, flush, harness, twoHosts } from './harness.ts';

async function signedIn(h: ReturnType<typeof harness>) {
  await h.core.start();
  await h.core.handlers.signIn({ username: 'alice', password: CANARY, domain: 'LAB' });
  return h;
}

async function inSession(h: ReturnType<typeof harness>, desktopId = 'win') {
  await signedIn(h);
  void h.core.handlers.connect({ desktopId });
  await flush();
  const handle = h.handles.at(-1)!;
  handle.emit({ kind: 'connecting' });
  handle.emit({ kind: 'connected' });
  handle.emit({ kind: 'loggedOn' });
  await flush();
  return handle;
}

describe('Shell: boot and discovery', () => {
  it('goes from booting through discovering to sign-in at the first policy broker', async () => {
    const h = harness();
    await h.core.start();
    expect(h.views.map((v) => v.screen.kind)).toEqual(['discovering', 'signIn']);
    const s = h.screen();
    expect(s.kind === 'signIn' && s.broker.id).toBe('lab');
    expect(s.kind === 'signIn' && s.broker.domain).toBe('optional');
  });

  it('shows first-run setup when nothing names a broker, and a typed address leads to sign-in', async () => {
    const h = harness({});
    await h.core.start();
    expect(h.screen().kind).toBe('setup');
    const bad = await dispatchCall(h.core.handlers, 'setBroker', { address: 'vnc://desk.example' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'no-broker' } });
    expect(h.remembered).toEqual([]);
    const reply = await dispatchCall(h.core.handlers, 'setBroker', { address: 'rdp://10.1.2.3:3390' });
    expect(reply.ok).toBe(true);
    expect(h.remembered).toEqual(['rdp://10.1.2.3:3390']);
    const s = h.screen();
    expect(s.kind).toBe('signIn');
    expect(s.kind === 'signIn' && s.broker.source).toBe('setup');
  });

  it('lands in an error with retry when discovery itself fails', async () => {
    let calls = 0;
    const h = harness(twoHosts, {
      discover: async () => {
        calls += 1;
        if (calls === 1) throw new Error('resolver exploded');
        return [];
      },
    });
    await h.core.start();
    const s = h.screen();
    expect(s.kind === 'error' && s.actions).toContain('retry');
    expect(s.kind === 'error' && s.error.detail).toContain('resolver exploded');
    await h.core.handlers.errorAction({ action: 'retry' });
    expect(h.screen().kind).toBe('setup');
  });
});

describe('Shell: sign-in and desktops', () => {
  it('signs in and lists the desktops, and the password never appears in any view', async () => {
    const h = await signedIn(harness());
    const s = h.screen();
    expect(s.kind).toBe('pick');
    expect(s.kind === 'pick' && s.desktops.map((d) => d.id)).toEqual(['win', 'vm']);
    expect(s.kind === 'pick' && s.user).toBe('alice');
    expect(JSON.stringify(h.views)).not.toContain(CANARY);
  });

  it('refuses calls that do not fit the screen with not-allowed-now', async () => {
    const h = harness();
    await h.core.start();
    const reply = await dispatchCall(h.core.handlers, 'connect', { desktopId: 'win' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'not-allowed-now' } });
    const menu = await dispatchCall(h.core.handlers, 'sessionMenu', { action: 'open' });
    expect(menu).toMatchObject({ ok: false, error: { code: 'not-allowed-now' } });
  });

  it('keeps a required-domain broker from signing in without a domain, on the form', async () => {
    const h = harness({ brokers: [{ ...twoHosts.brokers![0]!, domain: 'required' } as never] });
    await h.core.start();
    await h.core.handlers.signIn({ username: 'bob', password: 'x' });
    const s = h.screen();
    expect(s.kind).toBe('signIn');
    expect(s.kind === 'signIn' && s.error?.code).toBe('invalid-argument');
    expect(s.kind === 'signIn' && s.busy).toBe(false);
  });
});

describe('Shell: sessions', () => {
  it('walks connect steps, reaches the session, and hands the engine the credentials', async () => {
    const h = harness();
    await signedIn(h);
    void h.core.handlers.connect({ desktopId: 'win' });
    await flush();
    const steps = () => h.views.filter((v) => v.screen.kind === 'connecting').map((v) => v.screen.kind === 'connecting' && v.screen.step);
    expect(steps()).toEqual(['prepare', 'prepare', 'contact']);
    const handle = h.handles[0]!;
    handle.emit({ kind: 'connecting' });
    handle.emit({ kind: 'connected' });
    expect(steps().at(-1)).toBe('authenticate');
    handle.emit({ kind: 'loggedOn' });
    const s = h.screen();
    expect(s.kind === 'session' && s.engine).toBe('fake-rdp');
    const spec = h.specs[0]!;
    expect(spec.protocol).toBe('rdp');
    expect(spec.protocol === 'rdp' && [spec.host, spec.port, spec.username, spec.domain]).toEqual(['127.0.0.1', 3389, 'alice', 'LAB']);
    expect(spec.protocol === 'rdp' && spec.password?.reveal()).toBe(CANARY);
  });

  it('after the server ends a session: ended screen, then sign-in with nothing of the user left', async () => {
    const h = harness();
    const handle = await inSession(h);
    handle.emit({ kind: 'ended', reason: 'server-disconnect' });
    await flush();
    const ended = h.screen();
    expect(ended.kind === 'ended' && [ended.reason, ended.next]).toEqual(['server-disconnect', 'signIn']);
    expect(h.timers.at(-1)!.ms).toBe(5000);
    await h.core.handlers.setLocale({ locale: 'de' });
    expect(h.view().locale).toBe('de');
    await h.fireTimer();
    const s = h.screen();
    expect(s.kind === 'signIn' && s.notice).toBe('server-disconnect');
    const after = JSON.stringify(h.view());
    expect(after).not.toContain('alice');
    expect(after).not.toContain('Windows desktop');
    expect(h.view().locale).toBe('en');
    // The broker session was signed out: a new launch from it is refused.
    const stale = h.specs[0]!;
    expect(stale.protocol === 'rdp' && stale.password?.reveal()).toBe(CANARY);
    const reply = await dispatchCall(h.core.handlers, 'connect', { desktopId: 'win' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'not-allowed-now' } });
  });

  it('continues at once when the user acknowledges the end', async () => {
    const h = harness();
    const handle = await inSession(h);
    handle.emit({ kind: 'ended', reason: 'logged-off' });
    await flush();
    await h.core.handlers.acknowledgeEnd({});
    expect(h.screen().kind).toBe('signIn');
    expect(h.timers.at(-1)!.cleared).toBe(true);
  });

  it('a crash returns straight to sign-in saying the session ended unexpectedly', async () => {
    const h = harness();
    const handle = await inSession(h);
    handle.emit({ kind: 'ended', reason: 'crashed', detail: 'killed by SIGKILL' });
    await flush();
    expect(h.timers.at(-1)!.ms).toBe(0);
    await h.fireTimer();
    const s = h.screen();
    expect(s.kind === 'signIn' && s.notice).toBe('crashed');
  });

  it('a failed attempt shows the mapped error with retry and sign-in, and retry connects again', async () => {
    const h = harness();
    await signedIn(h);
    void h.core.handlers.connect({ desktopId: 'win' });
    await flush();
    h.handles[0]!.emit({ kind: 'failed', failure: 'auth-failed', detail: 'ERRCONNECT_LOGON_FAILURE' });
    await flush();
    const s = h.screen();
    expect(s.kind === 'error' && s.error.code).toBe('session-auth-failed');
    expect(s.kind === 'error' && s.actions).toEqual(['retry', 'signIn']);
    void h.core.handlers.errorAction({ action: 'retry' });
    await flush();
    expect(h.handles).toHaveLength(2);
    expect(h.screen().kind).toBe('connecting');
  });

  it('a session that drops before logon is a failure, not an end', async () => {
    const h = harness();
    await signedIn(h);
    void h.core.handlers.connect({ desktopId: 'vm' });
    await flush();
    h.handles[0]!.emit({ kind: 'ended', reason: 'server-disconnect', detail: 'dropped' });
    await flush();
    const s = h.screen();
    expect(s.kind === 'error' && s.error.code).toBe('session-failed');
  });

  it('reports an engine that cannot start as an error, not a crash', async () => {
    const { ShellError } = await import('../../../../src-main/contract/index.ts');
    const h = harness(twoHosts, {
      startSession: async () => {
        throw new ShellError('session-engine-missing', 'xfreerdp is not installed');
      },
    });
    await signedIn(h);
    await h.core.handlers.connect({ desktopId: 'win' });
    const s = h.screen();
    expect(s.kind === 'error' && s.error).toEqual({ code: 'session-engine-missing', detail: 'xfreerdp is not installed' });
  });

  it('cancel while connecting disconnects the engine and returns to the list', async () => {
    const h = harness();
    await signedIn(h);
    void h.core.handlers.connect({ desktopId: 'win' });
    await flush();
    await h.core.handlers.cancel({});
    await flush();
    expect(h.handles[0]!.disconnects).toBe(1);
    expect(h.screen().kind).toBe('pick');
  });

  it('the hotkey opens the session menu; disconnect from it ends with user-disconnect and goes to sign-in', async () => {
    const h = harness({ ...twoHosts, session: { onEnd: 'reconnect', endedScreenSec: 2 } });
    const handle = await inSession(h);
    h.core.hotkey();
    const s = h.screen();
    expect(s.kind === 'session' && s.menu).toBe(true);
    h.core.hotkey();
    expect(h.screen().kind === 'session' && (h.screen() as { menu: boolean }).menu).toBe(false);
    await h.core.handlers.sessionMenu({ action: 'disconnect' });
    await flush();
    expect(handle.disconnects).toBe(1);
    const ended = h.screen();
    // Policy says reconnect, but a user who chose to leave is not reconnected.
    expect(ended.kind === 'ended' && [ended.reason, ended.next]).toEqual(['user-disconnect', 'signIn']);
  });

  it('reconnect from the menu opens a new session to the same desktop', async () => {
    const h = harness();
    const first = await inSession(h, 'vm');
    await h.core.handlers.sessionMenu({ action: 'reconnect' });
    await flush();
    expect(first.disconnects).toBe(1);
    expect(h.handles).toHaveLength(2);
    expect(h.specs[1]!.protocol).toBe('spice');
  });

  it('policy onEnd=reconnect reconnects after a drop, and gives up after the set number of failures', async () => {
    const h = harness({ ...twoHosts, session: { onEnd: 'reconnect', reconnectAttempts: 2, endedScreenSec: 3 } });
    const handle = await inSession(h);
    handle.emit({ kind: 'ended', reason: 'network-lost' });
    await flush();
    const s = h.screen();
    expect(s.kind === 'ended' && s.next).toBe('reconnect');
    await h.fireTimer();
    expect(h.handles).toHaveLength(2);
    for (let i = 0; i < 2; i++) {
      h.handles.at(-1)!.emit({ kind: 'failed', failure: 'unreachable', detail: 'refused' });
      await flush();
      expect(h.screen().kind).toBe('ended');
      await h.fireTimer();
    }
    expect(h.handles).toHaveLength(4);
    h.handles.at(-1)!.emit({ kind: 'failed', failure: 'unreachable', detail: 'refused' });
    await flush();
    const final = h.screen();
    expect(final.kind === 'error' && final.error.code).toBe('session-unreachable');
  });

  it('policy onEnd=powerOff signs the user out and powers off', async () => {
    const h = harness({ ...twoHosts, session: { onEnd: 'powerOff' } });
    const handle = await inSession(h);
    handle.emit({ kind: 'ended', reason: 'logged-off' });
    await flush();
    await h.fireTimer();
    expect(h.screen().kind).toBe('poweringOff');
    expect(h.powerOffs).toHaveLength(1);
    expect(JSON.stringify(h.view())).not.toContain('alice');
  });
});

describe('Shell: admin', () => {
  it('unlocks only with the right PIN, says when locked out, and locks again on sign-out', async () => {
    const h = harness({ ...twoHosts, kiosk: { adminPinHash: 'scrypt$16384$8$1$c2FsdA==$aGFzaA==' } });
    await h.core.start();
    expect(h.view().admin).toEqual({ unlocked: false, pinSet: true });
    expect(await dispatchCall(h.core.handlers, 'adminGetSettings', {})).toMatchObject({ ok: false, error: { code: 'not-allowed-now' } });
    expect(await dispatchCall(h.core.handlers, 'adminUnlock', { pin: '1' })).toMatchObject({ ok: false, error: { code: 'admin-pin-wrong' } });
    h.setPin({ ok: false, reason: 'locked-out', retryInSec: 60 });
    expect(await dispatchCall(h.core.handlers, 'adminUnlock', { pin: '1' })).toMatchObject({ ok: false, error: { code: 'admin-locked' } });
    h.setPin({ ok: true });
    expect((await dispatchCall(h.core.handlers, 'adminUnlock', { pin: '1234' })).ok).toBe(true);
    expect(h.view().admin.unlocked).toBe(true);
    const saved = await dispatchCall(h.core.handlers, 'adminSaveSettings', { settings: { onSessionEnd: 'reconnect' } });
    expect(saved.ok).toBe(true);
    expect(h.saved).toEqual([{ onSessionEnd: 'reconnect' }]);
    await h.core.handlers.signOut({});
    expect(h.view().admin.unlocked).toBe(false);
  });

  it('rejects settings that break the contract before they reach the store', async () => {
    const h = harness();
    await h.core.start();
    h.setPin({ ok: true });
    await h.core.handlers.adminUnlock({ pin: '1' });
    const reply = await dispatchCall(h.core.handlers, 'adminSaveSettings', { settings: { onSessionEnd: 'explode' } });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(h.saved).toEqual([]);
  });
});

describe('Shell: policy changes', () => {
  it('finds brokers again when policy changes them while idle at sign-in', async () => {
    const h = harness();
    await h.core.start();
    h.setPolicy({ brokers: [{ type: 'direct', id: 'other', name: 'Other', hosts: [{ id: 'a', name: 'A', protocol: 'rdp', host: 'a.example' }] }] });
    await flush();
    const s = h.screen();
    expect(s.kind === 'signIn' && s.broker.id).toBe('other');
  });

  it('leaves a signed-in user alone when policy changes', async () => {
    const h = await signedIn(harness());
    h.setPolicy({ ...twoHosts, locale: 'de' });
    await flush();
    expect(h.screen().kind).toBe('pick');
    expect(h.view().locale).toBe('de');
  });
});

describe('Shell: a session worker ready before the click', () => {
  function withSpare() {
    const calls: string[] = [];
    const h = harness(twoHosts, {
      sessionSpare: {
        prepare: async (_policy, protocols) => {
          calls.push(`prepare ${protocols.join(',')}`);
          return true;
        },
        release: async () => void calls.push('release'),
      },
    });
    return { h, calls };
  }

  it('is prepared when the picker shows (with the protocols listed), before any credentials reach an engine', async () => {
    const { h, calls } = withSpare();
    await signedIn(h);
    expect(h.screen().kind).toBe('pick');
    expect(calls).toEqual(['prepare rdp,spice']);
    expect(h.specs).toEqual([]);
  });

  it('is released on sign-out, and when a session end sends the user back to sign-in', async () => {
    const { h, calls } = withSpare();
    await signedIn(h);
    await h.core.handlers.signOut({});
    expect(calls).toEqual(['prepare rdp,spice', 'release']);
    const handle = await inSession(h);
    handle.emit({ kind: 'ended', reason: 'server-disconnect' });
    await flush();
    await h.fireTimer();
    expect(h.screen().kind).toBe('signIn');
    expect(calls).toEqual(['prepare rdp,spice', 'release', 'prepare rdp,spice', 'release']);
  });

  it('back at the picker after a cancelled connect: the next one is prepared', async () => {
    const { h, calls } = withSpare();
    await signedIn(h);
    void h.core.handlers.connect({ desktopId: 'win' });
    await flush();
    await h.core.handlers.cancel({});
    await flush();
    expect(h.screen().kind).toBe('pick');
    expect(calls).toEqual(['prepare rdp,spice', 'prepare rdp,spice']);
  });
});
