import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const shim = (name: string) => fileURLToPath(new URL(`./src/node-shims/${name}.cjs`, import.meta.url));

// The tab is served by the app under /tab; `npm run build:tab` writes it to dist/tab.
export default defineConfig({
  root: import.meta.dirname,
  base: '/tab/',
  oxc: { jsx: { runtime: 'automatic' } },
  resolve: {
    // The card preview runs adaptivecards-templating. Its expression engine's browser build (adaptive-expressions
    // 4.23, lib/browser.js) calls its bundled assert through a module namespace and throws on any sizeable
    // template: the tab bundles the Node build instead, with the three Node built-ins it touches (src/node-shims).
    alias: {
      'adaptive-expressions': 'adaptive-expressions/lib/index.js',
      assert: shim('assert'),
      util: shim('util'),
      os: shim('os'),
    },
  },
  build: {
    outDir: '../dist/tab',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1024, // budget is checked on the gzipped size by npm run bench
    rolldownOptions: {
      // Fluent UI marks its modules 'use client' for React Server Components; meaningless in a tab bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
