import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * Bundles one entry the way scripts/build.mjs bundles dist/node/*.mjs (same target, externals,
 * ESM require shim), so what a benchmark starts costs what a terminal pays at start-up.
 */
export async function bundleForNode(root: string, entry: string, name: string): Promise<string> {
  const outfile = join(root, 'bench', 'results', '.build', name);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    mainFields: ['module', 'main'],
    target: 'node20',
    external: ['electron', 'koffi', 'usb', 'bufferutil', 'utf-8-validate'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
    absWorkingDir: root,
  });
  return outfile;
}
