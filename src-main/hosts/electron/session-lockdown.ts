import type { Session } from 'electron';

/** Schemes the kiosk page's session may load. Everything else (http, https, ws, file...) is cancelled. */
const LOCAL_SCHEMES = new Set(['app:', 'devtools:', 'data:', 'blob:']);

function isLocalRequest(url: string): boolean {
  try {
    return LOCAL_SCHEMES.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

/**
 * The page needs no permission, no device and no network: main does all of that. So every
 * permission request and check is denied, device pickers get no device, downloads are
 * cancelled, and requests to remote schemes are cancelled even if the CSP were bypassed.
 */
export function lockDownSession(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.setDisplayMediaRequestHandler((_request, callback) => callback(null));
  ses.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  ses.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback(null);
  });
  ses.on('select-serial-port', (event, _ports, _contents, callback) => {
    event.preventDefault();
    callback('');
  });
  ses.on('will-download', (event) => event.preventDefault());
  ses.webRequest.onBeforeRequest({ urls: ['<all_urls>'] }, (details, callback) => {
    callback({ cancel: !isLocalRequest(details.url) });
  });
}
