import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../../src-main/common/log.ts';
import { startBrowserServer, type BrowserServer } from '../../../../../src-main/hosts/browser/server.ts';
import { safeSegments } from '../../../../../src-main/hosts/browser/static-files.ts';
import { createFakeCore } from '../../../../fakes/core.ts';
import { rawRequest } from './bridge-client.ts';

let base: string;
let server: BrowserServer;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'thinshell-static-'));
  const root = join(base, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>t</title>');
  await writeFile(join(root, 'assets', 'app-1a2b.js'), 'console.log(1)');
  await writeFile(join(root, 'assets', 'app.css'), 'body{}');
  await writeFile(join(root, 'assets', 'logo.svg'), '<svg/>');
  await writeFile(join(root, 'assets', 'font.woff2'), 'w');
  await writeFile(join(root, 'assets', 'data.bin'), 'b');
  await writeFile(join(root, '.env'), 'SECRET=1');
  await writeFile(join(base, 'outside.txt'), 'outside');
  await symlink(join(base, 'outside.txt'), join(root, 'assets', 'escape.txt'));
  server = await startBrowserServer({ core: createFakeCore(), rendererDir: root, log: silentLogger });
});
afterAll(async () => {
  await server.close();
  await rm(base, { recursive: true, force: true });
});

describe('static files', () => {
  it('serves index.html at / with no-store and the full CSP', async () => {
    const res = await rawRequest(server.port, '/');
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>t</title>');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    const csp = String(res.headers['content-security-policy']).split('; ');
    expect(csp).toEqual(
      expect.arrayContaining([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        `connect-src 'self' ws://127.0.0.1:${server.port}`,
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
      ]),
    );
    expect(String(res.headers['content-security-policy'])).not.toContain('unsafe');
  });

  it.each([
    ['/index.html', 'text/html; charset=utf-8'],
    ['/assets/app-1a2b.js', 'text/javascript; charset=utf-8'],
    ['/assets/app.css', 'text/css; charset=utf-8'],
    ['/assets/logo.svg', 'image/svg+xml'],
    ['/assets/font.woff2', 'font/woff2'],
    ['/assets/data.bin', 'application/octet-stream'],
  ])('serves %s as %s', async (path, type) => {
    const res = await rawRequest(server.port, path);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(type);
  });

  it.each([
    '/../outside.txt',
    '/assets/../../outside.txt',
    '/%2e%2e/outside.txt',
    '/assets%2f..%2f..%2foutside.txt',
    '/..%5coutside.txt',
    '/assets/escape.txt',
    '/.env',
    '/assets',
    '/missing.js',
    '/index.html%00.js',
    '/%E0%A4%A',
  ])('refuses %s with 404', async (path) => {
    const res = await rawRequest(server.port, path);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('outside');
    expect(res.body).not.toContain('SECRET');
  });

  it('answers HEAD without a body and other methods with 405', async () => {
    const head = await rawRequest(server.port, '/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      const res = await rawRequest(server.port, '/', { method });
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD');
    }
  });

  it('refuses any Host but 127.0.0.1:PORT (DNS rebinding)', async () => {
    expect((await rawRequest(server.port, '/', { host: `attacker.example:${server.port}` })).status).toBe(403);
    expect((await rawRequest(server.port, '/', { host: `localhost:${server.port}` })).status).toBe(403);
  });
});

describe('safeSegments', () => {
  it('maps / to index.html and keeps plain paths', () => {
    expect(safeSegments('/')).toEqual(['index.html']);
    expect(safeSegments('/assets/a.js?x=1#y')).toEqual(['assets', 'a.js']);
  });
  it('refuses dot segments, backslashes, NUL and bad escapes', () => {
    for (const bad of ['/%2e%2e/x', '/a/%2E%2E%2Fb', '/a\\b', '/a%5cb', '/a%00', '/%ZZ', '/.git/config']) {
      expect(safeSegments(bad)).toBeUndefined();
    }
  });
});

describe('server without a renderer dir', () => {
  it('serves 404 for everything but still listens on 127.0.0.1 only', async () => {
    const bare = await startBrowserServer({ core: createFakeCore(), log: silentLogger });
    expect(bare.origin).toBe(`http://127.0.0.1:${bare.port}`);
    expect(bare.pageUrl()).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${bare.port}/#token=[0-9a-f]{64}$`));
    expect((await rawRequest(bare.port, '/')).status).toBe(404);
    await bare.close();
  });
});
