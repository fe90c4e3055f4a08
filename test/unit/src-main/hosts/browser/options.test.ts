import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBrowserHostArgs } from '../../../../../src-main/hosts/browser/options.ts';

describe('parseBrowserHostArgs', () => {
  it('defaults to dist/renderer and launching Chromium with the policy', () => {
    expect(parseBrowserHostArgs([], {})).toEqual({ help: false, options: { rendererDir: resolve('dist/renderer') } });
  });

  it('reads every flag', () => {
    const parsed = parseBrowserHostArgs(
      ['--renderer', '/r', '--chromium', '/c', '--port', '8080', '--no-chromium', '--headless', '--no-policy'],
      {},
    );
    expect(parsed).toEqual({
      help: false,
      options: { rendererDir: '/r', chromiumPath: '/c', port: 8080, launchChromium: false, headless: true, policyPath: false },
    });
  });

  it('reads the environment, and flags win over it', () => {
    const env = { THINSHELL_RENDERER: '/env-r', THINSHELL_CHROMIUM: '/env-c', THINSHELL_PORT: '9000' };
    expect(parseBrowserHostArgs([], env)).toEqual({ help: false, options: { rendererDir: '/env-r', chromiumPath: '/env-c', port: 9000 } });
    expect(parseBrowserHostArgs(['--port', '1'], env)).toMatchObject({ options: { port: 1 } });
  });

  it('answers --help', () => {
    expect(parseBrowserHostArgs(['--help'], {})).toEqual({ help: true });
  });

  it.each([
    [['--port'], /--port needs a value/],
    [['--port', '--headless'], /--port needs a value/],
    [['--port', '70000'], /not a port number/],
    [['--port', '12ab'], /not a port number/],
    [['--bogus'], /unknown option "--bogus"/],
    [['extra'], /unknown option "extra"/],
  ])('refuses %j clearly', (argv, message) => {
    expect(() => parseBrowserHostArgs(argv, {})).toThrow(message);
  });

  it('refuses a bad THINSHELL_PORT', () => {
    expect(() => parseBrowserHostArgs([], { THINSHELL_PORT: 'x' })).toThrow(/THINSHELL_PORT: not a port number/);
  });
});
