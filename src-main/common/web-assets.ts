/**
 * What both hosts need to serve the built renderer: its content security policy and the MIME
 * types of a Vite build. One copy, so the Electron and browser kiosks cannot drift apart.
 */

/**
 * The renderer's CSP (the same as its meta tag; sent as a header so it covers every response).
 * `connectSrc` adds what the page may talk to besides itself (the browser host's bridge).
 */
export function contentSecurityPolicy(connectSrc?: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    ...(connectSrc ? [`connect-src 'self' ${connectSrc}`] : []),
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** With nosniff, a wrong type breaks the page: unknown extensions are served as opaque bytes. */
export function mimeType(extension: string): string {
  return MIME_TYPES[extension.toLowerCase()] ?? 'application/octet-stream';
}
