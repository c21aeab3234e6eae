// `npm run bench`: performance figures for a 100,000-asset ledger, measured in Debian's Chromium.
// Prints figures and targets; asserts nothing. Targets (issue 2): insert ratio <= 2.0, first page
// <= 1 s, filter keystroke p95 <= 100 ms, renderer JS heap <= 300 MB.
import { preview } from 'vite';
import { chromium } from '@playwright/test';

const COUNT = Number(process.env.BENCH_COUNT ?? 100_000);
const BENCH_PASSWORD = 'ベンチマーク用の長いパスワード';
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const args = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--enable-precise-memory-info'];

const server = await preview({ configFile: 'test/bench/vite.config.ts', preview: { port: 4174, strictPort: true, host: '127.0.0.1' }, logLevel: 'warn' });
const base = 'http://127.0.0.1:4174';
const browser = await chromium.launch({ executablePath: chromiumPath, args });
const context = await browser.newContext({ viewport: { width: 1360, height: 860 }, locale: 'ja-JP' });

const fmt = (ms) => `${ms.toFixed(0)} ms`;
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

try {
  console.log(`Daichō bench: ${COUNT.toLocaleString('en')} assets, Chromium ${browser.version()}, ${new Date().toISOString()}`);
  const bench = await context.newPage();
  await bench.goto(`${base}/test/bench/bench.html`);
  await bench.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');

  const runs = [];
  for (let i = 0; i < 4; i++) runs.push(await bench.evaluate(([n, first]) => window.daichoBench.timeInsert(n, first), [COUNT, i % 2 === 0]));
  const median = (key) => percentile(runs.map((r) => r[key]), 50);
  const raw = median('rawMs');
  const repo = median('repositoryMs');
  console.log(`bulk insert (median of 4, order alternated): repository ${fmt(repo)}, raw Dexie bulkAdd ${fmt(raw)}, ratio ${(repo / raw).toFixed(2)} (target <= 2.0)`);

  await bench.evaluate((n) => window.daichoBench.seedApp(n), COUNT);
  await bench.close();

  const firstPages = [];
  let page;
  for (let i = 0; i < 3; i++) {
    await page?.close();
    page = await context.newPage();
    await page.goto(`${base}/renderer/index.html`);
    await page.getByLabel('ユーザーID').fill('bench');
    await page.getByLabel('パスワード').fill(BENCH_PASSWORD);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.waitForFunction(() => performance.getEntriesByName('daicho:first-page').length > 0, undefined, { timeout: 60_000 });
    firstPages.push(await page.evaluate(() => {
      const start = performance.getEntriesByName('daicho:ledger-open')[0].startTime;
      return performance.getEntriesByName('daicho:first-page')[0].startTime - start;
    }));
    // Let the whole ledger finish loading before the next run (and before typing below).
    await page.getByText(`${COUNT.toLocaleString('ja-JP')} 件を表示`).waitFor({ timeout: 60_000 });
  }
  await page.getByRole('row', { name: /SM-000001/ }).waitFor();
  console.log(`ledger screen open (after login) to first rendered list page: median ${fmt(percentile(firstPages, 50))} of 3 (${firstPages.map(fmt).join(', ')}) (target <= 1000 ms)`);

  const search = page.getByRole('searchbox');
  const samples = [];
  for (const word of ['住民基本台帳', '書庫Q 年度末', 'SM-0999', 'usb メモリ']) {
    await search.fill('');
    await search.focus();
    await page.evaluate(() => performance.clearMeasures('daicho:filter'));
    for (const char of word) {
      const before = await page.evaluate(() => performance.getEntriesByName('daicho:filter').length);
      await page.keyboard.insertText(char); // one input event per character, as an IME commit gives
      await page.waitForFunction((n) => performance.getEntriesByName('daicho:filter').length > n, before);
    }
    samples.push(...(await page.evaluate(() => performance.getEntriesByName('daicho:filter').map((e) => e.duration))));
  }
  console.log(`free-text filter keystroke (keystroke to rendered list): p50 ${fmt(percentile(samples, 50))}, p95 ${fmt(percentile(samples, 95))}, max ${fmt(Math.max(...samples))}, n=${samples.length} (target p95 <= 100 ms)`);

  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  console.log(`renderer JS heap after GC with the ledger open: ${(heap.usedSize / 1024 / 1024).toFixed(0)} MB used of ${(heap.totalSize / 1024 / 1024).toFixed(0)} MB (target <= 300 MB)`);
} finally {
  await browser.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
}
