import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { access } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** An X display of our own: Xvfb, and optionally openbox so full-screen and --kiosk windows work. */
export interface Display {
  /** e.g. ":21" */
  readonly name: string;
  readonly width: number;
  readonly height: number;
  stop(): Promise<void>;
}

export interface DisplayOptions {
  width?: number;
  height?: number;
  /** Start openbox too: Chromium --kiosk and xfreerdp /f are full screen only with a WM. */
  windowManager?: boolean;
  /** openbox's configuration (default: the kiosk's, resources/linux/openbox-kiosk.xml). */
  openboxConfig?: string;
  /** Give up if the display is not up by then. */
  timeoutMs?: number;
}

function readLine(child: ChildProcess, stream: NodeJS.ReadableStream, match: RegExp, timeoutMs: number, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => finish(new Error(`${what} did not start within ${timeoutMs} ms`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const m = match.exec(buffer);
      if (m) finish(undefined, m[1] ?? m[0]);
    };
    const onExit = (code: number | null) => finish(new Error(`${what} exited (${code}) before it was ready: ${buffer.slice(-500)}`));
    function finish(err?: Error, value?: string) {
      clearTimeout(timer);
      stream.off('data', onData);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(value ?? '');
    }
    stream.on('data', onData);
    child.on('exit', onExit);
  });
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
  await exited;
  clearTimeout(timer);
}

/**
 * The kiosk's openbox configuration: no key or desktop bindings, no decorations. Found from this
 * file (src-main/demo/) or from a bundle (dist/node/): both are two levels below the root.
 */
export function kioskOpenboxConfig(): string {
  return fileURLToPath(new URL('../../resources/linux/openbox-kiosk.xml', import.meta.url));
}

/** Starts Xvfb on a free display number (Xvfb picks it: -displayfd) and waits until it is ready. */
export async function startDisplay(options: DisplayOptions = {}): Promise<Display> {
  const width = options.width ?? 1280;
  const height = options.height ?? 800;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const openboxConfig = options.windowManager ? (options.openboxConfig ?? kioskOpenboxConfig()) : undefined;
  // Without it openbox would quietly run its desktop config (Alt+F4, Alt+Tab, a root menu).
  if (openboxConfig) await access(openboxConfig).catch(() => Promise.reject(new Error(`no openbox config at ${openboxConfig}`)));
  // No TCP listener; screen saver off (-s 0) so nothing ever blanks a session; no DPMS. Xvfb has no
  // -nozap and needs none: it has no keyboard of its own, and a synthetic Ctrl+Alt+Backspace left
  // it running even with the XKB terminate option set (Xorg terminals: resources/linux/README.md).
  const args = ['-displayfd', '3', '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp', '-noreset', '-s', '0', '-dpms'];
  const xvfb = spawn('Xvfb', args, {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  const fd3 = xvfb.stdio[3] as NodeJS.ReadableStream;
  let number: string;
  try {
    number = await readLine(xvfb, fd3, /^(\d+)\n/, timeoutMs, 'Xvfb');
  } catch (err) {
    await kill(xvfb);
    throw err;
  }
  const name = `:${number}`;
  const children: ChildProcess[] = [xvfb];
  if (openboxConfig) {
    // openbox runs --startup once it manages the screen: that line is our "ready" signal.
    const wm = spawn('openbox', ['--sm-disable', '--config-file', openboxConfig, '--startup', 'echo thinshell-wm-ready'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DISPLAY: name },
    });
    children.unshift(wm);
    try {
      await readLine(wm, wm.stdout!, /thinshell-wm-ready/, timeoutMs, 'openbox');
    } catch (err) {
      for (const c of children) await kill(c);
      throw err;
    }
  }
  return {
    name,
    width,
    height,
    async stop() {
      for (const c of children) await kill(c);
    },
  };
}
