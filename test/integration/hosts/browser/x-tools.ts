import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/** Small helpers for driving a real X display from tests with the standard X tools. */

/** Runs an X client on the display to its end; resolves its stdout, rejects with its stderr. */
export function x(display: string, command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env: { ...process.env, DISPLAY: display }, timeout: 10_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${command} ${args.join(' ')}: ${String(stderr).trim() || err.message}`));
      else resolve(String(stdout));
    });
  });
}

/** The WM_CLASS class of the window the window manager says is active ('' when none). */
export async function activeClass(display: string): Promise<string> {
  const id = (await x(display, 'xdotool', ['getactivewindow']).catch(() => '')).trim();
  if (!id) return '';
  const out = await x(display, 'xprop', ['-id', id, 'WM_CLASS']);
  return /"[^"]*", "([^"]*)"/.exec(out)?.[1] ?? '';
}

/** An `xev` window named `name`: it takes the focus like any application and records the keys it gets. */
export interface EventWindow {
  readonly child: ChildProcess;
  /** Key names (keysyms) the window received, in order, presses and releases alike. */
  keys(): string[];
  alive(): boolean;
  close(): Promise<void>;
}

export async function eventWindow(display: string, name: string): Promise<EventWindow> {
  const child = spawn('xev', ['-name', name, '-event', 'keyboard'], { env: { ...process.env, DISPLAY: display }, stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  // Mapped and managed once the window manager has it: wait until xdotool can see it.
  for (let i = 0; i < 50; i++) {
    const found = await x(display, 'xdotool', ['search', '--onlyvisible', '--name', `^${name}$`]).catch(() => '');
    if (found.trim()) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    keys: () => [...out.matchAll(/keysym 0x[0-9a-f]+, (\w+)\)/g)].map((m) => m[1]!),
    alive: () => child.exitCode === null && child.signalCode === null,
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
