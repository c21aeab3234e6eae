/* global window, document -- these run inside the page (page.evaluate), not in Node */
// Part of `npm run bench` (issue 15): what one edit costs on a 100,000-asset ledger, and 1,000 labels
// to PDF, in Debian's Chromium against the bench build (test/bench/vite.config.ts, built by the bench
// script before this runs). Prints figures and targets; asserts nothing.
//
// Seeds its own copy of the app's database: 100,000 assets of which exactly 1,000 are active media
// (so "select every unprinted medium" on the label screen selects 1,000) and the rest information.
import { preview } from 'vite';
import { launchBench } from './benchBrowser.mjs';

const COUNT = Number(process.env.BENCH_COUNT ?? 100_000);
const MEDIA = Math.min(1_000, COUNT);
// One edit by default: at 100,000 assets each edit took over a minute on this machine, and three never finished.
const EDITS = Number(process.env.BENCH_EDITS ?? 1);
const BENCH_PASSWORD = 'ベンチマーク用の長いパスワード';
const PORT = Number(process.env.BENCH_READS_PORT ?? 4175);
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const args = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

const fmt = (ms) => `${ms.toFixed(0)} ms`;
const began = Date.now();
/** Where the run is (stderr, so the figures on stdout stay clean): a slow phase shows which it is. */
const phase = (name) => console.error(`  [${((Date.now() - began) / 1000).toFixed(0)} s] ${name}`);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const server = await preview({ configFile: 'test/bench/vite.config.ts', preview: { port: PORT, strictPort: true, host: '127.0.0.1' }, logLevel: 'warn' });
const base = `http://127.0.0.1:${PORT}`;
const browser = await launchBench({ executablePath: chromiumPath, args, viewport: { width: 1360, height: 860 }, locale: 'ja-JP' });
const { context } = browser;

