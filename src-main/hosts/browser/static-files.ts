import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import { mimeType } from './security-headers.ts';

/**
 * Serves the built renderer, and nothing outside it: no traversal (`..`, encoded or not), no
 * hidden files, no symlinks that lead out, no directory listings. Anything refused is a plain 404
 * so a probe learns nothing about the disk.
 */
export interface StaticFiles {
  handle(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): Promise<void>;
}

/** The request path as a list of safe segments, or undefined when it must be refused. */
export function safeSegments(rawUrl: string): string[] | undefined {
  // Not through URL(): it would quietly resolve `/%2e%2e/x` to `/x`. A path with dot segments is
  // never one the renderer asks for, so it is refused rather than repaired.
  const rawPath = rawUrl.split(/[?#]/, 1)[0] ?? '';
  if (!rawPath.startsWith('/')) return undefined;
  let pathname: string;
  try {
    pathname = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return undefined;
  const segments = pathname.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s.startsWith('.'))) return undefined;
  return segments.length === 0 ? ['index.html'] : segments;
}

export async function createStaticFiles(rootDir: string | undefined): Promise<StaticFiles> {
  // Resolve once: a root that is itself a symlink is fine, links inside it that leave it are not.
  const root = rootDir === undefined ? undefined : await realpath(rootDir);

  async function resolveFile(rawUrl: string): Promise<{ path: string; size: number } | undefined> {
    const segments = safeSegments(rawUrl);
    if (!root || !segments) return undefined;
    try {
      const path = await realpath(join(root, ...segments));
      if (!path.startsWith(root + sep)) return undefined;
      const info = await stat(path);
      return info.isFile() ? { path, size: info.size } : undefined;
    } catch {
      return undefined;
    }
  }

  return {
    async handle(req, res, headers) {
      const file = await resolveFile(req.url ?? '/');
      if (!file) {
        res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end('not found\n');
        return;
      }
      res.writeHead(200, {
        ...headers,
        'Content-Type': mimeType(extname(file.path)),
        'Content-Length': String(file.size),
        // Nothing of one session may linger in a cache for the next; loopback makes this cheap.
        'Cache-Control': 'no-store',
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      const stream = createReadStream(file.path);
      stream.on('error', () => res.destroy());
      stream.pipe(res);
    },
  };
}
