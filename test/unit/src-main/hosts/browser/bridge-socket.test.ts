import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, silentLogger } from '../../../../../src-main/common/log.ts';
import { startBrowserServer, type BrowserServer } from '../../../../../src-main/hosts/browser/server.ts';
import { createFakeCore, type FakeCore } from '../../../../fakes/core.ts';
import { openBridge, upgradeStatus, type Opened } from './bridge-client.ts';

let core: FakeCore;
let server: BrowserServer;
let logs: string[];
let origin: Record<string, string>;

const bridgeUrl = (token?: string) =>
  `ws://127.0.0.1:${server.port}/bridge${token === undefined ? '' : `?token=${token}`}`;

beforeEach(async () => {
  core = createFakeCore();
  logs = [];
  server = await startBrowserServer({ core, log: createLogger('test', { level: 'debug', write: (l) => logs.push(l) }), maxPayload: 4096 });
  origin = { Origin: server.origin };
});
afterEach(() => server.close());

async function connect(): Promise<Opened> {
  return openBridge(bridgeUrl(server.issueToken()), origin);
}

describe('bridge admission', () => {
  it('admits the page that has the token and the exact origin', async () => {
    const page = await connect();
    expect(server.connected).toBe(true);
    page.ws.close();
  });

  it('refuses a missing, wrong or malformed token with 401', async () => {
    const real = server.issueToken();
    expect(await upgradeStatus(bridgeUrl(), origin)).toBe(401);
    expect(await upgradeStatus(bridgeUrl('0'.repeat(64)), origin)).toBe(401);
    expect(await upgradeStatus(bridgeUrl(real.slice(0, 63)), origin)).toBe(401);
    expect(await upgradeStatus(bridgeUrl(real.toUpperCase()), origin)).toBe(401);
    // The failed guesses did not burn the real token.
    expect(await upgradeStatus(bridgeUrl(real), origin)).toBe(101);
  });

  it('accepts a token exactly once, even after that page has gone', async () => {
    const token = server.issueToken();
    const page = await openBridge(bridgeUrl(token), origin);
    page.ws.close();
    await page.closed;
    expect(await upgradeStatus(bridgeUrl(token), origin)).toBe(401);
  });

  it('refuses a second page while one is connected, even with a fresh token', async () => {
    const page = await connect();
    expect(await upgradeStatus(bridgeUrl(server.issueToken()), origin)).toBe(403);
    page.ws.close();
  });

  it('invalidates the old token when a new one is issued', async () => {
    const old = server.issueToken();
    const fresh = server.issueToken();
    expect(await upgradeStatus(bridgeUrl(old), origin)).toBe(401);
    expect(await upgradeStatus(bridgeUrl(fresh), origin)).toBe(101);
  });

  it('refuses a wrong or missing Origin with 403 without burning the token', async () => {
    const token = server.issueToken();
    expect(await upgradeStatus(bridgeUrl(token), { Origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(bridgeUrl(token), { Origin: `http://localhost:${server.port}` })).toBe(403);
    expect(await upgradeStatus(bridgeUrl(token), { Origin: 'null' })).toBe(403);
    expect(await upgradeStatus(bridgeUrl(token), {})).toBe(403);
    expect(await upgradeStatus(bridgeUrl(token), origin)).toBe(101);
  });

  it('refuses another path and another Host', async () => {
    const token = server.issueToken();
    expect(await upgradeStatus(`ws://127.0.0.1:${server.port}/other?token=${token}`, origin)).toBe(404);
    expect(await upgradeStatus(bridgeUrl(token), { ...origin, Host: `rebound.example:${server.port}` })).toBe(403);
  });

  it('logs refusals but never the token', async () => {
    const token = server.issueToken();
    await upgradeStatus(bridgeUrl(token), { Origin: 'http://evil.example' });
    await upgradeStatus(bridgeUrl(token.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))), origin);
    expect(logs.length).toBe(2);
    expect(logs.join('\n')).toContain('evil.example');
    expect(logs.join('\n')).not.toContain(token.slice(8, 40));
  });

  it('tells the host when the page connects and when it goes', async () => {
    const events: string[] = [];
    server.onConnect(() => events.push('connect'));
    server.onDisconnect((code) => events.push(`disconnect ${code}`));
    const page = await connect();
    page.ws.close(4000);
    await page.closed;
    await new Promise((r) => setImmediate(r));
    expect(events).toEqual(['connect', 'disconnect 4000']);
    expect(server.connected).toBe(false);
    expect(core.viewListeners).toBe(0);
  });
});

