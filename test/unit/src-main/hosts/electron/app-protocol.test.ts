import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { protocol, resetElectronFake } from '../../../../fakes/electron.ts';
import { registerAppScheme, serveRenderer } from '../../../../../src-main/hosts/electron/app-protocol.ts';

describe('app:// protocol', () => {
  let dir: string;
  beforeEach(async () => {
    resetElectronFake();
    dir = await mkdtemp(path.join(tmpdir(), 'thinshell-protocol-'));
    await writeFile(path.join(dir, 'index.html'), '<p>kiosk</p>');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('registers app as a standard, secure scheme and opens nothing else', () => {
    registerAppScheme();
    expect(protocol.privileged).toHaveLength(1);
    const [scheme] = protocol.privileged;
    expect(scheme?.scheme).toBe('app');
    expect(scheme?.privileges).toMatchObject({ standard: true, secure: true });
    for (const risky of ['bypassCSP', 'corsEnabled', 'allowServiceWorkers', 'stream']) {
      expect(scheme?.privileges[risky], risky).not.toBe(true);
    }
  });

  it('serves the renderer directory under app://shell/', async () => {
    serveRenderer(dir);
    const handler = protocol.handlers.get('app');
    const res = await handler!(new Request('app://shell/'));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('<p>kiosk</p>');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});
