/**
 * The kiosk as the bench starts it: src-main/hosts/browser/main.ts with two test-only settings
 * the real entry has no flags for: CDP on a loopback port (announced on stdout, for the bench to
 * see the sign-in screen) and the Chromium policy written where the bench's namespace reads it.
 * bench/lib/setup.ts bundles this file exactly as scripts/build.mjs bundles main.ts.
 */
import { createLogger } from '../src-main/common/log.ts';
import { composeCore } from '../src-main/compose.ts';
import { runBrowserHost } from '../src-main/hosts/browser/run.ts';

const log = createLogger('browser-host');

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

async function main(): Promise<void> {
  const host = await runBrowserHost((env) => composeCore({ ...env, log }), {
    rendererDir: required('BENCH_RENDERER'),
    chromiumPath: required('BENCH_CHROMIUM'),
    policyPath: required('BENCH_CHROMIUM_POLICY'),
    remoteDebuggingPort: 0,
    log,
  });
  const devtools = host.chromium?.current?.devtoolsUrl;
  if (!devtools) throw new Error('no Chromium with remote debugging');
  process.stdout.write(`devtools ${await devtools}\n`);
  await host.stopped;
  process.exit(0);
}

main().catch((err: unknown) => {
  log.error('bench kiosk failed', { error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