describe('bridge frames', () => {
  it('pushes the current view right after connect, then every new view', async () => {
    const page = await connect();
    const first = await page.next();
    expect(first).toEqual({ type: 'event', event: 'view', payload: core.view });
    const pushed = core.pushView({ screen: { kind: 'discovering' } });
    expect(await page.next()).toEqual({ type: 'event', event: 'view', payload: pushed });
    page.ws.close();
  });

  it('answers a call through the contract, by seq', async () => {
    const page = await connect();
    page.ws.send(JSON.stringify({ seq: 7, method: 'connect', args: { desktopId: 'd1' } }));
    page.ws.send(JSON.stringify({ seq: 8, method: 'thinshell:getView', args: {} }));
    expect(await page.next((f) => f.type === 'reply' && f.seq === 7)).toEqual({ type: 'reply', seq: 7, reply: { ok: true, value: null } });
    const view = await page.next((f) => f.type === 'reply' && f.seq === 8);
    expect(view).toMatchObject({ reply: { ok: true, value: { rev: core.view.rev } } });
    expect(core.calls.filter((c) => c.method === 'connect')).toEqual([{ method: 'connect', args: { desktopId: 'd1' } }]);
    page.ws.close();
  });

  it('answers an unknown method and bad arguments with invalid-argument', async () => {
    const page = await connect();
    page.ws.send(JSON.stringify({ seq: 1, method: 'rmRf', args: {} }));
    page.ws.send(JSON.stringify({ seq: 2, method: 'connect', args: { desktopId: '' } }));
    page.ws.send(JSON.stringify({ seq: 3, method: 'getView', args: {}, extra: true }));
    for (const seq of [1, 2, 3]) {
      const reply = await page.next((f) => f.type === 'reply' && f.seq === seq);
      expect(reply).toMatchObject({ reply: { ok: false, error: { code: 'invalid-argument' } } });
    }
    expect(core.calls.filter((c) => c.method !== 'getView')).toEqual([]);
    page.ws.close();
  });

  it.each([
    ['not JSON', '{"seq": 1,', 1007],
    ['JSON without a seq', '{"method":"getView"}', 1007],
    ['a bare number', '42', 1007],
    ['null', 'null', 1007],
  ])('closes the page on a frame it cannot answer: %s', async (_name, text, code) => {
    const page = await connect();
    page.ws.send(text);
    expect((await page.closed).code).toBe(code);
  });

  it('closes on binary frames and on frames over the size limit', async () => {
    const binary = await connect();
    binary.ws.send(Buffer.from('{"seq":1}'));
    expect((await binary.closed).code).toBe(1003);
    const big = await connect();
    big.ws.send(JSON.stringify({ seq: 1, method: 'getView', args: { pad: 'x'.repeat(5000) } }));
    expect((await big.closed).code).toBe(1009);
    expect(core.calls.filter((c) => c.method !== 'getView')).toEqual([]);
  });

  it('by default takes frames up to 64 KiB and no more', async () => {
    await server.close();
    server = await startBrowserServer({ core, log: silentLogger });
    origin = { Origin: server.origin };
    const page = await connect();
    const frame = (size: number) => JSON.stringify({ seq: 1, method: 'getView', args: {}, pad: 'x'.repeat(size) });
    page.ws.send(frame(60 * 1024)); // malformed (extra key) but within the limit: answered
    expect(await page.next((f) => f.type === 'reply')).toMatchObject({ seq: 1, reply: { ok: false } });
    page.ws.send(frame(65 * 1024));
    expect((await page.closed).code).toBe(1009);
  });

  it('a handler that throws becomes an error reply, and the server carries on', async () => {
    core = createFakeCore({ handlers: { cancel: () => { throw new Error('boom'); } } });
    await server.close();
    server = await startBrowserServer({ core, log: silentLogger });
    origin = { Origin: server.origin };
    const page = await connect();
    page.ws.send(JSON.stringify({ seq: 1, method: 'cancel', args: {} }));
    expect(await page.next((f) => f.type === 'reply')).toEqual({
      type: 'reply', seq: 1, reply: { ok: false, error: { code: 'internal', message: 'boom' } },
    });
    page.ws.close();
  });
});
