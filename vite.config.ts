import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The renderer's build: a static page both hosts load from disk (Electron) or loopback (browser). */
export default defineConfig(({ command }) => ({
  root: fileURLToPath(new URL('./src-renderer', import.meta.url)),
  // Relative asset URLs: Electron loads the page from file://, the browser host from http://.
  base: './',
  plugins: [react()],
  // A build is always React's production build, even when started under NODE_ENV=test
  // (vitest, which runs the bundle-size test): the kiosk must never ship development React.
  define: command === 'build' ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // Electron 45 and Debian's Chromium both run current Chromium.
    target: 'chrome120',
    // The polyfill is for browsers without modulepreload; ours all have it.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
}));
