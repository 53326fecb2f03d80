import { defineConfig } from '@playwright/test';

// The console's browser tests: Debian's Chromium (apt-get install chromium; Playwright downloads no browser here)
// against the real service on embedded defaults, started once by e2e/global-setup.ts on free ports.
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  globalTeardown: './e2e/global-teardown.ts',
  // Each test signs in its own people in fresh browser contexts; two at a time is what two cores carry.
  workers: 2,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['./e2e/summary-reporter.ts']],
  outputDir: '../.data/console-e2e-results',
  use: {
    baseURL: process.env.CONSOLE_URL,
    locale: 'en-GB',
    viewport: { width: 1366, height: 800 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
    },
  },
});
