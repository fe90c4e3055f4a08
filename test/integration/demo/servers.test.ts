import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { ntHash, startRdpServer, startSpiceServer, testPatternAt } from '../../../src-main/demo/servers.ts';
import { colourDistance, parsePpm, screenshot } from '../../support/screen.ts';

const run = promisify(execFile);

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => (socket.destroy(), resolve(true)));
    socket.on('error', () => resolve(false));
  });
}

const ours = async (prefix: string) => (await readdir(tmpdir())).filter((n) => n.startsWith(prefix));

describe('ntHash', () => {
  it.each(['S3cret!', 'pässwörd ünïcode €', 'a'.repeat(100)])('equals what winpr-hash computes for %j', async (password) => {
    const { stdout } = await run('winpr-hash', ['-u', 'x', '-p', password]);
    expect(ntHash(password)).toBe(stdout.trim());
  });
});

describe('startRdpServer', () => {
  it('listens on loopback, shows the test pattern on its display, and stop() leaves nothing', async () => {
    const before = await ours('thinshell-rdp-server-');
    const server = await startRdpServer({ user: 'u', password: 'p', mode: 'nla', width: 800, height: 600, lifetimeSec: 60 });
    try {
      expect(await accepts(server.port)).toBe(true);
      expect(server.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      const shot = await screenshot(server.display.name);
      expect([shot.width, shot.height]).toEqual([800, 600]);
      for (const [x, y] of [
        [10, 10],
        [790, 10],
        [10, 590],
        [790, 590],
      ] as const) {
        expect(colourDistance(shot.pixel(x, y), testPatternAt(x, y, 800, 600))).toBe(0);
      }
    } finally {
      await server.stop();
    }
    expect(await accepts(server.port)).toBe(false);
    expect(await ours('thinshell-rdp-server-')).toEqual(before);
  });
});

describe('startSpiceServer', () => {
  it('screendump(): QEMU\'s own picture of its guest screen, a PPM of the VGA text console', async () => {
    const server = await startSpiceServer({ lifetimeSec: 60 });
    try {
      // SeaBIOS soon writes grey text on black in 720x400 text mode: some pixels lit, most not.
      await vi.waitFor(
        async () => {
          const shot = parsePpm(await server.screendump());
          expect([shot.width, shot.height]).toEqual([720, 400]);
          let lit = 0;
          for (let y = 0; y < shot.height; y += 2) for (let x = 0; x < shot.width; x += 2) if (shot.pixel(x, y)[0] > 100) lit++;
          expect(lit).toBeGreaterThan(0);
          expect(lit).toBeLessThan((shot.width * shot.height) / 8);
        },
        { timeout: 15_000, interval: 250 },
      );
    } finally {
      await server.stop();
    }
  });

  it('keeps the password off the command line and off the disk once QEMU has it; stop() closes the port', async () => {
    const before = await ours('thinshell-spice-server-');
    const server = await startSpiceServer({ password: 'pw-in-a-file', lifetimeSec: 60 });
    try {
      expect(await accepts(server.port)).toBe(true);
      const [dir] = (await ours('thinshell-spice-server-')).filter((n) => !before.includes(n));
      // Nothing but QEMU's monitor socket (made as it starts, so maybe not yet): the password file is gone.
      expect((await readdir(`${tmpdir()}/${dir}`)).filter((n) => n !== 'qmp.sock')).toEqual([]);
    } finally {
      await server.stop();
    }
    expect(await accepts(server.port)).toBe(false);
    expect(await ours('thinshell-spice-server-')).toEqual(before);
  });
});
