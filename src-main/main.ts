/**
 * Electron entry point (bundled to dist/main/electron-main.cjs): the real core (compose.ts)
 * wrapped by the Electron host. It imports no `electron` itself; the host does.
 */
import { createLogger } from './common/log.ts';
import { composeCore } from './compose.ts';
import { runElectronHost } from './hosts/electron/host.ts';
import { utilityProcessLauncher } from './hosts/electron/rdp-worker-launcher.ts';

const log = createLogger('thinshell');

/** Electron would put an error dialog over the kiosk: exit instead; the kiosk session restarts us. */
function fatal(err: unknown): never {
  log.error('fatal', { error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exit(1);
}

process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);
// Native RDP sessions run in a utilityProcess: never in this (the kiosk's) process.
runElectronHost((env) => composeCore({ ...env, log, native: { launcher: utilityProcessLauncher } }), { log }).catch(fatal);
