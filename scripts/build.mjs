#!/usr/bin/env node
// Builds everything that runs: the renderer (vite) and the main-side bundles (esbuild).
// Bundling keeps start-up fast on slow terminals: one file per process, no module resolution.
import { build as esbuild } from 'esbuild';
import { build as vite } from 'vite';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const started = Date.now();
const only = process.argv.includes('--main-only') ? 'main' : process.argv.includes('--renderer-only') ? 'renderer' : 'all';

// Native modules and Electron stay outside the bundles: they are loaded at run time.
const external = ['electron', 'koffi', 'usb', 'bufferutil', 'utf-8-validate'];
// 'module' first: jsonc-parser's UMD main cannot be bundled (it requires its parts by computed paths).
const common = { bundle: true, platform: 'node', mainFields: ['module', 'main'], target: 'node20', sourcemap: 'linked', external, logLevel: 'warning', absWorkingDir: root };

const bundles = [
  // Electron runs CommonJS main and preload scripts most reliably.
  // import.meta.url (used to find the RDP worker and its library) from __filename, as ESM has it.
  { entryPoints: ['src-main/main.ts'], outfile: 'dist/main/electron-main.cjs', format: 'cjs', define: { 'import.meta.url': '__thinshell_module_url' }, banner: { js: "const __thinshell_module_url = require('node:url').pathToFileURL(__filename).href;" } },
  { entryPoints: ['src-main/hosts/electron/preload.ts'], outfile: 'dist/main/preload.cjs', format: 'cjs' },
  { entryPoints: ['src-main/hosts/browser/main.ts'], outfile: 'dist/node/browser-host.mjs', format: 'esm' },
  { entryPoints: ['src-main/cli/main.ts'], outfile: 'dist/node/cli.mjs', format: 'esm' },
  { entryPoints: ['src-main/demo/main.ts'], outfile: 'dist/node/demo.mjs', format: 'esm' },
  // The RDP session worker (one process per session; loads libthinshell_rdp.so with koffi).
  { entryPoints: ['src-main/sessions/rdp/worker/main.ts'], outfile: 'dist/node/rdp-worker.mjs', format: 'esm' },
].filter((b) => existsSync(`${root}/${b.entryPoints[0]}`));

// ESM bundles of CommonJS dependencies (ws) need a require().
const esmBanner = { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" };

if (only !== 'renderer') {
  await Promise.all(
    bundles.map((b) => esbuild({ ...common, ...b, ...(b.format === 'esm' ? { banner: esmBanner } : {}) })),
  );
}
if (only !== 'main') {
  await vite({ configFile: `${root}/vite.config.ts`, logLevel: 'warn' });
}
console.log(`built in ${Date.now() - started} ms`);
