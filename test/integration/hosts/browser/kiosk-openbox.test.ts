import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDisplay, type Display } from '../../../../src-main/demo/display.ts';
import { screenshot } from '../../../support/screen.ts';
import { eventWindow, x, type EventWindow } from './x-tools.ts';

// The kiosk's window manager lockdown (resources/linux/openbox-kiosk.xml) on a real Xvfb + openbox,
// as startDisplay({ windowManager: true }) runs them. openbox's stock configuration fails each of
// these: it closes windows on Alt+F4, cycles them on Alt+Tab and opens a menu on the desktop.
let display: Display;
const windows: EventWindow[] = [];

beforeAll(async () => {
  display = await startDisplay({ windowManager: true, width: 1024, height: 768 });
});
afterAll(async () => {
  await Promise.all(windows.map((w) => w.close()));
  await display?.stop();
});

describe('the kiosk openbox configuration', () => {
  it('has no desktop menu: a right click on the bare desktop changes nothing on screen', async () => {
    const before = await screenshot(display.name);
    await x(display.name, 'xdotool', ['mousemove', '500', '400', 'click', '3']);
    await x(display.name, 'xdotool', ['mousemove', '200', '200', 'click', '1', 'click', '2']);
    const after = await screenshot(display.name);
    for (const [px, py] of [[500, 400], [540, 420], [600, 500], [200, 200]] as const) expect(after.pixel(px, py)).toEqual(before.pixel(px, py));
  });

  it('every window is maximised without decorations, and focused when it appears', async () => {
    windows.push(await eventWindow(display.name, 'kiosk-one'), await eventWindow(display.name, 'kiosk-two'));
    for (const name of ['kiosk-one', 'kiosk-two']) {
      const id = (await x(display.name, 'xdotool', ['search', '--onlyvisible', '--name', `^${name}$`])).trim();
      const info = await x(display.name, 'xwininfo', ['-id', id]);
      expect(info).toMatch(/Absolute upper-left X:\s+0\n/);
      expect(info).toMatch(/Absolute upper-left Y:\s+0\n/);
      expect(info).toMatch(/Width: 1024\n/);
      expect(info).toMatch(/Height: 768\n/);
    }
    expect(await x(display.name, 'xdotool', ['getactivewindow', 'getwindowname'])).toBe('kiosk-two\n');
  });

  it('Alt+F4 closes nothing and Alt+Tab switches nothing: the keys go to the focused window', async () => {
    const [one, two] = windows as [EventWindow, EventWindow];
    await x(display.name, 'xdotool', ['key', 'alt+F4', 'alt+Tab', 'ctrl+alt+Right', 'super+d']);
    await new Promise((r) => setTimeout(r, 300));
    expect(one.alive() && two.alive()).toBe(true);
    expect(await x(display.name, 'xdotool', ['getactivewindow', 'getwindowname'])).toBe('kiosk-two\n');
    expect(two.keys()).toEqual(expect.arrayContaining(['F4', 'Tab', 'Right', 'd']));
  });

  it('Alt+drag moves no window; there is one desktop; the screen saver is off', async () => {
    await x(display.name, 'xdotool', ['mousemove', '500', '400', 'keydown', 'alt', 'mousedown', '1', 'mousemove', '200', '150', 'mouseup', '1', 'keyup', 'alt']);
    const id = (await x(display.name, 'xdotool', ['search', '--onlyvisible', '--name', '^kiosk-two$'])).trim();
    expect(await x(display.name, 'xwininfo', ['-id', id])).toMatch(/Absolute upper-left X:\s+0\n/);
    expect(await x(display.name, 'xprop', ['-root', '_NET_NUMBER_OF_DESKTOPS'])).toMatch(/= 1$/m);
    expect(await x(display.name, 'xset', ['q'])).toMatch(/timeout:\s+0\s/);
  });
});

describe('resources/linux/thinshell-session (the X session of a terminal)', () => {
  it('runs openbox with the kiosk config, turns the screen saver off, then execs thinshell', async () => {
    // A bare X server like Xorg without our flags (screen saver on), -noreset as the unit runs it.
    const xvfb = spawn('Xvfb', ['-displayfd', '3', '-nolisten', 'tcp', '-noreset'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
    const [chunk] = (await once(xvfb.stdio[3]!, 'data')) as [Buffer];
    const name = `:${chunk.toString().trim()}`;
    const dir = await mkdtemp(join(tmpdir(), 'thinshell-session-it-'));
    try {
      expect(await x(name, 'xset', ['q'])).toMatch(/timeout:\s+600\s/);
      // The stand-in for the kiosk waits for the window manager, records what it finds, and exits.
      await writeFile(
        join(dir, 'thinshell'),
        '#!/bin/sh\nfor i in $(seq 50); do xprop -root _OB_CONFIG_FILE | grep -q = && break; sleep 0.1; done\n' +
          'xprop -root _OB_CONFIG_FILE > "$0.out"; xset q >> "$0.out"\n',
        { mode: 0o755 },
      );
      const resources = fileURLToPath(new URL('../../../../resources/linux', import.meta.url));
      const env = { ...process.env, DISPLAY: name, THINSHELL_ROOT: dir, THINSHELL_RESOURCES: resources };
      const session = spawn('sh', [join(resources, 'thinshell-session')], { env, stdio: 'ignore' });
      const [code] = (await once(session, 'exit')) as [number];
      expect(code).toBe(0);
      const seen = await readFile(join(dir, 'thinshell.out'), 'utf8');
      expect(seen).toContain(`_OB_CONFIG_FILE(UTF8_STRING) = "${join(resources, 'openbox-kiosk.xml')}"`);
      expect(seen).toMatch(/timeout:\s+0\s/);
      expect(seen).toMatch(/prefer blanking:\s+no/);
    } finally {
      xvfb.kill('SIGTERM'); // openbox, left behind by the session as under xinit, ends with its X server
      await once(xvfb, 'exit');
      await rm(dir, { recursive: true, force: true });
    }
  });
});
