// The benches' browser: Chromium with a profile on disk, where the app keeps its database (Electron's
// IndexedDB lives in the user's profile on disk). Not browser.newContext(): Playwright's contexts are
// off the record, and Chromium then keeps IndexedDB in memory, which hid costs that only show on disk
// (measured with a million audit entries: Chromium's count() and 'nextunique' cursors took seconds on
// disk, a fraction of that in memory). Each run gets a fresh profile, removed on close.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';

/** A fresh on-disk profile: `context` for pages, `version()` of Chromium, and `close()`, which also removes the profile. */
export async function launchBench(options) {
  const dir = mkdtempSync(join(tmpdir(), 'daicho-bench-'));
  const context = await chromium.launchPersistentContext(dir, options);
  return {
    context,
    version: () => context.browser()?.version() ?? 'unknown',
    close: async () => {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
