import type { Session } from 'electron';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeEvent, resetElectronFake, session } from '../../../../fakes/electron.ts';
import { lockDownSession } from '../../../../../src-main/hosts/electron/session-lockdown.ts';

const permissions = ['media', 'geolocation', 'notifications', 'clipboard-read', 'fullscreen', 'openExternal', 'usb', 'hid', 'serial', 'display-capture', 'unknown'];

describe('lockDownSession', () => {
  let ses: typeof session.defaultSession;
  beforeEach(() => {
    resetElectronFake();
    ses = session.defaultSession;
    lockDownSession(ses as unknown as Session);
  });

  it.each(permissions)('denies a request for %s', (permission) => {
    const answers: boolean[] = [];
    ses.permissionRequest?.({}, permission, (granted: boolean) => answers.push(granted), {});
    expect(answers).toEqual([false]);
  });

  it.each(permissions)('denies a check for %s, even from our own origin', (permission) => {
    expect(ses.permissionCheck?.(null, permission, 'app://shell', {})).toBe(false);
  });

  it('grants no device and shares no screen', () => {
    expect(ses.devicePermission?.({ deviceType: 'usb', origin: 'app://shell' })).toBe(false);
    const streams: unknown[] = [];
    ses.displayMedia?.({}, (s: unknown) => streams.push(s));
    expect(streams).toEqual([null]);
  });

  it('answers device pickers with no device', () => {
    const picked: unknown[] = [];
    const usb = fakeEvent();
    ses.emit('select-usb-device', usb, { deviceList: [{ deviceId: 'd1' }] }, (id?: string) => picked.push(id));
    const serial = fakeEvent();
    ses.emit('select-serial-port', serial, [{ portId: 'p1' }], {}, (id: string) => picked.push(id));
    expect(usb.defaultPrevented && serial.defaultPrevented).toBe(true);
    expect(picked).toEqual([undefined, '']);
  });

  it('cancels downloads', () => {
    const event = fakeEvent();
    ses.emit('will-download', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });

  it('cancels every request to a remote or file URL and lets our own through', () => {
    expect(ses.beforeRequest?.filter.urls).toEqual(['<all_urls>']);
    const verdict = (url: string) => {
      let cancel: boolean | undefined;
      ses.beforeRequest?.listener({ url }, (r: { cancel: boolean }) => (cancel = r.cancel));
      return cancel;
    };
    for (const url of ['https://example.com/x.js', 'http://10.0.0.1/', 'wss://broker/', 'file:///etc/passwd', 'ftp://x/']) {
      expect(verdict(url), url).toBe(true);
    }
    for (const url of ['app://shell/index.html', 'data:image/png;base64,AA==', 'devtools://devtools/bundled/x.html']) {
      expect(verdict(url), url).toBe(false);
    }
  });
});
