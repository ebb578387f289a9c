/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built into apps/web/dist and served by the API (apps/api/src/web) under its CSP
// (script-src 'self'): no inline scripts, so the module preload polyfill stays off.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  resolve: {
    // The clinical vocabulary and rules (pure TypeScript, no I/O) from their source, as the API
    // resolves them through tsconfig paths: one vocabulary for the API and the browser.
    alias: { '@consilium/pathway': fileURLToPath(new URL('../../libs/pathway/src/index.ts', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  // Unit tests of the pure helpers (issue 19): *.spec.ts beside the code, run by vitest in Node
  // (they touch no DOM) with the aliases above; never part of the build, which starts at index.html.
  // TZ=UTC as for the jest tiers, so dates read the same on every machine.
  test: {
    include: ['src/**/*.spec.ts'],
    environment: 'node',
    env: { TZ: 'UTC' },
  },
  server: {
    proxy: Object.fromEntries(
      ['/auth', '/cases', '/meetings', '/recommendations', '/me', '/audit', '/boards', '/users', '/reports'].map(
        (prefix) => [prefix, 'http://127.0.0.1:3000'],
      ),
    ),
  },
});
