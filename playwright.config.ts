import { defineConfig } from '@playwright/test';

/** Debian's Chromium (apt-get install chromium); `npx playwright install` cannot download here. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Flags that keep Chromium from reaching for the network on its own (no background services). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/** Port of the preview server; set E2E_PORT to run two checkouts' end-to-end tests side by side. */
const port = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
  testDir: 'test/e2e',
  globalSetup: './test/e2e/globalSetup.ts',
  // Spec files run two at a time (each test has its own browser context, so its own IndexedDB); the
  // tests inside a file stay in order. E2E_WORKERS=1 runs them one by one on a slow machine.
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
    trace: 'off',
    actionTimeout: 10_000,
  },
  webServer: {
    // The end-to-end bundle (test/e2e/vite.config.ts: the app with cheap hashing for new passwords),
    // built here so it is never stale; `vite build` (npm run test:e2e) builds the production bundle,
    // which npmStart.spec.ts serves and security.spec.ts checks.
    command: `npx vite build --config test/e2e/vite.config.ts --logLevel warn && npx vite preview --config test/e2e/vite.config.ts --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
  },
});
