import { spawn } from 'node:child_process';

/** A screenshot of a whole X display, as RGB pixels. */
export interface Screenshot {
  width: number;
  height: number;
  pixel(x: number, y: number): [number, number, number];
}

/** Parses a binary PPM (P6, maxval 255): what `import ... ppm:-` writes. */
export function parsePpm(data: Buffer): Screenshot {
  const header = /^P6\s+(?:#[^\n]*\s+)*(\d+)\s+(\d+)\s+(\d+)\s/.exec(data.subarray(0, 200).toString('latin1'));
  if (!header || header[3] !== '255') throw new Error('not an 8-bit binary PPM');
  const width = Number(header[1]);
  const height = Number(header[2]);
  const offset = header[0].length;
  if (data.length < offset + width * height * 3) throw new Error('PPM is truncated');
  return {
    width,
    height,
    pixel(x, y) {
      const i = offset + (y * width + x) * 3;
      return [data[i]!, data[i + 1]!, data[i + 2]!];
    },
  };
}

/** ImageMagick's `import -window root` of a display. */
export function screenshot(display: string): Promise<Screenshot> {
  return new Promise((resolve, reject) => {
    const child = spawn('import', ['-display', display, '-window', 'root', '-depth', '8', 'ppm:-'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`import exited ${code}: ${stderr}`));
      try {
        resolve(parsePpm(Buffer.concat(chunks)));
      } catch (err) {
        reject(err);
      }
    });
  });
}

/** The largest difference of one channel between two colours. */
export function colourDistance(a: readonly number[], b: readonly number[]): number {
  return Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));
}

/** The quadrant centres of the demo server's 1024x768 test pattern. */
export const PATTERN_POINTS = [
  [256, 192],
  [768, 192],
  [256, 576],
  [768, 576],
] as const;

/**
 * The worst colour distance between the client's display and the server's test pattern at the
 * quadrant centres, looked at until it is within `tolerance` or the tries run out (the picture
 * arrives shortly after logon). The codec is lossy: a right quadrant is within 40, a wrong one
 * off by > 150 in some channel.
 */
export async function patternDistance(
  display: string,
  expected: (x: number, y: number) => readonly number[],
  options: { tolerance?: number; tries?: number } = {},
): Promise<number> {
  const tolerance = options.tolerance ?? 40;
  let worst = Infinity;
  for (let attempt = 0; attempt < (options.tries ?? 15) && worst > tolerance; attempt++) {
    const shot = await screenshot(display);
    worst = Math.max(...PATTERN_POINTS.map(([x, y]) => colourDistance(shot.pixel(x, y), expected(x, y))));
    if (worst > tolerance) await new Promise((r) => setTimeout(r, 200));
  }
  return worst;
}

/** Mean luminance (0-255) of a rectangle of a picture. */
function meanLuma(shot: Screenshot, x0: number, y0: number, x1: number, y1: number): number {
  let sum = 0;
  let n = 0;
  for (let y = Math.round(y0); y < Math.round(y1); y++) {
    for (let x = Math.round(x0); x < Math.round(x1); x++) {
      const [r, g, b] = shot.pixel(x, y);
      sum += 0.299 * r + 0.587 * g + 0.114 * b;
      n++;
    }
  }
  return n === 0 ? 0 : sum / n;
}

export interface GuestScreenMatch {
  /** The largest difference of mean brightness of one grid cell, guest vs client (0-255). */
  distance: number;
  /** Cells of the guest screen that are not dark: there is something (text) to compare. */
  litCells: number;
  guest: { width: number; height: number };
}

const GRID = { cols: 24, rows: 16 };

/**
 * Compares what QEMU says its guest shows (a screendump) with what the SPICE client put on its
 * X display: remote-viewer full screen scales the guest to fit, keeping its aspect, centred. Both
 * are cut into the same grid and compared cell by cell by mean brightness (scaling blurs single
 * pixels, not cell means). Tried until it matches (the firmware's text moves on while it boots).
 */
export async function guestScreenMatch(display: string, screendump: () => Promise<Buffer>, options: { tolerance?: number; tries?: number } = {}): Promise<GuestScreenMatch> {
  const tolerance = options.tolerance ?? 24;
  let best: GuestScreenMatch = { distance: Infinity, litCells: 0, guest: { width: 0, height: 0 } };
  for (let attempt = 0; attempt < (options.tries ?? 20); attempt++) {
    const guest = parsePpm(await screendump());
    const client = await screenshot(display);
    const scale = Math.min(client.width / guest.width, client.height / guest.height);
    const offX = (client.width - guest.width * scale) / 2;
    const offY = (client.height - guest.height * scale) / 2;
    const cw = guest.width / GRID.cols;
    const ch = guest.height / GRID.rows;
    let distance = 0;
    let litCells = 0;
    for (let row = 0; row < GRID.rows; row++) {
      for (let col = 0; col < GRID.cols; col++) {
        const [gx, gy] = [col * cw, row * ch];
        const g = meanLuma(guest, gx, gy, gx + cw, gy + ch);
        // A margin of two client pixels inside the cell: rounding of the letterbox is not a difference.
        const c = meanLuma(client, offX + gx * scale + 2, offY + gy * scale + 2, offX + (gx + cw) * scale - 2, offY + (gy + ch) * scale - 2);
        distance = Math.max(distance, Math.abs(g - c));
        if (g > 12) litCells++;
      }
    }
    best = { distance, litCells, guest: { width: guest.width, height: guest.height } };
    if (distance <= tolerance && litCells > 0) return best;
    await new Promise((r) => setTimeout(r, 250));
  }
  return best;
}

/** Saves the whole X display as a PNG (for the test's record; ImageMagick's import). */
export function saveScreen(display: string, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('import', ['-display', display, '-window', 'root', path], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`import exited ${code}`))));
  });
}
