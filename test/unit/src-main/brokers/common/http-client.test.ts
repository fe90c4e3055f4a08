import { X509Certificate } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HttpClient, type HttpClientOptions } from '../../../../../src-main/brokers/common/http-client.ts';
import { parseJson } from '../../../../../src-main/brokers/common/json.ts';
import { ShellError } from '../../../../../src-main/contract/index.ts';
import { readBody, startHttpsServer, type TestHttpsServer } from '../../../../support/https-server.ts';
import { makeTestPki, type TestPki } from '../../../../support/tls-cert.ts';

// Every rule of the broker HTTP client against a real HTTPS server on loopback.

let pki: TestPki;
let otherPki: TestPki;
let server: TestHttpsServer;
/** The same certificate, but the server also sends its CA in the chain. */
let chainServer: TestHttpsServer;
let handler: (req: IncomingMessage, res: ServerResponse) => void;
const hits: string[] = [];

beforeAll(async () => {
  [pki, otherPki] = await Promise.all([makeTestPki(), makeTestPki()]);
  const route = (req: IncomingMessage, res: ServerResponse) => {
    hits.push(`${req.method} ${req.url}`);
    handler(req, res);
  };
  server = await startHttpsServer(pki.server, route);
  chainServer = await startHttpsServer({ cert: pki.server.cert + pki.ca, key: pki.server.key }, route);
});

afterAll(async () => {
  await Promise.all([server?.close(), chainServer?.close()]);
  await Promise.all([pki?.remove(), otherPki?.remove()]);
});

const ok = (_req: IncomingMessage, res: ServerResponse) => {
  res.setHeader('Content-Type', 'application/json');
  res.end('{"data":{"hello":"world"}}');
};

function client(over: Partial<HttpClientOptions> = {}, url = server.url): HttpClient {
  return new HttpClient({ url, tls: { ca: [pki.ca], fingerprints: [], insecure: false }, allowInsecure: false, timeoutSec: 5, backoffBaseMs: 5, ...over });
}

const signal = () => new AbortController().signal;

async function failure(p: Promise<unknown>): Promise<ShellError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ShellError);
  return err as ShellError;
}

function fingerprint(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}

