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
