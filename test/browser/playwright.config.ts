import { defineConfig } from '@playwright/test';

/**
 * The browser suite (npm test runs it after Jest): Debian's chromium (browsers cannot be downloaded
 * here), one worker (CI has two cores), against an API + worker the global setup starts on a
 * database cloned from the Guizhou template.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './global-setup.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: '../../.data/test/playwright',
  use: {
    baseURL: process.env.CARENET_WEB_URL,
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] },
    trace: 'off',
    screenshot: 'off',
  },
});
