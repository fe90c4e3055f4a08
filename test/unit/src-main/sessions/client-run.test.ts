import { access } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildExit } from '../../../../src-main/sessions/child.ts';
import { runClient, type ClientRecipe, type ClientSignal, type OutcomeContext } from '../../../../src-main/sessions/client-run.ts';
import { SessionStates } from '../../../../src-main/sessions/session-handle.ts';
import { clientsUnder, sessionRoot } from '../../../support/session-env.ts';

/** A stand-in client: a real Node process printing the lines a real client would; SIGNALS reads them. */
const SIGNALS: Record<string, ClientSignal> = { CONNECTED: 'connected', UP: 'loggedOn', BAD: 'failure' };

function recipe(script: string, over: Partial<ClientRecipe> = {}): ClientRecipe & { exits: ChildExit[]; contexts: OutcomeContext[] } {
  const exits: ChildExit[] = [];
  const contexts: OutcomeContext[] = [];
  return {
    command: process.execPath,
    args: ['-e', script],
    feed: (line) => SIGNALS[line],
    outcome: (exit, ctx) => {
      exits.push(exit);
      contexts.push(ctx);
      if (ctx.userDisconnect) return { kind: 'ended', reason: 'user-disconnect' };
      if (ctx.deadline) return { kind: 'failed', failure: 'timeout', detail: 'deadline' };
      return { kind: 'ended', reason: 'server-disconnect', detail: `exit ${exit.code}` };
    },
    exits,
    contexts,
    ...over,
  };
}

let root: Awaited<ReturnType<typeof sessionRoot>>;
beforeAll(async () => (root = await sessionRoot()));
afterAll(async () => root.remove());

const HOLD = 'setInterval(() => {}, 1000)';

describe('runClient', () => {
  it('turns lines into states and wipes the private HOME before done resolves', async () => {
    const r = recipe(`console.log('CONNECTED'); console.log('UP'); console.log(process.env.HOME)`);
    const homes: string[] = [];
    const states = new SessionStates();
    states.emit({ kind: 'connecting' });
    const handle = runClient({ ...r, feed: (l) => (homes.push(l), r.feed(l)) }, { connectTimeoutSec: 10 }, { tmpRoot: root.path }, states);
    const kinds: string[] = [];
    handle.onState((s) => kinds.push(s.kind));
    expect(await handle.done).toMatchObject({ kind: 'ended', reason: 'server-disconnect', detail: 'exit 0' });
    expect(kinds).toEqual(['connecting', 'connected', 'loggedOn', 'ended']);
    expect(homes.at(-1)!.startsWith(root.path)).toBe(true);
    await expect(access(homes.at(-1)!)).rejects.toThrow();
  });

  it('ends the client at once on a failure line (a dialog would keep it up)', async () => {
    const r = recipe(`console.log('BAD'); ${HOLD}`);
    const t0 = Date.now();
    await runClient(r, { connectTimeoutSec: 30 }, { tmpRoot: root.path, killGraceMs: 500 }, new SessionStates()).done;
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.exits[0]).toMatchObject({ signal: 'SIGTERM', killed: true });
    expect(r.contexts[0]).toEqual({ userDisconnect: false, deadline: false });
  });

  it('ends the client at the deadline unless it is logged on by then', async () => {
    const slow = recipe(`console.log('CONNECTED'); ${HOLD}`);
    expect(await runClient(slow, { connectTimeoutSec: 1 }, { tmpRoot: root.path }, new SessionStates()).done).toMatchObject({ failure: 'timeout' });
    const up = recipe(`console.log('UP'); setTimeout(() => {}, 1500)`);
    expect(await runClient(up, { connectTimeoutSec: 1 }, { tmpRoot: root.path }, new SessionStates()).done).toMatchObject({ kind: 'ended', reason: 'server-disconnect' });
  });

  it('disconnect() ends the client and resolves after the final state; right after start too', async () => {
    const r = recipe(HOLD);
    const handle = runClient(r, { connectTimeoutSec: 30 }, { tmpRoot: root.path }, new SessionStates());
    await handle.disconnect();
    expect(await handle.done).toEqual({ kind: 'ended', reason: 'user-disconnect' });
    expect(await clientsUnder(root.path)).toEqual([]);
    await handle.disconnect(); // twice is fine
  });

  it('an outcome that throws still ends the session, as failed', async () => {
    const r = recipe('');
    const final = await runClient({ ...r, outcome: () => { throw new Error('bug'); } }, { connectTimeoutSec: 5 }, { tmpRoot: root.path }, new SessionStates()).done;
    expect(final).toMatchObject({ kind: 'failed', failure: 'failed', detail: expect.stringContaining('bug') });
  });
});
