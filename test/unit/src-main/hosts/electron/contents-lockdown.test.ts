import type { WebContents } from 'electron';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeWebContents, fakeEvent, resetElectronFake } from '../../../../fakes/electron.ts';
import { lockDownContents } from '../../../../../src-main/hosts/electron/contents-lockdown.ts';
import { memoryLog } from './log.ts';

describe('lockDownContents', () => {
  let contents: FakeWebContents;
  let allowDevtools: boolean;
  const log = memoryLog();
  beforeEach(() => {
    resetElectronFake();
    contents = new FakeWebContents();
    allowDevtools = false;
    lockDownContents(contents as unknown as WebContents, () => allowDevtools, log);
  });

  it('denies window.open, whatever the URL', () => {
    for (const url of ['https://example.com/', 'app://shell/index.html', 'about:blank']) {
      expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    }
  });

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'] as const)(
    'blocks %s to other origins and allows our own',
    (kind) => {
      for (const url of ['https://example.com/', 'file:///etc/passwd', 'app://evil/', 'javascript:alert(1)', 'chrome://gpu']) {
        expect(contents.navigate(kind, url), url).toBe(true);
      }
      expect(contents.navigate(kind, 'app://shell/index.html')).toBe(false);
    },
  );

  it('says in the log what it refused', () => {
    contents.navigate('will-navigate', 'https://example.com/phish');
    expect(log.lines.at(-1)).toContain('https://example.com/phish');
  });

  it('refuses to attach a <webview>', () => {
    const event = fakeEvent();
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });

  it('closes devtools as soon as they open, unless policy allows them', () => {
    contents.openDevTools();
    expect(contents.devToolsOpen).toBe(false);
    allowDevtools = true;
    contents.openDevTools();
    expect(contents.devToolsOpen).toBe(true);
  });
});
