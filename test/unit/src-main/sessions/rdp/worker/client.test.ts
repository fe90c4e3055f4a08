import { describe, expect, it, vi } from 'vitest';
import { WorkerClient } from '../../../../../../src-main/sessions/rdp/worker/client.ts';
import { WorkerError } from '../../../../../../src-main/sessions/rdp/worker/protocol.ts';
import { fakeTransport, stateMessage } from './fake-transport.ts';

function setup() {
  const fake = fakeTransport();
  const events = { onReady: vi.fn(), onState: vi.fn(), onFatal: vi.fn(), onProtocolError: vi.fn() };
  const client = new WorkerClient(fake.transport, events);
  return { fake, events, client };
}

describe('WorkerClient', () => {
  it('numbers requests and matches each answer by seq, in any order', async () => {
    const { fake, client } = setup();
    const a = client.request({ type: 'ping' });
    const b = client.request({ type: 'disconnect' });
    expect(fake.sent).toEqual([
      { type: 'ping', seq: 1 },
      { type: 'disconnect', seq: 2 },
    ]);
    fake.emit({ type: 'result', seq: 2 });
    fake.emit({ type: 'result', seq: 1, nativeState: 'loggedOn' });
    await expect(a).resolves.toEqual({ type: 'result', seq: 1, nativeState: 'loggedOn' });
    await expect(b).resolves.toEqual({ type: 'result', seq: 2 });
  });

  it('rebuilds an error answer as a WorkerError of its kind', async () => {
    const { fake, client } = setup();
    const start = client.request({ type: 'start', settings: { port: 'x' } });
    fake.emit({ type: 'error', seq: 1, kind: 'settings', message: "port: expected an integer from 1 to 65535, got 'x'" });
    const err = await start.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerError);
    expect(err).toMatchObject({ kind: 'settings', message: expect.stringContaining('port') });
  });

  it('passes ready, state and fatal messages to their handlers', () => {
    const { fake, events } = setup();
    fake.emit({ type: 'ready', version: 'v1' });
    fake.emit(stateMessage('connected'));
    fake.emit({ type: 'fatal', kind: 'library', message: 'gone' });
    expect(events.onReady).toHaveBeenCalledWith('v1');
    expect(events.onState).toHaveBeenCalledWith(stateMessage('connected'));
    expect(events.onFatal).toHaveBeenCalledWith('library', 'gone');
    expect(events.onProtocolError).not.toHaveBeenCalled();
  });

  it('reports malformed messages and answers nobody asked for as protocol errors', () => {
    const { fake, events } = setup();
    fake.emit({ type: 'state', state: 'weird' });
    fake.emit('hello');
    fake.emit({ type: 'result', seq: 99 });
    expect(events.onProtocolError).toHaveBeenCalledTimes(3);
    expect(events.onProtocolError.mock.calls[2]![0]).toMatch(/unknown request 99/);
  });

  it('fails every open request with kind crashed when the worker goes away, and later ones at once', async () => {
    const { fake, client } = setup();
    const open = client.request({ type: 'ping' });
    fake.exit({ code: null, signal: 'SIGKILL' });
    await expect(open).rejects.toMatchObject({ kind: 'crashed' });
    await expect(client.request({ type: 'ping' })).rejects.toMatchObject({ kind: 'crashed' });
  });

  it('never sends a request that breaks the protocol; the error names no value', async () => {
    const { fake, client } = setup();
    const err = await client.request({ type: 'start', settings: {}, password: 'secret\0x' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'bad-request' });
    expect((err as Error).message).not.toContain('secret');
    expect(fake.sent).toEqual([]);
  });

  it('a handler that throws does not break the channel', async () => {
    const fake = fakeTransport();
    const client = new WorkerClient(fake.transport, { onReady: () => { throw new Error('bug'); }, onState: vi.fn(), onFatal: vi.fn(), onProtocolError: vi.fn() });
    fake.emit({ type: 'ready', version: 'v' });
    const p = client.request({ type: 'ping' });
    fake.emit({ type: 'result', seq: 1 });
    await expect(p).resolves.toMatchObject({ seq: 1 });
  });
});
