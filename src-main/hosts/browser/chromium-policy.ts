import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Where Debian's chromium reads mandatory machine policies. */
export const DEFAULT_POLICY_PATH = '/etc/chromium/policies/managed/thinshell.json';

export interface ChromiumPolicyOptions {
  /** policy kiosk.devtools: allow the developer tools (and CDP inspection of the page). */
  devtools?: boolean;
  /** Tests only: let --remote-debugging-port work (playwright connects over CDP). */
  remoteDebugging?: boolean;
}

/**
 * Chromium's managed policy for the kiosk: the browser can show our origin and nothing else, and
 * every feature that could leave the page, keep data of one user for the next, or reach a device
 * is off. Names and values follow https://chromeenterprise.google/policies/ and are checked
 * against chrome://policy of the installed Chromium by the integration tests.
 */
export function chromiumPolicy(origin: string, options: ChromiumPolicyOptions = {}): Record<string, unknown> {
  return {
    // Navigation: our origin only. Since Chromium 147 '*' alone no longer covers the browser's
    // own pages (chrome://settings, chrome://inspect, ...): those need their own patterns.
    URLBlocklist: ['*', 'chrome://*', 'chrome-untrusted://*'],
    URLAllowlist: [origin],
    // Tools that escape the page.
    DeveloperToolsAvailability: options.devtools ? 1 : 2,
    RemoteDebuggingAllowed: options.remoteDebugging === true,
    TaskManagerEndProcessEnabled: false,
    AllowFileSelectionDialogs: false,
    DownloadRestrictions: 3,
    PrintingEnabled: false,
    // Profiles and sign-in: one ephemeral profile, nobody else's.
    IncognitoModeAvailability: 1,
    BrowserGuestModeEnabled: false,
    BrowserAddPersonEnabled: false,
    BrowserSignin: 0,
    SyncDisabled: true,
    ForceEphemeralProfiles: true,
    SavingBrowserHistoryDisabled: true,
    // Nothing typed here is remembered or offered again.
    PasswordManagerEnabled: false,
    PasswordLeakDetectionEnabled: false,
    AutofillAddressEnabled: false,
    AutofillCreditCardEnabled: false,
    SearchSuggestEnabled: false,
    NetworkPredictionOptions: 2,
    TranslateEnabled: false,
    SpellcheckEnabled: false,
    // Devices and permissions: the page needs none of them.
    DefaultNotificationsSetting: 2,
    DefaultGeolocationSetting: 2,
    DefaultMediaStreamSetting: 2,
    AudioCaptureAllowed: false,
    VideoCaptureAllowed: false,
    ScreenCaptureAllowed: false,
    DefaultPopupsSetting: 2,
    DefaultSensorsSetting: 2,
    DefaultWebBluetoothGuardSetting: 2,
    DefaultWebUsbGuardSetting: 2,
    DefaultSerialGuardSetting: 2,
    DefaultWebHidGuardSetting: 2,
    DefaultFileSystemReadGuardSetting: 2,
    DefaultFileSystemWriteGuardSetting: 2,
    // Browser chrome and extras a kiosk never shows.
    EditBookmarksEnabled: false,
    BookmarkBarEnabled: false,
    ExtensionInstallBlocklist: ['*'],
    BlockExternalExtensions: true,
    BackgroundModeEnabled: false,
    DefaultBrowserSettingEnabled: false,
    MetricsReportingEnabled: false,
    AllowDinosaurEasterEgg: false,
    // Thin clients have no room for an on-device AI model download.
    GenAILocalFoundationalModelSettings: 1,
  };
}

/** Writes the policy atomically (readers never see half a file); returns a function that removes it. */
export async function writeChromiumPolicy(
  policy: Record<string, unknown>,
  path: string = DEFAULT_POLICY_PATH,
): Promise<() => Promise<void>> {
  await mkdir(dirname(path), { recursive: true, mode: 0o755 });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(policy, null, 2)}\n`, { mode: 0o644 });
  // Chromium runs as the kiosk user: readable by all, whatever our umask.
  await chmod(temp, 0o644);
  await rename(temp, path);
  return () => removeChromiumPolicy(path);
}

export async function removeChromiumPolicy(path: string = DEFAULT_POLICY_PATH): Promise<void> {
  await rm(path, { force: true });
}
