// The audit part of `npm run bench` (issue 15): a million audit entries in the app's own database, then
// the real audit screen in Chromium: open to the first page (target <= 1 s), a filtered page (target
// <= 300 ms) for several filters, and a full chain verification in the worker (time; target <= 10 s
// without blocking the window: the longest main-thread task during it is printed); then the
// self-inspection, which verifies the log before it shows. Prints figures,
// asserts nothing. Needs the bench build (`vite build --config test/bench/vite.config.ts`).
// The database is on disk, in a Chromium profile, as the app keeps it (see benchBrowser.mjs).
// BENCH_AUDIT_PROFILE_DIR keeps the seeded browser profile (seeding a million entries takes minutes):
// the first run seeds and saves a copy there, later runs start from a fresh copy of it.
/* global window, document -- these callbacks run inside the page (page.evaluate), not in Node */
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preview } from 'vite';
import { chromium } from '@playwright/test';

const COUNT = Number(process.env.BENCH_AUDIT_COUNT ?? 1_000_000);
const PORT = Number(process.env.BENCH_AUDIT_PORT ?? 4175);
const BENCH_PASSWORD = 'ベンチマーク用の長いパスワード';
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const args = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

const server = await preview({ configFile: 'test/bench/vite.config.ts', preview: { port: PORT, strictPort: true, host: '127.0.0.1' }, logLevel: 'warn' });
const base = `http://127.0.0.1:${PORT}`;
const kept = process.env.BENCH_AUDIT_PROFILE_DIR;
const keptProfile = kept && join(kept, `profile-${COUNT}-${PORT}`);
const reuse = keptProfile && existsSync(join(keptProfile, 'seeded'));
const userDataDir = mkdtempSync(join(tmpdir(), 'daicho-audit-bench-'));
if (reuse) cpSync(keptProfile, userDataDir, { recursive: true });
const launch = () => chromium.launchPersistentContext(userDataDir, { executablePath: chromiumPath, args, viewport: { width: 1366, height: 768 }, locale: 'ja-JP' });
let context = await launch();
const fmt = (ms) => `${ms.toFixed(0)} ms`;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

