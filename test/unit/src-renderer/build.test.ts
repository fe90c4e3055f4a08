// @vitest-environment node
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BUDGET_GZIP_BYTES = 150 * 1024;
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ws://127.0.0.1:*; img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

let out = '';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]))),
  );
  return nested.flat();
}

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'thinshell-renderer-'));
  await build({
    configFile: fileURLToPath(new URL('../../../vite.config.ts', import.meta.url)),
    logLevel: 'silent',
    build: { outDir: out, emptyOutDir: true },
  });
}, 60_000);

afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

describe('renderer build', () => {
  it(`keeps all JavaScript within ${BUDGET_GZIP_BYTES / 1024} KB gzip`, async () => {
    const js = (await filesUnder(out)).filter((f) => f.endsWith('.js'));
    expect(js.length).toBeGreaterThan(0);
    const sizes = await Promise.all(js.map(async (f) => gzipSync(await readFile(f), { level: 9 }).length));
    const total = sizes.reduce((a, b) => a + b, 0);
    console.info(`renderer JS: ${js.length} file(s), ${(total / 1024).toFixed(1)} KB gzip`);
    expect(total).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
  });

  it('is a production build: no React development warnings shipped', async () => {
    const js = (await filesUnder(out)).filter((f) => f.endsWith('.js'));
    const text = (await Promise.all(js.map((f) => readFile(f, 'utf8')))).join('\n');
    // Strings only React's development build carries (checked against a NODE_ENV=test build).
    expect(text).not.toContain('Each child in a list should have a unique');
    expect(text).not.toContain('is not a valid');
  });

  it('ships index.html with the strict CSP, relative URLs, and nothing inline', async () => {
    const html = await readFile(join(out, 'index.html'), 'utf8');
    expect(html).toContain(`content="${CSP}"`);
    expect(html).not.toMatch(/<style/);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=/);
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '').filter((r) => r !== 'data:,');
    expect(refs.length).toBeGreaterThanOrEqual(2);
    for (const ref of refs) {
      expect(ref.startsWith('./')).toBe(true);
      expect((await stat(join(out, ref))).isFile()).toBe(true);
    }
  });

  it('loads no external fonts or URLs', async () => {
    const css = (await filesUnder(out)).filter((f) => f.endsWith('.css'));
    const text = (await Promise.all(css.map((f) => readFile(f, 'utf8')))).join('\n');
    expect(text).not.toMatch(/@font-face|url\(\s*['"]?https?:/);
  });
});
