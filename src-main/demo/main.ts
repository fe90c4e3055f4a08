import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../common/log.ts';
import { composeCore } from '../compose.ts';
import { runBrowserHost } from '../hosts/browser/run.ts';
import { hashPin } from '../policy/pin.ts';
import { defaultPolicyPaths, PolicyStore, type PolicyStoreOptions } from '../policy/store.ts';
import { DEMO_ADMIN_PIN, DEMO_PASSWORD, DEMO_USER, demoPolicy } from './demo-policy.ts';
import { startRdpServer, startSpiceServer } from './servers.ts';

/**
 * The README's run command: the kiosk on this terminal's policy, or, where no broker is
 * configured, on the embedded demo (real RDP and SPICE servers on loopback). Electron where its
 * binary is installed, otherwise the browser host in Debian's Chromium.
 */
const log = createLogger('run');
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const usage = `usage: scripts/run.sh [--policy FILE] [--demo | --no-demo] [--host auto|electron|browser]
  --policy FILE  the image policy (default ${defaultPolicyPaths.imagePath})
  --demo         always run the embedded demo; --no-demo never
  --host         which host runs the kiosk (default auto: Electron when installed)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      policy: { type: 'string' },
      demo: { type: 'boolean' },
      'no-demo': { type: 'boolean' },
      host: { type: 'string', default: 'auto' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void console.log(usage);
  const host = values.host === 'electron' || values.host === 'browser' ? values.host : 'auto';
  let paths: PolicyStoreOptions = { imagePath: values.policy ?? process.env.THINSHELL_POLICY ?? defaultPolicyPaths.imagePath };
  const cleanups: Array<() => Promise<void>> = [];

  const demo = values.demo || (!values['no-demo'] && !(await hasBroker(paths)));
  if (demo) {
    const dir = await mkdtemp(join(tmpdir(), 'thinshell-demo-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    log.info('no broker configured: starting the embedded demo servers');
    const day = 24 * 3600;
    const [rdp, spice] = await Promise.all([
      startRdpServer({ user: DEMO_USER, password: DEMO_PASSWORD, mode: 'nla', lifetimeSec: day }),
      startSpiceServer({ lifetimeSec: day }),
    ]);
    cleanups.push(() => rdp.stop(), () => spice.stop());
    const policy = demoPolicy({ rdp, spice }, await hashPin(DEMO_ADMIN_PIN));
    paths = { imagePath: join(dir, 'policy.json'), managedPath: join(dir, 'managed.json'), localPath: join(dir, 'local.json') };
    await writeFile(paths.imagePath!, JSON.stringify(policy, null, 2));
    console.log(`\nthinshell demo: RDP on 127.0.0.1:${rdp.port}, SPICE on 127.0.0.1:${spice.port}`);
    console.log(`Sign in as "${DEMO_USER}" with password "${DEMO_PASSWORD}". Admin PIN: ${DEMO_ADMIN_PIN} (Ctrl+Alt+S).`);
    console.log('During a session, Ctrl+Alt+Home opens the session menu. Ctrl+C here stops everything.\n');
  }
  const stopAll = async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch((err: unknown) => log.warn('cleanup failed', { error: String(err) }));
  };

  const electron = host !== 'browser' ? electronBinary() : undefined;
  if (host === 'electron' && !electron) throw new Error('Electron is not installed here (its binary cannot be downloaded); use --host browser');
  if (electron) {
    await runElectron(electron, paths);
  } else {
    const kiosk = await runBrowserHost((env) => composeCore({ policy: paths, ...env }), {
      rendererDir: join(root, 'dist/renderer'),
      handleSignals: true,
    });
    await kiosk.stopped;
  }
  await stopAll();
}

async function hasBroker(paths: PolicyStoreOptions): Promise<boolean> {
  const store = await PolicyStore.open({ ...paths, watch: false });
  try {
    const p = store.policy();
    return p.brokers.length > 0 || Boolean(p.brokerAddress);
  } finally {
    store.close();
  }
}

/**
 * The Electron binary, when its package has one. Read from path.txt rather than require('electron'):
 * Electron >= 42 tries to download its binary on first require, and there is no network for that.
 */
function electronBinary(): string | undefined {
  try {
    const pkg = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const rel = readFileSync(join(pkg, 'path.txt'), 'utf8').trim();
    const binary = join(pkg, 'dist', rel);
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

function runElectron(binary: string, paths: PolicyStoreOptions): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (paths.imagePath) env.THINSHELL_POLICY = paths.imagePath;
  if (paths.managedPath) env.THINSHELL_MANAGED_POLICY = paths.managedPath;
  if (paths.localPath) env.THINSHELL_LOCAL_POLICY = paths.localPath;
  const child = spawn(binary, [join(root, 'dist/main/electron-main.cjs')], { stdio: 'inherit', env });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => child.kill(sig));
  return new Promise((res) => child.on('exit', () => res()));
}

main().catch((err: unknown) => {
  log.error('thinshell could not start', { error: err instanceof Error ? err.message : String(err) });
  process.exitCode = 1;
});