describe('HttpClient: certificates', () => {
  it('trusts a server signed by a CA the policy lists, and parses its JSON', async () => {
    handler = ok;
    const reply = await client().request({ path: '/x', signal: signal() });
    expect(reply.status).toBe(200);
    expect(parseJson(reply, z.object({ data: z.object({ hello: z.string() }) }), 'test').data.hello).toBe('world');
  });

  it('refuses a server whose CA is in neither the system store nor the policy', async () => {
    handler = ok;
    const err = await failure(client({ tls: { ca: [], fingerprints: [], insecure: false } }).request({ path: '/x', signal: signal() }));
    expect(err.code).toBe('broker-tls');
    expect(err.message).toMatch(/not trusted/);
  });

  it('refuses a server signed by another CA than the one the policy lists', async () => {
    handler = ok;
    hits.length = 0;
    const err = await failure(client({ tls: { ca: [otherPki.ca], fingerprints: [], insecure: false } }).request({ method: 'POST', path: '/login', form: { password: 'x' }, signal: signal() }));
    expect(err.code).toBe('broker-tls');
    // Judged before the request left: the server never saw it.
    expect(hits).toEqual([]);
  });

  it('refuses a CA entry that is not a certificate with a broker-tls error', () => {
    expect(() => client({ tls: { ca: ['-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----'], fingerprints: [], insecure: false } })).toThrow(ShellError);
  });

  it('a pinned leaf passes on its own, even without a trusted CA', async () => {
    handler = ok;
    const pinned = client({ tls: { ca: [], fingerprints: [fingerprint(pki.server.cert)], insecure: false } });
    expect((await pinned.request({ path: '/x', signal: signal() })).status).toBe(200);
  });

  it('a pinned CA in the chain passes when it really issued the leaf', async () => {
    handler = ok;
    const pinned = client({ tls: { ca: [], fingerprints: [`sha256:${fingerprint(pki.ca).replace(/:/g, '').toLowerCase()}`], insecure: false } }, chainServer.url);
    expect((await pinned.request({ path: '/x', signal: signal() })).status).toBe(200);
  });

  it('a pin that matches nothing refuses even a trusted server', async () => {
    handler = ok;
    const err = await failure(client({ tls: { ca: [pki.ca], fingerprints: [fingerprint(otherPki.server.cert)], insecure: false } }).request({ path: '/x', signal: signal() }));
    expect(err.code).toBe('broker-tls');
    expect(err.message).toMatch(/matches no pinned fingerprint/);
  });

  it('"insecure" switches checks off only together with kiosk.allowInsecure', async () => {
    handler = ok;
    const off = { ca: [], fingerprints: [], insecure: true };
    const allowed = client({ tls: off, allowInsecure: true });
    expect(allowed.insecure).toBe(true);
    expect((await allowed.request({ path: '/x', signal: signal() })).status).toBe(200);
    const notAllowed = client({ tls: off, allowInsecure: false });
    expect(notAllowed.insecure).toBe(false);
    expect((await failure(notAllowed.request({ path: '/x', signal: signal() }))).code).toBe('broker-tls');
  });

  it('refuses plain http:// unless insecure is allowed', () => {
    expect(() => client({}, 'http://127.0.0.1:1')).toThrow(/plain http/);
    expect(client({ allowInsecure: true }, 'http://127.0.0.1:1').insecure).toBe(true);
  });

  it('talking TLS to something that is not TLS is a TLS error, not a hang', async () => {
    const { createServer } = await import('node:net');
    const plain = createServer((s) => s.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
    const port = (plain.address() as { port: number }).port;
    const err = await failure(client({}, `https://127.0.0.1:${port}`).request({ path: '/', signal: signal() }));
    plain.close();
    expect(err.code).toBe('broker-tls');
  });
});

describe('HttpClient: time, retries and failures', () => {
  it('gives up on a server that does not answer within timeoutSec (broker-timeout), without retrying', async () => {
    hits.length = 0;
    handler = () => {};
    const started = Date.now();
    const err = await failure(client({ timeoutSec: 1 }).request({ path: '/slow', signal: signal() }));
    expect(err.code).toBe('broker-timeout');
    expect(Date.now() - started).toBeLessThan(4000);
    expect(hits).toEqual(['GET /slow']);
  });

  it('retries a repeatable request after 503 and succeeds', async () => {
    hits.length = 0;
    let n = 0;
    handler = (req, res) => {
      n += 1;
      if (n < 3) {
        res.statusCode = 503;
        res.end('busy');
      } else ok(req, res);
    };
    const reply = await client().request({ path: '/flaky', signal: signal() });
    expect(reply.status).toBe(200);
    expect(hits).toEqual(['GET /flaky', 'GET /flaky', 'GET /flaky']);
  });

  it('a lasting 5xx becomes broker-unreachable after the retries; a POST is sent once', async () => {
    handler = (_req, res) => {
      res.statusCode = 502;
      res.end();
    };
    hits.length = 0;
    expect((await failure(client().request({ path: '/down', signal: signal() }))).code).toBe('broker-unreachable');
    expect(hits.length).toBe(3);
    hits.length = 0;
    expect((await failure(client().request({ method: 'POST', path: '/login', form: { a: 'b' }, signal: signal() }))).code).toBe('broker-unreachable');
    expect(hits).toEqual(['POST /login']);
  });

  it('returns a 500 or 401 to the caller as it is (the broker words it)', async () => {
    handler = (_req, res) => {
      res.statusCode = 401;
      res.end();
    };
    expect((await client().request({ path: '/auth', signal: signal() })).status).toBe(401);
  });

  it('a dropped connection: a GET is tried again, a POST that reached the server is not', async () => {
    handler = (req) => req.socket.destroy();
    hits.length = 0;
    expect((await failure(client().request({ path: '/drop', signal: signal() }))).code).toBe('broker-unreachable');
    expect(hits.length).toBe(3);
    hits.length = 0;
    expect((await failure(client().request({ method: 'POST', path: '/drop', form: {}, signal: signal() }))).code).toBe('broker-unreachable');
    expect(hits.length).toBe(1);
  });

  it('nothing listening is broker-unreachable', async () => {
    const closed = await startHttpsServer(pki.server, ok);
    await closed.close();
    const err = await failure(client({}, closed.url).request({ method: 'POST', path: '/', form: {}, signal: signal() }));
    expect(err.code).toBe('broker-unreachable');
    expect(err.message).toMatch(/ECONNREFUSED/);
  });

  it('a reply cut off before its declared length is broker-bad-reply', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Length': '100', 'Content-Type': 'application/json' });
      res.write('{"data":');
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const err = await failure(client({ retries: 0 }).request({ path: '/cut', signal: signal() }));
    expect(err.code).toBe('broker-bad-reply');
    expect(err.message).toMatch(/cut off/);
  });

  it('a reply larger than the limit is refused, declared or streamed', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Length': String(2_000_000) });
      res.end(Buffer.alloc(2_000_000, 0x20));
    };
    const declared = await failure(client({ maxBytes: 1_000_000, retries: 0 }).request({ path: '/huge', signal: signal() }));
    expect(declared.code).toBe('broker-bad-reply');
    expect(declared.message).toMatch(/more than the 1000000/);
    handler = (_req, res) => {
      res.writeHead(200);
      let sent = 0;
      const more = () => {
        while (sent < 3_000_000 && res.write(Buffer.alloc(65536, 0x20))) sent += 65536;
        if (sent < 3_000_000) res.once('drain', more);
        else res.end();
      };
      more();
    };
    const streamed = await failure(client({ maxBytes: 1_000_000, retries: 0 }).request({ path: '/huge', signal: signal() }));
    expect(streamed.code).toBe('broker-bad-reply');
    expect(streamed.message).toMatch(/larger than/);
  });

  it('a malformed JSON reply and a JSON reply of the wrong shape are broker-bad-reply', async () => {
    handler = (_req, res) => res.end('{"data": [1, 2');
    const c = client();
    const shape = z.object({ data: z.object({ ticket: z.string() }) });
    expect(() => parseJson({ text: () => '{"data": [1, 2' } as never, shape, 'ticket')).toThrow(/not JSON/);
    const reply = await c.request({ path: '/x', signal: signal() });
    expect(() => parseJson(reply, shape, 'ticket')).toThrow(ShellError);
    expect(() => parseJson({ text: () => '{"data":{"ticket":5}}' } as never, shape, 'ticket')).toThrow(/data\.ticket/);
  });

  it('cancels at once when the signal aborts, and the connection goes away', async () => {
    handler = () => {};
    const abort = new AbortController();
    const before = server.closedSockets();
    const started = Date.now();
    setTimeout(() => abort.abort(), 100);
    const err = await failure(client({ timeoutSec: 30 }).request({ path: '/slow', signal: abort.signal }));
    expect(err.code).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(2000);
    await expect.poll(() => server.closedSockets()).toBeGreaterThan(before);
  });

  it('cancels during the backoff between retries too', async () => {
    handler = (_req, res) => {
      res.statusCode = 503;
      res.end();
    };
    const abort = new AbortController();
    const slow = client({ backoffBaseMs: 5000 });
    setTimeout(() => abort.abort(), 200);
    const started = Date.now();
    expect((await failure(slow.request({ path: '/x', signal: abort.signal }))).code).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('HttpClient: cookies and connections', () => {
  it('keeps cookies the server sets and sends them back, with those the broker sets', async () => {
    const seen: (string | undefined)[] = [];
    handler = (req, res) => {
      seen.push(req.headers.cookie);
      res.setHeader('Set-Cookie', ['.ASPXAUTH=abc123; path=/; HttpOnly', 'gone=x; Max-Age=0']);
      res.end('{}');
    };
    const c = client();
    c.cookies.set('PVEAuthCookie', 'PVE:alice@pam:1234::sig');
    await c.request({ path: '/1', signal: signal() });
    await c.request({ path: '/2', signal: signal() });
    expect(seen[0]).toBe('PVEAuthCookie=PVE:alice@pam:1234::sig');
    expect(seen[1]).toBe('PVEAuthCookie=PVE:alice@pam:1234::sig; .ASPXAUTH=abc123');
    expect(JSON.stringify(c.cookies)).not.toContain('abc123');
  });

  it('singleConnection keeps every request on one kept-alive connection (NTLM needs that)', async () => {
    handler = async (req, res) => {
      await readBody(req);
      res.end('{}');
    };
    const c = client({ singleConnection: true });
    const replies = [];
    for (let i = 0; i < 3; i++) replies.push(await c.request({ method: 'POST', path: '/auth', form: { step: String(i) }, signal: signal() }));
    expect(new Set(replies.map((r) => r.connection)).size).toBe(1);
    expect(replies[0]!.connection).toBeGreaterThan(0);
    c.close();
  });

  it('refuses a path that leaves the broker origin', () => {
    expect(() => client().urlOf('https://elsewhere.example/x')).toThrow(ShellError);
    expect(client({}, 'https://h:8006/api2/json').urlOf('/access/ticket', { a: 1 }).href).toBe('https://h:8006/api2/json/access/ticket?a=1');
  });
});
