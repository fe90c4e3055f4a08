import { protocol } from 'electron';
import { APP_SCHEME } from './app-origin.ts';
import { respondWithAppFile } from './app-files.ts';

/**
 * Must run before the app is ready. `standard` gives app:// real origins and relative URLs;
 * `secure` makes it a secure context. No `bypassCSP`, no service workers, no CORS opening.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

/** Serves the renderer build (`rendererDir`, e.g. dist/renderer) as app://shell/. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => respondWithAppFile(rendererDir, request));
}
