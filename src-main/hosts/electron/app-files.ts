import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { contentSecurityPolicy, mimeType } from '../../common/web-assets.ts';
import { isAppUrl } from './app-origin.ts';

/** The same policy as the renderer's meta tag; sent as a header so it also covers non-HTML responses. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

export function mimeTypeOf(file: string): string {
  return mimeType(path.extname(file));
}

/**
 * Maps an app:// URL to a file under `root`, or undefined when the request must be refused:
 * another origin, '.'/'..' segments (also percent-encoded), backslashes or NUL bytes. We refuse
 * rather than normalise: our own page never asks for such a path.
 */
export function resolveAppFile(root: string, requestUrl: string): string | undefined {
  if (!isAppUrl(requestUrl)) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  if (decoded.split('/').some((segment) => segment === '..' || segment === '.')) return undefined;
  const relative = decoded.replace(/^\/+/, '') || 'index.html';
  const base = path.resolve(root);
  const file = path.resolve(base, relative);
  const inside = path.relative(base, file);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) return undefined;
  return file;
}

function headersFor(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: headersFor('text/plain; charset=utf-8') });
}

/** The body of the app:// protocol handler: a file from the renderer build, or an error status. */
export async function respondWithAppFile(root: string, request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'method not allowed');
  const file = resolveAppFile(root, request.url);
  if (!file) return plain(403, 'forbidden');
  let body: Buffer<ArrayBuffer>;
  try {
    body = await readFile(file);
  } catch {
    // Missing, a directory, unreadable: all the same to the page, and no path leaks out.
    return plain(404, 'not found');
  }
  return new Response(request.method === 'HEAD' ? null : body, {
    status: 200,
    headers: headersFor(mimeTypeOf(file)),
  });
}
