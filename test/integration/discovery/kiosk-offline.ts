// Run inside an empty network namespace by network.test.ts: the real shell core (compose.ts)
// boots on a policy without brokers and must reach first-run setup within the deadline,
// without a warning. Prints one JSON line: the screen, how long it took, what was logged.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../../src-main/common/log.ts';
import { composeCore } from '../../../src-main/compose.ts';
import type { ShellView } from '../../../src-main/contract/index.ts';

const dir = await mkdtemp(join(tmpdir(), 'thinshell-offline-'));
const lines: string[] = [];
const log = createLogger('thinshell', { level: 'debug', write: (l) => lines.push(l) });
const started = performance.now();
const core = await composeCore({ policy: { imagePath: join(dir, 'p.json'), managedPath: join(dir, 'm.json'), localPath: join(dir, 'l.json'), watch: false }, log });
await core.start();
const view = (await core.handlers.getView({})) as ShellView;
const ms = Math.round(performance.now() - started);
await core.stop();
await rm(dir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ screen: view.screen, ms, log: lines })}\n`);
