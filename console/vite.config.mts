import { defineConfig } from 'vitest/config';

// The SPA is served by the NestJS app at /console/ (src/console/use-console.ts); `vite` alone (the dev server)
// proxies the BFF's routes to an `npm start` running on :3000.
export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // Mantine's "use client" lines are for React server components, which the SPA does not use.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  // Component tests (npm run test:console runs them before the browser tests).
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.tsx'],
    setupFiles: ['src/test-setup.ts'],
  },
  server: {
    proxy: { '/console/api': 'http://127.0.0.1:3000', '/console/auth': 'http://127.0.0.1:3000' },
  },
});