/** Main-thread figures between two calls: CDP's TaskDuration (all work on the renderer's main thread) and long tasks. */
async function mainThreadMeter(page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const taskSeconds = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
  await page.evaluate(() => {
    window.benchLongTasks = [];
    new PerformanceObserver((list) => window.benchLongTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
  });
  return {
    async start() {
      await page.evaluate(() => (window.benchLongTasks.length = 0));
      this.before = await taskSeconds();
    },
    async stop() {
      const busyMs = ((await taskSeconds()) - this.before) * 1000;
      const longTasks = await page.evaluate(() => window.benchLongTasks.slice());
      return { busyMs, longest: Math.max(0, ...longTasks), longCount: longTasks.length };
    },
  };
}

try {
  console.log(`Daichō reads bench: ${COUNT.toLocaleString('en')} assets (${MEDIA.toLocaleString('en')} of them media), Chromium ${browser.version()}`);
  const bench = await context.newPage();
  await bench.goto(`${base}/test/bench/bench.html`);
  await bench.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  phase('seeding (bulkAdd)');
  // The first MEDIA assets are active recording media, every other one information (no label), set
  // before the bulk add (rewriting them afterwards with a cursor took minutes at 100,000).
  await bench.evaluate(([n, media]) => window.daichoBench.seedApp(n, media), [COUNT, MEDIA]);
  await bench.close();

  const page = await context.newPage();
  // The print dialog cannot be driven (and leaves headless Chromium "printing"): count calls instead,
  // and make the PDF with page.pdf() as the labels end-to-end test does.
  await page.addInitScript(() => {
    window.print = () => {};
  });
  phase('logging in');
  await page.goto(`${base}/renderer/index.html`);
  await page.getByLabel('ユーザーID').fill('bench');
  await page.getByLabel('パスワード').fill(BENCH_PASSWORD);
  await page.getByRole('button', { name: 'ログイン' }).click();
  const fullList = page.getByText(`${COUNT.toLocaleString('ja-JP')} 件を表示`);
  await fullList.waitFor({ timeout: 120_000 });
  const meter = await mainThreadMeter(page);

  // One edit, as a person makes it: open an asset from the list, edit its name, save, back to the
  // list. Timed from the click on 保存 until the list shows the new name with the whole ledger
  // loaded (counts, search and sort ready); main-thread work from that click until 1.5 s later.
  phase('editing');
  const edits = [];
  for (let i = 0; i < EDITS; i++) {
    const name = `ベンチ編集${i + 1}回目`;
    await page.getByRole('row', { name: /SM-000002/ }).click();
    await page.getByRole('button', { name: '編集' }).click();
    await page.getByLabel('名称').fill(name);
    await meter.start();
    const started = Date.now();
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('heading', { name: `SM-000002 ${name}` }).waitFor({ timeout: 600_000 });
    const savedMs = Date.now() - started;
    await page.getByRole('button', { name: '台帳一覧', exact: true }).click();
    await page.getByRole('row', { name: new RegExp(name) }).waitFor({ timeout: 600_000 });
    const rowMs = Date.now() - started;
    await fullList.waitFor({ timeout: 600_000 });
    const listMs = Date.now() - started;
    await page.waitForTimeout(1500);
    edits.push({ savedMs, rowMs, listMs, ...(await meter.stop()) });
  }
  const m = (key) => median(edits.map((e) => e[key]));
  console.log(
    `one asset edit at ${COUNT.toLocaleString('en')} assets (median of ${EDITS}): click 保存 to saved ${fmt(m('savedMs'))}, to the edited row in the list ${fmt(m('rowMs'))}, ` +
      `to the whole list ready (counts, search, sort) ${fmt(m('listMs'))}; main-thread work it caused (CDP TaskDuration, click to 1.5 s after) ${fmt(m('busyMs'))}, ` +
      `longest task ${fmt(m('longest'))}, long tasks ${m('longCount')} (runs: ${edits.map((e) => `${fmt(e.listMs)}/${fmt(e.busyMs)}`).join(', ')})`,
  );

  // 1,000 labels to PDF: select every unprinted medium, wait for the true-size preview (one QR code
  // per label), then Chromium's PDF of the page (page.pdf, the same renderer the print dialog uses).
  phase('labels');
  await page.getByRole('button', { name: 'ラベル', exact: true }).click();
  const select = page.getByRole('button', { name: 'ラベル未印刷の媒体・紙文書をすべて選択' });
  await select.waitFor({ timeout: 120_000 });
  await meter.start();
  let started = Date.now();
  // The click returns once the page has handled it, i.e. after the preview's first render.
  await select.click({ timeout: 600_000 });
  await page.getByRole('heading', { name: `対象の資産（${MEDIA}件を選択）` }).waitFor({ timeout: 120_000 });
  const preview = page.getByRole('region', { name: 'ラベルのプレビュー' });
  await page.waitForFunction((n) => document.querySelectorAll('.label-preview .label').length >= n, MEDIA, { timeout: 300_000 });
  const previewMs = Date.now() - started;
  const labelsShown = await preview.locator('.label').count();
  const work = await meter.stop();
  started = Date.now();
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  const pdfMs = Date.now() - started;
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  console.log(
    `${MEDIA.toLocaleString('en')} labels to PDF: select to preview drawn (${labelsShown} labels) ${fmt(previewMs)} (main thread ${fmt(work.busyMs)}, longest task ${fmt(work.longest)}), ` +
      `page.pdf ${fmt(pdfMs)} (${pages} pages, ${(pdf.length / 1024 / 1024).toFixed(1)} MB); total ${fmt(previewMs + pdfMs)} (target <= 5000 ms)`,
  );

  // The dashboard at 100,000 assets: click to its charts, and the main-thread work it caused.
  phase('dashboard');
  await meter.start();
  started = Date.now();
  await page.getByRole('button', { name: 'ダッシュボード', exact: true }).click();
  await page.getByRole('table', { name: '分類の分布（使用中の資産）' }).waitFor({ timeout: 600_000 });
  const dashboardMs = Date.now() - started;
  await page.waitForTimeout(1500);
  const opened = await meter.stop();
  console.log(`dashboard at ${COUNT.toLocaleString('en')} assets: click to charts ${fmt(dashboardMs)}; main-thread work (click to 1.5 s after) ${fmt(opened.busyMs)}, longest task ${fmt(opened.longest)}`);
} finally {
  await browser.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
}
