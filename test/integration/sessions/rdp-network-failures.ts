import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { expect, it } from 'vitest';
import { freeLoopbackPort, startRdpServer } from '../../../src-main/demo/servers.ts';
import type { RdpConnection, SessionEngine } from '../../../src-main/sessions/types.ts';
import { clientsUnder } from '../../support/session-env.ts';
import { recordStates } from '../../support/session-states.ts';

export interface RdpEngineUnderTest {
  engine: SessionEngine;
  spec(over?: Partial<RdpConnection>): RdpConnection;
  /** The client's X display. */
  display: string;
  /** Where the engine makes its per-session HOMEs: empty again once a session is over. */
  root: string;
  user: string;
  password: string;
}

/**
 * What every RDP engine must do when the network or the server fails, against real servers:
 * one contract for xfreerdp and the native engine, so they cannot drift apart.
 */
export function rdpNetworkFailureTests(get: () => RdpEngineUnderTest): void {
  it('nothing listening: failed unreachable', async () => {
    const { engine, spec, display } = get();
    const final = await engine.start(spec({ port: await freeLoopbackPort() }), { connectTimeoutSec: 20, display }).done;
    expect(final).toMatchObject({ kind: 'failed', failure: 'unreachable' });
  });

  it('a host name that does not resolve: failed dns', async () => {
    const { engine, spec, display } = get();
    const final = await engine.start(spec({ host: 'no-such-host.invalid' }), { connectTimeoutSec: 20, display }).done;
    expect(final).toMatchObject({ kind: 'failed', failure: 'dns' });
  });

  it('a server that accepts and never answers: failed timeout at the deadline, client gone', async () => {
    const { engine, spec, display, root } = get();
    const silent: Server = createServer(() => undefined).listen(0, '127.0.0.1');
    await once(silent, 'listening');
    try {
      const t0 = Date.now();
      const final = await engine.start(spec({ port: (silent.address() as { port: number }).port }), { connectTimeoutSec: 3, display }).done;
      expect(final).toMatchObject({ kind: 'failed', failure: 'timeout' });
      expect(Date.now() - t0).toBeGreaterThanOrEqual(2900);
      expect(Date.now() - t0).toBeLessThan(8000);
      expect(await clientsUnder(root)).toEqual([]);
    } finally {
      silent.close();
    }
  });

  it('the server killed mid-session: ended network-lost', async () => {
    const { engine, spec, display, root, user, password } = get();
    const own = await startRdpServer({ user, password, mode: 'nla', lifetimeSec: 120 });
    try {
      const handle = engine.start(spec({ port: own.port, certificate: { mode: 'ignore', fingerprints: [] } }), { connectTimeoutSec: 20, display });
      await recordStates(handle).waitFor('loggedOn');
      await own.crash();
      expect(await handle.done).toMatchObject({ kind: 'ended', reason: 'network-lost' });
      expect(await clientsUnder(root)).toEqual([]);
    } finally {
      await own.stop();
    }
  });
}
