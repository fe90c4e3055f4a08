import { describe, expect, it } from 'vitest';
import { SessionStates, sessionHandle } from '../../../../src-main/sessions/session-handle.ts';
import type { SessionState } from '../../../../src-main/sessions/types.ts';

describe('SessionStates', () => {
  it('moves only forward and ends once', async () => {
    const s = new SessionStates();
    expect(s.emit({ kind: 'connecting' })).toBe(true);
    expect(s.emit({ kind: 'loggedOn' })).toBe(true);
    expect(s.emit({ kind: 'connected' })).toBe(false);
    expect(s.emit({ kind: 'loggedOn' })).toBe(false);
    expect(s.emit({ kind: 'ended', reason: 'network-lost' })).toBe(true);
    expect(s.emit({ kind: 'failed', failure: 'failed', detail: 'late' })).toBe(false);
    await expect(s.done).resolves.toEqual({ kind: 'ended', reason: 'network-lost' });
    expect(s.final).toBe(true);
  });

  it('replays the states so far to a late listener, then keeps it informed', () => {
    const s = new SessionStates();
    s.emit({ kind: 'connecting' });
    s.emit({ kind: 'connected' });
    const seen: SessionState['kind'][] = [];
    s.onState((st) => seen.push(st.kind));
    s.emit({ kind: 'failed', failure: 'timeout', detail: 'x' });
    expect(seen).toEqual(['connecting', 'connected', 'failed']);
  });

  it('keeps going when a listener throws, and stops calling one that unsubscribed', () => {
    const s = new SessionStates();
    const seen: string[] = [];
    s.onState(() => {
      throw new Error('listener bug');
    });
    const off = s.onState((st) => seen.push(st.kind));
    s.emit({ kind: 'connecting' });
    off();
    s.emit({ kind: 'connected' });
    expect(seen).toEqual(['connecting']);
  });

  it('exposes done, onState and disconnect as a SessionHandle', async () => {
    const s = new SessionStates();
    let disconnected = 0;
    const handle = sessionHandle(s, async () => {
      disconnected++;
    });
    await handle.disconnect();
    s.emit({ kind: 'ended', reason: 'user-disconnect' });
    expect(disconnected).toBe(1);
    await expect(handle.done).resolves.toEqual({ kind: 'ended', reason: 'user-disconnect' });
  });
});
