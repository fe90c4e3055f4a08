import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumPolicy, removeChromiumPolicy, writeChromiumPolicy } from '../../../../../src-main/hosts/browser/chromium-policy.ts';

const origin = 'http://127.0.0.1:4567';

describe('chromiumPolicy', () => {
  it('allows our origin and blocks every other URL', () => {
    const p = chromiumPolicy(origin);
    expect(p.URLAllowlist).toEqual([origin]);
    // '*' alone no longer covers chrome:// (Chromium 147+): the integration test proves these block.
    expect(p.URLBlocklist).toEqual(['*', 'chrome://*', 'chrome-untrusted://*']);
  });

  it('locks the browser down', () => {
    expect(chromiumPolicy(origin)).toMatchObject({
      DeveloperToolsAvailability: 2,
      RemoteDebuggingAllowed: false,
      DownloadRestrictions: 3,
      PrintingEnabled: false,
      IncognitoModeAvailability: 1,
      BrowserGuestModeEnabled: false,
      BrowserAddPersonEnabled: false,
      PasswordManagerEnabled: false,
      AutofillAddressEnabled: false,
      AutofillCreditCardEnabled: false,
      TranslateEnabled: false,
      SpellcheckEnabled: false,
      DefaultNotificationsSetting: 2,
      DefaultGeolocationSetting: 2,
      DefaultMediaStreamSetting: 2,
      AudioCaptureAllowed: false,
      VideoCaptureAllowed: false,
      EditBookmarksEnabled: false,
      AllowFileSelectionDialogs: false,
      TaskManagerEndProcessEnabled: false,
      ExtensionInstallBlocklist: ['*'],
      ForceEphemeralProfiles: true,
    });
  });

  it('opens devtools only with kiosk.devtools, remote debugging only when asked', () => {
    expect(chromiumPolicy(origin, { devtools: true }).DeveloperToolsAvailability).toBe(1);
    expect(chromiumPolicy(origin, { devtools: true }).RemoteDebuggingAllowed).toBe(false);
    expect(chromiumPolicy(origin, { remoteDebugging: true }).RemoteDebuggingAllowed).toBe(true);
  });

  it('keeps policy names in Chromium form (no typos like lower-case keys)', () => {
    for (const key of Object.keys(chromiumPolicy(origin))) expect(key).toMatch(/^[A-Z][A-Za-z]+$/);
  });
});

describe('writeChromiumPolicy', () => {
  it('writes JSON readable by all, creating the directory, and removes it again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'thinshell-policy-'));
    const path = join(dir, 'policies', 'managed', 'thinshell.json');
    const remove = await writeChromiumPolicy(chromiumPolicy(origin), path);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(chromiumPolicy(origin));
    expect((await stat(path)).mode & 0o777).toBe(0o644);
    await remove();
    await expect(stat(path)).rejects.toThrow(/ENOENT/);
    await removeChromiumPolicy(path); // removing twice is fine
    await rm(dir, { recursive: true, force: true });
  });
});
