import { defineConfig } from 'vitest/config';

/** Unit and integration tests run in Node; e2e specs (*.spec.ts) belong to Playwright. */
export default defineConfig({
  test: {
    include: ['app/**/*.test.ts', 'main/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: process.env.CI ? { json: 'reports/vitest.json' } : undefined,
  },
});
