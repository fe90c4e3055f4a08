import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { openParentPort } from '../../../../../../src-main/sessions/rdp/worker/parent-port.ts';

const ready = { type: 'ready', version: 'v' } as const;

describe('openParentPort', () => {
  it("under Electron's utilityProcess: postMessage out, {data} unwrapped in", async () => {
    const posted: unknown[] = [];
    const port = Object.assign(new EventEmitter(), { postMessage: (m: unknown) => posted.push(m) });
    const proc = Object.assign(new EventEmitter(), { parentPort: port }) as unknown as NodeJS.Process;
    const p = openParentPort(proc);
    const got: unknown[] = [];
    p.onMessage((m) => got.push(m));
    port.emit('message', { data: { type: 'ping', seq: 1 } });
    p.send(ready);
    await p.flush();
    expect(got).toEqual([{ type: 'ping', seq: 1 }]);
    expect(posted).toEqual([ready]);
  });

  it('under fork: process.send out (flush waits for it), message events in, close on disconnect', async () => {
    const sent: unknown[] = [];
    const callbacks: Array<() => void> = [];
    const proc = Object.assign(new EventEmitter(), {
      connected: true,
      send: (m: unknown, _h: unknown, _o: unknown, cb: () => void) => {
        sent.push(m);
        callbacks.push(cb);
        return true;
      },
    }) as unknown as NodeJS.Process;
    const p = openParentPort(proc);
    let closed = false;
    p.onClose(() => (closed = true));
    p.send(ready);
    let flushed = false;
    const flushing = p.flush().then(() => (flushed = true));
    await Promise.resolve();
    expect(flushed).toBe(false); // not yet handed to the channel
    callbacks.forEach((cb) => cb());
    await flushing;
    expect(sent).toEqual([ready]);
    proc.emit('disconnect');
    expect(closed).toBe(true);
  });

  it('without any channel: a clear error, not a silent worker', () => {
    expect(() => openParentPort(new EventEmitter() as unknown as NodeJS.Process)).toThrow(/IPC channel/);
  });
});
