import { defineConfig } from 'vite';

// The tab is served by the app under /tab; `npm run build:tab` writes it to dist/tab.
export default defineConfig({
  root: import.meta.dirname,
  base: '/tab/',
  oxc: { jsx: { runtime: 'automatic' } },
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
