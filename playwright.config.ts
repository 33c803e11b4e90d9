import { defineConfig } from '@playwright/test';

/**
 * e2e journeys in Debian's Chromium against browser mode. Each test starts its own app server
 * on a free port with a temporary user-data folder (see e2e/fixtures/app.ts), so there is no
 * shared webServer here.
 */
export default defineConfig({
  testDir: 'e2e',
  testMatch: /\.spec\.ts$/,
  timeout: 45_000,
  workers: 1,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [['list'], ['json', { outputFile: 'reports/e2e.json' }]] : 'list',
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 860 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
});
