/* global window, document, KeyboardEvent, indexedDB -- these run inside the page (page.evaluate), not in Node */
// Part of `npm run bench` (issue 16): how many scanned codes a second the stock-take (棚卸) screen
// accepts, against the claim that it keeps up with a USB scanner sending 10 codes a second. Runs in
// Debian's Chromium against the bench build (test/bench/vite.config.ts, built by the bench script
// before this runs). Prints figures; asserts nothing.
//
// Three figures, because the driver is slower than a scanner on a busy machine:
// 1. the driver alone: Playwright typing codes + Enter into a bare <input> (CDP round trips per key),
//    the most any typed figure below can show;
// 2. the screen typed at by the driver with no delay (real key events, as a scanner sends them);
// 3. the screen's own ceiling: each code put in the field and Enter dispatched in the page, one task
//    per code (React renders each before the next), over a long session (the list keeps growing).
// Every run then checks that the database holds every code in the order sent.
import { preview } from 'vite';
import { launchBench } from './benchBrowser.mjs';

const COUNT = Number(process.env.BENCH_STOCKTAKE_COUNT ?? 5_000);
const TYPED = 300;
const DISPATCHED = Math.min(4_000, COUNT);
const CHUNK = 1_000;
const BENCH_PASSWORD = 'ベンチマーク用の長いパスワード';
const PORT = Number(process.env.BENCH_STOCKTAKE_PORT ?? 4176);
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const args = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

const code = (i) => `SM-${String(i + 1).padStart(6, '0')}`;
const rate = (codes, ms) => `${((codes * 1000) / ms).toFixed(1)} codes/s`;

const server = await preview({ configFile: 'test/bench/vite.config.ts', preview: { port: PORT, strictPort: true, host: '127.0.0.1' }, logLevel: 'warn' });
const base = `http://127.0.0.1:${PORT}`;
const browser = await launchBench({ executablePath: chromiumPath, args, viewport: { width: 1360, height: 860 }, locale: 'ja-JP' });
const { context } = browser;

/** The codes the database holds for the stock-take, in the order stored. */
const storedScans = (page) =>
  page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('daicho');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('stockTakeScans').objectStore('stockTakeScans').getAll();
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result.sort((a, b) => a.id - b.id).map((s) => s.code));
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );

try {
  console.log(`Daichō stock-take bench: ${COUNT.toLocaleString('en')} assets, whole-section stock-take, Chromium ${browser.version()}`);
  const bench = await context.newPage();
  await bench.goto(`${base}/test/bench/bench.html`);
  await bench.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  await bench.evaluate((n) => window.daichoBench.seedApp(n), COUNT);
  await bench.close();

  // 1. The driver alone.
  const bare = await context.newPage();
  await bare.setContent('<input id="bare" aria-label="bare">');
  await bare.focus('#bare');
  let started = Date.now();
  await bare.keyboard.type(Array.from({ length: TYPED }, (_, i) => `${code(i)}\n`).join(''));
  const bareMs = Date.now() - started;
  await bare.close();

  const page = await context.newPage();
  await page.goto(`${base}/renderer/index.html`);
  await page.getByLabel('ユーザーID').fill('bench');
  await page.getByLabel('パスワード').fill(BENCH_PASSWORD);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.getByRole('button', { name: '点検・監査', exact: true }).click({ timeout: 120_000 }); // the top bar's menu (issue 14)
  await page.getByRole('group', { name: '点検・監査' }).getByRole('button', { name: '棚卸', exact: true }).click();
  await page.getByLabel(/課全体/).check();
  await page.getByRole('button', { name: '棚卸を始める' }).click();
  const field = page.getByLabel('読み取った番号');
  await field.waitFor();
  await page.waitForFunction(() => !document.getElementById('stocktake-code')?.disabled, null, { timeout: 120_000 });
  const counts = page.getByLabel('読取りの件数');

  // 2. Typed by the driver, no delay between keys.
  await field.focus();
  started = Date.now();
  await page.keyboard.type(Array.from({ length: TYPED }, (_, i) => `${code(i)}\n`).join(''));
  const typedMs = Date.now() - started;
  await counts.getByText(`読取り ${TYPED}件`).waitFor({ timeout: 120_000 });
  const shownMs = Date.now() - started;
  await counts.getByText('すべて保存済み').waitFor({ timeout: 120_000 });
  const savedMs = Date.now() - started;
  console.log(
    `driver alone (Playwright keyboard.type into a bare input): ${TYPED} codes in ${bareMs} ms, ${rate(TYPED, bareMs)}; ` +
      `the stock-take screen typed at the same way: ${rate(TYPED, typedMs)} typed, all ${TYPED} shown after ${shownMs} ms, all saved after ${savedMs} ms`,
  );

  // 3. The screen's ceiling: one task per code, chunk by chunk as the session grows.
  const chunks = [];
  for (let from = TYPED; from < TYPED + DISPATCHED; from += CHUNK) {
    const codes = Array.from({ length: Math.min(CHUNK, TYPED + DISPATCHED - from) }, (_, i) => code((from + i) % COUNT));
    const result = await page.evaluate(async (list) => {
      const input = document.getElementById('stocktake-code');
      const nextTask = () => new Promise((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve();
        channel.port2.postMessage(0);
      });
      const longest = [];
      const observer = new PerformanceObserver((l) => longest.push(...l.getEntries().map((e) => e.duration)));
      observer.observe({ type: 'longtask' });
      const t0 = performance.now();
      for (const c of list) {
        input.value = c;
        input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
        await nextTask();
      }
      const ms = performance.now() - t0;
      observer.disconnect();
      return { ms, longest: Math.max(0, ...longest) };
    }, codes);
    await counts.getByText(`読取り ${from + codes.length}件`).waitFor({ timeout: 120_000 });
    chunks.push({ from, n: codes.length, ...result });
  }
  started = Date.now();
  await counts.getByText('すべて保存済み').waitFor({ timeout: 120_000 });
  const drainMs = Date.now() - started;
  const total = chunks.reduce((s, c) => s + c.ms, 0);
  console.log(
    `screen ceiling (each code one task, React renders each): ${DISPATCHED} codes ${rate(DISPATCHED, total)} overall; by session size ` +
      chunks.map((c) => `${c.from}–${c.from + c.n} scans: ${rate(c.n, c.ms)} (longest task ${c.longest.toFixed(0)} ms)`).join(', ') +
      `; the last batch saved ${drainMs} ms after the last code (target: >= 10 codes/s sustained)`,
  );

  const stored = await storedScans(page);
  const expected = [...Array.from({ length: TYPED }, (_, i) => code(i)), ...Array.from({ length: DISPATCHED }, (_, i) => code((TYPED + i) % COUNT))];
  const firstWrong = expected.findIndex((c, i) => stored[i] !== c);
  console.log(`stored scans: ${stored.length} of ${expected.length}, ${firstWrong < 0 && stored.length === expected.length ? 'all in the order sent' : `first difference at scan ${firstWrong + 1}`}`);
} finally {
  await browser.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
}