try {
  console.log(`Daichō audit bench: ${COUNT.toLocaleString('en')} audit entries, Chromium ${context.browser()?.version() ?? ''}, ${new Date().toISOString()}`);
  const bench = await context.newPage();
  await bench.goto(`${base}/test/bench/bench.html`);
  await bench.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  let seeded;
  if (reuse) {
    seeded = { entries: await bench.evaluate(() => window.daichoAuditBench.countEntries()) };
    console.log(`seeding: reused the profile seeded before (${keptProfile}: ${seeded.entries.toLocaleString('en')} entries in the log)`);
  } else {
    seeded = await bench.evaluate((n) => window.daichoAuditBench.seedAudit(n), COUNT);
    console.log(`seeding: chain of ${COUNT.toLocaleString('en')} entries computed in ${fmt(seeded.hashMs)}, stored with bulkAdd in ${fmt(seeded.storeMs)} (${seeded.entries.toLocaleString('en')} entries in the log)`);
  }
  await bench.close();
  if (keptProfile && !reuse) {
    // Copied with the browser closed, so the database files are complete; then the bench goes on as if reused.
    await context.close();
    rmSync(keptProfile, { recursive: true, force: true });
    cpSync(userDataDir, keptProfile, { recursive: true });
    writeFileSync(join(keptProfile, 'seeded'), '');
    context = await launch();
  }

  const page = await context.newPage();
  await page.goto(`${base}/renderer/index.html`);
  await page.getByLabel('ユーザーID').fill('bench');
  await page.getByLabel('パスワード').fill(BENCH_PASSWORD);
  await page.getByRole('button', { name: 'ログイン' }).click();
  const nav = page.getByRole('navigation', { name: '主な画面' });
  await nav.getByRole('button', { name: '台帳一覧', exact: true }).waitFor({ timeout: 60_000 });

  const firstPages = [];
  for (let i = 0; i < 3; i++) {
    await nav.getByRole('button', { name: '台帳一覧', exact: true }).click();
    await page.evaluate(() => performance.clearMarks());
    const clicked = Date.now();
    await nav.getByRole('button', { name: '点検・監査', exact: true }).click(); // the top bar's menu (issue 14)
    await nav.getByRole('group', { name: '点検・監査' }).getByRole('button', { name: '監査ログ', exact: true }).click();
    await page.waitForFunction(() => performance.getEntriesByName('daicho:audit-first-page').length > 0, undefined, { timeout: 120_000 });
    await page.getByRole('row').nth(1).waitFor();
    const marked = await page.evaluate(() => performance.getEntriesByName('daicho:audit-first-page')[0].startTime - performance.getEntriesByName('daicho:audit-open')[0].startTime);
    firstPages.push({ marked, clickToRows: Date.now() - clicked });
  }
  const count = await page.locator('.result-count').textContent();
  console.log(`audit screen open to first page rendered (100 rows of ${count?.trim()}): median ${fmt(median(firstPages.map((r) => r.marked)))} of 3 (${firstPages.map((r) => fmt(r.marked)).join(', ')}); click to rows visible ${firstPages.map((r) => fmt(r.clickToRows)).join(', ')} (target <= 1000 ms)`);

  /** Applies a filter change and returns the time from the change to its page on screen (with the count). */
  const timed = async (label, change) => {
    await page.evaluate(() => performance.clearMeasures('daicho:audit-filter'));
    await change();
    await page.waitForFunction(() => performance.getEntriesByName('daicho:audit-filter').length > 0, undefined, { timeout: 120_000 });
    const ms = await page.evaluate(() => performance.getEntriesByName('daicho:audit-filter')[0].duration);
    const shown = (await page.locator('.result-count').textContent())?.trim();
    console.log(`  filtered page, ${label}: ${fmt(ms)} (${shown})`);
    return ms;
  };
  console.log('audit screen, filter change to its first page rendered (target <= 300 ms each):');
  const actor = page.getByLabel('操作者', { exact: true });
  const action = page.getByLabel('操作', { exact: true });
  const filterTimes = [];
  filterTimes.push(await timed('an action (資産の変更, 30% of entries)', () => action.selectOption({ label: '資産の変更' })));
  filterTimes.push(await timed('a rare action (署名鍵の失効, 0.1%)', () => action.selectOption({ label: '署名鍵の失効' })));
  filterTimes.push(await timed('an actor (12.5%) and that rare action', () => actor.selectOption({ label: '山田 花子' })));
  filterTimes.push(await timed('an actor alone', () => action.selectOption({ label: 'すべて' })));
  filterTimes.push(await timed('an actor and one month (2026-01)', async () => {
    await page.getByLabel('開始日').fill('2026-01-01');
    await page.getByLabel('終了日').fill('2026-01-31');
  }));
  // Clear the others first (untimed, let them settle), so the figure is for the asset filter alone.
  await timed('back to everything (a month, then no period)', async () => {
    await actor.selectOption({ label: 'すべて' });
    await page.getByLabel('開始日').fill('');
    await page.getByLabel('終了日').fill('');
  });
  await page.waitForTimeout(3000); // every one of those three changes has drawn its page
  filterTimes.push(await timed('an asset by 管理番号 (SM-012346)', () => page.getByLabel('資産の管理番号').fill('SM-012346')));
  console.log(`  worst of these: ${fmt(Math.max(...filterTimes))}`);
  await page.getByLabel('資産の管理番号').fill('');

  // Full verification in the worker; the window's longest task meanwhile shows whether it stayed usable.
  await page.evaluate(() => {
    window.__longest = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longest = Math.max(window.__longest, entry.duration);
    }).observe({ type: 'longtask' });
  });
  const rangeTimings = [];
  const treeTimings = [];
  page.on('console', (message) => {
    if (message.text().startsWith('[audit] ranges ')) rangeTimings.push(message.text().slice('[audit] ranges '.length));
    if (message.text().startsWith('[audit] tree check ')) treeTimings.push(message.text().slice('[audit] tree check '.length));
  });
  const started = Date.now();
  await page.getByRole('button', { name: '監査ログを検証', exact: true }).click();
  await page.getByRole('status').filter({ hasText: '改ざんは検出されませんでした' }).waitFor({ timeout: 3_600_000 });
  const verifyMs = Date.now() - started;
  const longest = await page.evaluate(() => window.__longest);
  console.log(`full chain verification of ${seeded.entries.toLocaleString('en')} entries in the audit worker (read, hash every entry, tree head against the last export), click to result: ${fmt(verifyMs)} (target <= 10000 ms); longest main-thread task meanwhile: ${fmt(longest)} (target <= 100 ms)`);
  for (const line of rangeTimings) {
    const ranges = JSON.parse(line);
    console.log(`  ${ranges.length} workers (one per core, navigator.hardwareConcurrency capped at 4), each: ${ranges.map((r) => `${r.count.toLocaleString('en')} entries in ${fmt(r.totalMs)} (waiting for IndexedDB ${fmt(r.readMs)}, serialise + SHA-256 + compare ${fmt(r.hashMs)}${r.treeMs === undefined ? '' : `, its part of the Merkle tree ${fmt(r.treeMs)}`})`).join('; ')}`);
  }

  if (treeTimings.length > 0) console.log(`  then the last-export check and the checkpoint's right edge from the ranges' subtrees, in a worker: ${treeTimings.join(', ')}`);

  // The next check starts from the checkpoint that full verification recorded: only the entries since are read.
  const added = Number(process.env.BENCH_AUDIT_SINCE ?? 10_000);
  const adder = await context.newPage();
  await adder.goto(`${base}/test/bench/bench.html`);
  await adder.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  await adder.evaluate((n) => window.daichoAuditBench.appendEntries(n), added);
  await adder.close();
  await page.evaluate(() => void (window.__longest = 0));
  const sinceStarted = Date.now();
  await page.getByRole('button', { name: '監査ログを検証', exact: true }).click();
  const sinceStatus = page.getByRole('status').filter({ hasText: 'より後の' });
  await sinceStatus.waitFor({ timeout: 600_000 });
  const sinceMs = Date.now() - sinceStarted;
  console.log(`check from the last full verification's checkpoint after ${added.toLocaleString('en')} more entries (the recorded entry's hash, then only the entries since, and the last export's head from the tree's right edge), click to result: ${fmt(sinceMs)}; longest main-thread task meanwhile: ${fmt(await page.evaluate(() => window.__longest))}; screen says: ${(await sinceStatus.textContent())?.trim().slice(0, 80)}…`);

  // The self-inspection carries the audit log's state: a full verification in the audit workers, the
  // window answering meanwhile (it used to re-read and re-hash the whole log on the UI thread).
  await page.evaluate(() => void (window.__longest = 0));
  const reportStarted = Date.now();
  await nav.getByRole('button', { name: '点検・監査', exact: true }).click();
  await nav.getByRole('group', { name: '点検・監査' }).getByRole('button', { name: '自己点検', exact: true }).click();
  await page.getByRole('table', { name: '点検項目' }).waitFor({ timeout: 3_600_000 });
  const auditLine = (await page.getByRole('row').filter({ hasText: 'ハッシュチェーン' }).first().textContent())?.replace(/\s+/g, ' ').trim().slice(0, 60);
  console.log(`self-inspection (自己点検) at ${seeded.entries.toLocaleString('en')} audit entries, click to report shown (after a full verification in the workers): ${fmt(Date.now() - reportStarted)}; longest main-thread task meanwhile: ${fmt(await page.evaluate(() => window.__longest))}; its audit line: ${auditLine}…`);
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
  await new Promise((resolve) => server.httpServer.close(resolve));
}
