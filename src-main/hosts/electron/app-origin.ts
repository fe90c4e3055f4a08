/**
 * The one origin the kiosk page may come from. The renderer is served through a privileged
 * custom scheme instead of file:// so that it has a real origin (file:// pages share one
 * origin with every local file) and so that every response carries our CSP header.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'shell';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * True for URLs on our origin. Compared by scheme and host rather than `URL.origin`, because
 * WHATWG URL reports the origin of a non-special scheme as "null" outside Chromium.
 */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === ''
  );
}
