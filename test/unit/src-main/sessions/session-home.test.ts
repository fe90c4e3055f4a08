import { stat, writeFile, access } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childEnv, createSessionHome } from '../../../../src-main/sessions/session-home.ts';

describe('createSessionHome', () => {
  it('makes a private (0700) folder with the XDG sub-folders, and wipe() removes all of it', async () => {
    const home = await createSessionHome();
    expect((await stat(home.path)).mode & 0o777).toBe(0o700);
    await writeFile(join(home.path, '.config', 'left-behind'), 'x');
    await home.wipe();
    await expect(access(home.path)).rejects.toThrow();
  });
});

describe('childEnv', () => {
  const parent = {
    PATH: '/usr/bin:/bin',
    LANG: 'de_DE.UTF-8',
    DISPLAY: ':0',
    XAUTHORITY: '/run/x/auth',
    THINSHELL_BROKER_TOKEN: 'tok-123',
    AWS_SECRET_ACCESS_KEY: 'nope',
    npm_config_password: 'nope',
    SSH_AUTH_SOCK: '/tmp/agent',
  };

  it('passes only the allow-list: no tokens, no agents, nothing else of ours', () => {
    const env = childEnv(parent, '/tmp/h', ':5');
    expect(Object.keys(env).sort()).toEqual(
      ['DISPLAY', 'HOME', 'LANG', 'LC_MESSAGES', 'PATH', 'XAUTHORITY', 'XDG_CACHE_HOME', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME'].sort(),
    );
    expect(JSON.stringify(env)).not.toMatch(/tok-123|nope|agent/);
  });

  it('points HOME and the XDG folders into the private home, and uses the given display', () => {
    const env = childEnv(parent, '/tmp/h', ':5');
    expect(env).toMatchObject({
      HOME: '/tmp/h',
      XDG_CONFIG_HOME: '/tmp/h/.config',
      XDG_CACHE_HOME: '/tmp/h/.cache',
      XDG_DATA_HOME: '/tmp/h/.local/share',
      DISPLAY: ':5',
      LANG: 'de_DE.UTF-8',
      LC_MESSAGES: 'C',
    });
  });

  it('falls back to our DISPLAY, a default PATH and LANG, and lets extras override', () => {
    const env = childEnv({ DISPLAY: ':9' }, '/h', undefined, { SSL_CERT_FILE: '/dev/null' });
    expect(env).toMatchObject({ DISPLAY: ':9', PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8', SSL_CERT_FILE: '/dev/null' });
  });
});
