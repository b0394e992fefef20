import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { chromiumPath } from './server/dev/ensure-chromium';

// The stack is started by e2e/global-setup.ts on this port and the next (two web instances); the config is read before setup runs.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
const home = path.resolve('.data/chromium-home');

export default defineConfig({
  testDir: 'e2e',
  testMatch: '*.spec.ts',
  globalSetup: './e2e/global-setup.ts',
  workers: 1,
  fullyParallel: false,
  retries: process.env.CI ? 1 : 0,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${E2E_PORT}`,
    trace: 'retain-on-failure',
    launchOptions: {
      // Debian's Chromium; Playwright never downloads a browser here (global setup installs it when missing).
      executablePath: chromiumPath() ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      env: { ...process.env, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache') },
    },
  },
});
