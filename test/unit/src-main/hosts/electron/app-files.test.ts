import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  mimeTypeOf,
  resolveAppFile,
  respondWithAppFile,
} from '../../../../../src-main/hosts/electron/app-files.ts';

let base: string;
let root: string;
const get = (url: string, method = 'GET') => respondWithAppFile(root, new Request(url, { method }));

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'thinshell-app-files-'));
  root = path.join(base, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>shell</title>');
  await writeFile(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(root, 'assets', 'my file.css'), 'body{}');
  await writeFile(path.join(base, 'secret.txt'), 'outside the root');
});
afterAll(() => rm(base, { recursive: true, force: true }));

describe('app:// file serving', () => {
  it('serves index.html for the root, with the CSP header and nosniff', async () => {
    const res = await get('app://shell/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = res.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "img-src 'self' data:"]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(await res.text()).toContain('<title>shell</title>');
  });

  it('serves assets with their MIME type, percent-decoded names included', async () => {
    const js = await get('app://shell/assets/app.js?v=2');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log(1)');
    const css = await get('app://shell/assets/my%20file.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it.each(['app://shell/%2e%2e/secret.txt', 'app://shell/assets/%2E%2E/%2E%2E/secret.txt'])(
    'keeps %s inside the root (the URL parser folds encoded dots)',
    async (url) => {
      const res = await get(url);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('outside the root');
    },
  );

  it.each([
    'app://shell/..%2fsecret.txt',
    'app://shell/assets/..%2F..%2Fsecret.txt',
    'app://shell/assets/..%5c..%5csecret.txt',
    'app://shell/index.html%00.js',
    'app://shell/%E0%A4%A',
    'app://other/index.html',
  ])('refuses %s with 403 and never reads outside the root', async (url) => {
    const res = await get(url);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('outside the root');
  });

  it('answers 404 for a missing file or a directory, naming no path', async () => {
    for (const url of ['app://shell/nope.js', 'app://shell/assets']) {
      const res = await get(url);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain(base);
    }
  });

  it('refuses other methods and sends no body for HEAD', async () => {
    expect((await get('app://shell/index.html', 'POST')).status).toBe(405);
    const head = await get('app://shell/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('keeps a resolved file under the root', () => {
    expect(resolveAppFile(root, 'app://shell/assets/app.js')).toBe(path.join(root, 'assets', 'app.js'));
    expect(resolveAppFile(root, 'app://shell/../secret.txt')).toBe(path.join(root, 'secret.txt'));
  });

  it('types what a Vite build holds and treats the rest as bytes', () => {
    expect(mimeTypeOf('a/b.SVG')).toBe('image/svg+xml');
    expect(mimeTypeOf('font.woff2')).toBe('font/woff2');
    expect(mimeTypeOf('x.exe')).toBe('application/octet-stream');
    expect(CONTENT_SECURITY_POLICY).toContain("base-uri 'none'");
  });
});
