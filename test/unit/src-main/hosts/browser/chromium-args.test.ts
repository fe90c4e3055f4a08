import { describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumEnv, redactToken } from '../../../../../src-main/hosts/browser/chromium-args.ts';

const token = 'ab'.repeat(32);
const base = { url: `http://127.0.0.1:4000/#token=${token}`, userDataDir: '/tmp/p' };

describe('chromiumArgs', () => {
  it('opens the page as a kiosk app in the given private profile', () => {
    const args = chromiumArgs({ ...base, isRoot: false });
    expect(args).toContain('--kiosk');
    expect(args).toContain(`--app=${base.url}`);
    expect(args).toContain('--user-data-dir=/tmp/p');
    for (const flag of ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--noerrdialogs', '--disable-translate', '--disable-dev-shm-usage', '--password-store=basic']) {
      expect(args).toContain(flag);
    }
    expect(args.find((a) => a.startsWith('--disable-features='))).toContain('Translate');
  });

  it('switches the sandbox off only as root', () => {
    expect(chromiumArgs({ ...base, isRoot: false })).not.toContain('--no-sandbox');
    expect(chromiumArgs({ ...base, isRoot: true })).toContain('--no-sandbox');
  });

  it('opens remote debugging and headless mode only when asked', () => {
    const plain = chromiumArgs({ ...base, isRoot: false });
    expect(plain.some((a) => a.startsWith('--remote-debugging'))).toBe(false);
    expect(plain).not.toContain('--headless');
    const test = chromiumArgs({ ...base, isRoot: false, headless: true, remoteDebuggingPort: 0 });
    expect(test).toContain('--remote-debugging-port=0');
    expect(test).toContain('--remote-debugging-address=127.0.0.1');
    expect(test).toContain('--headless');
  });
});

describe('chromiumEnv', () => {
  it('is exactly the minimal environment, whatever the parent has', () => {
    process.env.THINSHELL_CANARY_PASSWORD = 'canary-hunter2';
    const env = chromiumEnv({ home: '/tmp/p/home', display: ':7', xauthority: '/run/x' });
    delete process.env.THINSHELL_CANARY_PASSWORD;
    expect(env).toEqual({ PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/tmp/p/home', LANG: 'C.UTF-8', DISPLAY: ':7', XAUTHORITY: '/run/x' });
    expect(chromiumEnv({ home: '/h', lang: 'de_DE.UTF-8' })).toEqual({ PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/h', LANG: 'de_DE.UTF-8' });
  });
});

describe('redactToken', () => {
  it('removes the token from any line that carries it', () => {
    const line = chromiumArgs({ ...base, isRoot: true }).join(' ');
    expect(line).toContain(token);
    const redacted = redactToken(`spawn /usr/bin/chromium ${line}`);
    expect(redacted).not.toContain(token.slice(0, 16));
    expect(redacted).toContain('#token=[redacted]');
    expect(redactToken(`ws://127.0.0.1:1/bridge?token=${token} 401`)).toBe('ws://127.0.0.1:1/bridge?token=[redacted] 401');
  });
});
