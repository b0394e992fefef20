import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { chromiumPath } from './server/dev/ensure-chromium';

// The stack is started by e2e/global-setup.ts on this port and the next (two web instances); the config is read before setup runs.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
// `npm run prove`: the journeys, against an app that is already running when E2E_BASE_URL names it
// (e2e/prove-setup.ts signs the demo accounts in there), otherwise against the private stack.
const runningApp = process.env.E2E_BASE_URL;
const proving = process.env.PROVE === '1' || Boolean(runningApp);
const home = path.resolve('.data/chromium-home');

export default defineConfig({
  testDir: 'e2e',
  testMatch: '*.spec.ts',
  // The anomaly matrix writes the docs and runs with the test suite (and `npm run matrix`), not with `prove`.
  testIgnore: proving ? ['anomaly-matrix.spec.ts'] : [],
  globalSetup: runningApp ? './e2e/prove-setup.ts' : './e2e/global-setup.ts',
  workers: 1,
  fullyParallel: false,
  retries: process.env.CI ? 1 : 0,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  // The HTML report stays in playwright-report/ (`npx playwright show-report`): each journey, its screenshots, a trace on failure.
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: runningApp ?? `http://localhost:${E2E_PORT}`,
    trace: 'retain-on-failure',
    launchOptions: {
      // Debian's Chromium; Playwright never downloads a browser here (global setup installs it when missing).
      executablePath: chromiumPath() ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      env: { ...process.env, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache') },
    },
  },
});
