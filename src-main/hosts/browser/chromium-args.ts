/** Debian's launcher script: it sources /etc/chromium.d and execs the real binary (same pid). */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

export interface ChromiumArgsOptions {
  /** The page, with `#token=` in the fragment. */
  url: string;
  /** A fresh, private profile directory (deleted after the run). */
  userDataDir: string;
  /** Chromium's sandbox refuses to run as root; only then is it switched off. */
  isRoot: boolean;
  headless?: boolean;
  /** Tests only: open CDP on this loopback port (0 = any; Chromium prints the address). */
  remoteDebuggingPort?: number;
}

/**
 * Features that phone home, pop up or offer things a kiosk never wants. The managed policy
 * (chromium-policy.ts) is the lock; these flags only keep the first run quiet and light.
 */
const DISABLED_FEATURES = [
  'Translate',
  'MediaRouter',
  'DialMediaRouteProvider',
  'GlobalMediaControls',
  'OptimizationHints',
  'AutofillServerCommunication',
  'InterestFeedContentSuggestions',
];

export function chromiumArgs(options: ChromiumArgsOptions): string[] {
  const args = [
    '--kiosk',
    `--app=${options.url}`,
    `--user-data-dir=${options.userDataDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--noerrdialogs',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-translate',
    '--disable-default-apps',
    '--disable-extensions',
    '--disable-breakpad',
    '--disable-session-crashed-bubble',
    '--hide-crash-restore-bubble',
    '--disable-pinch',
    '--overscroll-history-navigation=0',
    `--disable-features=${DISABLED_FEATURES.join(',')}`,
    '--disable-dev-shm-usage',
    '--password-store=basic',
  ];
  if (options.isRoot) args.push('--no-sandbox');
  if (options.headless) args.push('--headless');
  if (options.remoteDebuggingPort !== undefined) {
    args.push(`--remote-debugging-port=${options.remoteDebuggingPort}`, '--remote-debugging-address=127.0.0.1');
  }
  return args;
}

export interface ChromiumEnvOptions {
  display?: string;
  /** A private HOME: Chromium and GTK write under it, and it is deleted with the profile. */
  home: string;
  lang?: string;
  xauthority?: string;
}

/** The whole environment of the browser: nothing of ours (no secrets, no tokens) leaks into it. */
export function chromiumEnv(options: ChromiumEnvOptions): Record<string, string> {
  const env: Record<string, string> = {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: options.home,
    LANG: options.lang ?? 'C.UTF-8',
  };
  if (options.display) env.DISPLAY = options.display;
  if (options.xauthority) env.XAUTHORITY = options.xauthority;
  return env;
}

/** For logs: the page token never appears in them, whatever line it was part of. */
export function redactToken(text: string): string {
  return text.replace(/token=[0-9A-Fa-f]+/g, 'token=[redacted]');
}
