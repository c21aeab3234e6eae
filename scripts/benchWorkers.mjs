// The issue 15 part of `npm run bench` (work off the UI thread, code splitting): bundles
// test/bench/workerBench.ts for Node (packages stay external) and runs it on the bench's page.
// Prints figures; asserts nothing.
import { build } from 'esbuild';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

/** @param {{ context: import('@playwright/test').BrowserContext, page: import('@playwright/test').Page, base: string, count: number, password: string }} options */
export async function runWorkerBench(options) {
  const outfile = resolve('dist-bench/workerBench.mjs');
  await build({ entryPoints: ['test/bench/workerBench.ts'], outfile, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning' });
  await (await import(pathToFileURL(outfile).href)).runWorkerBench(options);
}
