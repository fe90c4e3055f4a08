import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

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

/** Starts Xvfb on a free display number (Xvfb picks it: -displayfd) and waits until it is ready. */
export async function startDisplay(options: DisplayOptions = {}): Promise<Display> {
  const width = options.width ?? 1280;
  const height = options.height ?? 800;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp', '-noreset'], {
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
  if (options.windowManager) {
    // openbox runs --startup once it manages the screen: that line is our "ready" signal.
    const wm = spawn('openbox', ['--sm-disable', '--startup', 'echo thinshell-wm-ready'], {
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
