/**
 * The RDP session worker process: one per session, started by the kiosk (fork or Electron's
 * utilityProcess) with the library's path as its only argument. It loads libthinshell_rdp.so
 * with koffi, says `ready`, and then speaks protocol.ts over its IPC channel. Native code runs
 * only here, so a crash, a hang or Xlib's exit() ends this process and one session, never the
 * kiosk. Nothing secret is ever in its argv or environment: the password comes with `start`.
 */
import { loadNativeApi } from './native-lib.ts';
import type { NativeApi } from './native-api.ts';
import { openParentPort } from './parent-port.ts';
import { SessionRunner } from './session-runner.ts';

const port = openParentPort();
const libraryPath = process.argv[2];
const log = (line: string) => process.stderr.write(`${line}\n`);

async function exit(code: number): Promise<never> {
  await port.flush();
  process.exit(code);
}

let api: NativeApi | undefined;
try {
  if (!libraryPath) throw new Error('no library path given');
  api = loadNativeApi(libraryPath);
} catch (err) {
  port.send({ type: 'fatal', kind: 'library', message: `${libraryPath ?? '(none)'}: ${(err as Error).message}`.slice(0, 2000) });
  await exit(2);
}

if (api) {
  const runner = new SessionRunner(api, (m) => port.send(m), () => void exit(0), log);
  port.onMessage((m) => runner.handle(m));
  port.onClose(() => void runner.shutdown());
  port.send({ type: 'ready', version: api.version() });
}
