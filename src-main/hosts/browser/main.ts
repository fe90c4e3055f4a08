/**
 * Browser host entry point: the real core (compose.ts) under plain Node, the renderer in system
 * Chromium. `npx tsx src-main/hosts/browser/main.ts --help`.
 */
import { createLogger } from '../../common/log.ts';
import { composeCore } from '../../compose.ts';
import { parseBrowserHostArgs, USAGE } from './options.ts';
import { runBrowserHost } from './run.ts';

const log = createLogger('browser-host');

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseBrowserHostArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const host = await runBrowserHost((env) => composeCore({ ...env, log }), { ...parsed.options, log });
  await host.stopped;
  process.exit(0);
}

main().catch((err: unknown) => {
  log.error('browser host failed', { error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
