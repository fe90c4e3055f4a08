import { describe, expect, it } from 'vitest';
import { APP_URL, isAppUrl } from '../../../../../src-main/hosts/electron/app-origin.ts';

describe('isAppUrl', () => {
  it.each(['app://shell/', 'app://shell/index.html', 'app://shell/assets/x.js?v=1#top', APP_URL])('accepts %s', (url) => {
    expect(isAppUrl(url)).toBe(true);
  });

  it.each([
    'https://shell/',
    'file:///work/main/dist/renderer/index.html',
    'app://evil/',
    'app://shell.evil.example/',
    'app://shell:8080/',
    'app://user@shell/',
    'http://localhost:5173/',
    'javascript:alert(1)',
    'about:blank',
    'not a url',
    '',
    null,
    undefined,
  ])('refuses %s', (url) => {
    expect(isAppUrl(url)).toBe(false);
  });
});
