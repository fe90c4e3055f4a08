import type { Core } from '../../app/core-types.ts';
import { createLogger, type Logger } from '../../common/log.ts';
import { startDisplay, type Display } from '../../demo/display.ts';
import { chromiumPolicy, DEFAULT_POLICY_PATH, writeChromiumPolicy } from './chromium-policy.ts';
import { superviseChromium, type ChromiumSupervisor } from './chromium.ts';
import { startBrowserServer, type BrowserServer } from './server.ts';
import { startSessionWindows, type SessionWindows } from './session-windows.ts';

export interface BrowserHostOptions {
  /** The built renderer; main.ts defaults it to dist/renderer. */
  rendererDir?: string;
  /** 0 (default): a free port. */
  port?: number;
  /** false: serve only and print the page URL (with its token) to stdout for another browser. */
  launchChromium?: boolean;
  chromiumPath?: string;
  headless?: boolean;
  /** Tests only: CDP on this loopback port (0 = any), and the policy allows remote debugging. */
  remoteDebuggingPort?: number;
  /** Where the managed policy goes (default /etc/chromium/policies/managed/thinshell.json); false: none. */
  policyPath?: string | false;
  /** The X display; default $DISPLAY, else an Xvfb + openbox of our own (unless headless). */
  display?: string;
  /** Grab the session hotkey and stack Chromium and session windows (default: when Chromium is on a display). */
  sessionWindows?: boolean;
  /** Stop cleanly on SIGINT and SIGTERM (default true). */
  handleSignals?: boolean;
  log?: Logger;
  /** Tests: where serve-only mode prints the page URL (default stdout). */
  printUrl?: (url: string) => void;
}

export interface BrowserHost {
  readonly core: Core;
  readonly server: BrowserServer;
  /** Absent in serve-only mode. */
  readonly chromium: ChromiumSupervisor | undefined;
  readonly display: string | undefined;
  /** The hotkey grab and window stacking; absent without Chromium on a display. */
  readonly sessionWindows: SessionWindows | undefined;
  stop(): Promise<void>;
  /** Resolves once the host has stopped (a signal or stop()). */
  readonly stopped: Promise<void>;
}

/** The core itself, or a factory that builds it once the display is known (sessions go there). */
export type CoreSource = Core | ((env: { display?: string }) => Promise<Core>);

/**
 * The browser host: the core under plain Node, the renderer in system Chromium locked down by
 * managed policy, joined by the loopback bridge. Chromium is relaunched with a new token whenever
 * the page is lost.
 */
export async function runBrowserHost(source: CoreSource, options: BrowserHostOptions = {}): Promise<BrowserHost> {
  const log = options.log ?? createLogger('browser-host');
  const launch = options.launchChromium ?? true;
  const cleanups: Array<() => Promise<void> | void> = [];
  const cleanUp = async () => {
    for (const c of cleanups.splice(0).reverse()) {
      await Promise.resolve()
        .then(c)
        .catch((err: unknown) => log.error('cleanup failed', { error: String(err) }));
    }
  };

  try {
    let display = options.display ?? process.env.DISPLAY;
    if (launch && !display && !options.headless) {
      const own: Display = await startDisplay({ windowManager: true });
      cleanups.push(() => own.stop());
      display = own.name;
      log.info('started a display of our own', { display });
    }
    const core = typeof source === 'function' ? await source(display ? { display } : {}) : source;
    // The core starts while the page comes up, so the user sees "discovering" rather than nothing.
    const coreStarted = core.start();
    coreStarted.catch(() => {}); // awaited below; this only keeps an early failure from going unhandled
    cleanups.push(() => core.stop());
    const server = await startBrowserServer({ core, rendererDir: options.rendererDir, port: options.port, log: log.child('server') });
    cleanups.push(() => server.close());

    let chromium: ChromiumSupervisor | undefined;
    let windows: SessionWindows | undefined;
    if (launch) {
      const policyPath = options.policyPath ?? DEFAULT_POLICY_PATH;
      if (policyPath !== false) {
        const write = (devtools: boolean) =>
          writeChromiumPolicy(chromiumPolicy(server.origin, { devtools, remoteDebugging: options.remoteDebuggingPort !== undefined }), policyPath);
        let devtools = core.policy().kiosk.devtools;
        const remove = await write(devtools);
        let rewriting: Promise<unknown> = Promise.resolve();
        // Removed only after any rewrite in flight, so no policy file outlives the host.
        cleanups.push(async () => {
          await rewriting;
          await remove();
        });
        const off = core.onPolicy((p) => {
          if (p.kiosk.devtools === devtools) return;
          devtools = p.kiosk.devtools;
          rewriting = write(devtools).catch((err: unknown) => log.error('rewriting the Chromium policy failed', { error: String(err) }));
        });
        cleanups.push(off);
      }
      chromium = await superviseChromium({
        pageUrl: () => server.pageUrl(),
        chromiumPath: options.chromiumPath,
        display,
        headless: options.headless,
        remoteDebuggingPort: options.remoteDebuggingPort,
        lang: process.env.LANG,
        xauthority: process.env.XAUTHORITY,
        log: log.child('chromium'),
      });
      cleanups.push(() => chromium?.stop());
      const sup = chromium;
      cleanups.push(server.onDisconnect((code) => {
        log.info('page disconnected; relaunching it', { code });
        sup.restart();
      }));
      cleanups.push(server.onConnect(() => {
        const spawned = sup.current?.spawnedAt;
        log.info('page connected', spawned ? { msSinceSpawn: Date.now() - spawned } : {});
      }));
      if (display && !options.headless && options.sessionWindows !== false) {
        const started = await startSessionWindows({ core, display, chromium: sup, server, log });
        cleanups.push(() => started.stop());
        windows = started;
      }
    } else {
      const print = options.printUrl ?? ((url: string) => process.stdout.write(`${url}\n`));
      print(server.pageUrl());
      // Serve-only: the next page needs a fresh token, printed the same way.
      cleanups.push(server.onDisconnect(() => print(server.pageUrl())));
    }
    await coreStarted;
    return hostHandle({ core, server, chromium, display, sessionWindows: windows }, cleanUp, options.handleSignals ?? true, log);
  } catch (err) {
    await cleanUp();
    throw err;
  }
}

function hostHandle(
  parts: Pick<BrowserHost, 'core' | 'server' | 'chromium' | 'display' | 'sessionWindows'>,
  cleanUp: () => Promise<void>,
  handleSignals: boolean,
  log: Logger,
): BrowserHost {
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => (resolveStopped = r));
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await cleanUp();
      resolveStopped();
    })();
    return stopping;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    log.info('stopping', { signal });
    void stop();
  };
  if (handleSignals) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  return { ...parts, stop, stopped };
}
