/** The console's build: a static single-page app the API serves at `/` (dist/console). */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** @param {string} path */
const here = (path) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  // No Node globals in the browser; the shared domain code and the action table are plain TypeScript.
  resolve: {
    alias: {
      '@domain': here('../../libs/domain/src'),
      // Only the action table: the rest of the contracts lib is the server's (Temporal, Nest types).
      '@contracts/action-routes': here('../../libs/contracts/src/action-routes.ts'),
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: here('../../dist/console'),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1024,
    rolldownOptions: {
      // React Server Components' "use client" markers mean nothing in a single-page app.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: { proxy: { '/v1': 'http://localhost:3000' } },
});
