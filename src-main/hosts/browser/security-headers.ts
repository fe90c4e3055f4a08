import { contentSecurityPolicy as sharedCsp, mimeType } from '../../common/web-assets.ts';

/**
 * The headers every response of the browser host carries. The page is the kiosk's whole UI, so
 * it may load nothing but its own files and talk to nothing but its own bridge.
 */
export function contentSecurityPolicy(port: number): string {
  return sharedCsp(`ws://127.0.0.1:${port}`);
}

export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(port),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
  };
}

export { mimeType };
