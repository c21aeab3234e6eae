/* global window, document, requestAnimationFrame -- these run inside the page */
// A focused part of the issue 15 bench: the longest main-thread task while the ledger loads (login to
// the first page and to the whole list), while an import is applied and while a backup is restored,
// without the rest of `npm run bench`. Prints figures and targets; asserts nothing.
//
//   npx vite build --config test/bench/vite.config.ts && BENCH_PORT=4282 node scripts/benchLoad.mjs
//
// BENCH_COUNT (default 100,000) assets are seeded; BENCH_ONLY=login,import,restore picks the parts;
// BENCH_PROFILE=<dir> records a CPU profile of each part there and prints where its longest
// stretch of main-thread work went (build with `--minify false` to read function names).
import { preview } from 'vite';
import { launchBench } from './benchBrowser.mjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const COUNT = Number(process.env.BENCH_COUNT ?? 100_000);
const ONLY = new Set((process.env.BENCH_ONLY ?? 'login,import,restore').split(','));
const PROFILE = process.env.BENCH_PROFILE;
const PASSWORD = 'ベンチマーク用の長いパスワード';
const port = Number(process.env.BENCH_PORT ?? 4174);
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const args = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

// BENCH_DIST: serve another build of the bench (e.g. a copy of dist-bench from before a change, to alternate old and new).
const server = await preview({ configFile: 'test/bench/vite.config.ts', ...(process.env.BENCH_DIST ? { build: { outDir: process.env.BENCH_DIST } } : {}), preview: { port, strictPort: true, host: '127.0.0.1' }, logLevel: 'warn' });
const base = `http://127.0.0.1:${port}`;
const browser = await launchBench({ executablePath: chromiumPath, args, viewport: { width: 1360, height: 860 }, locale: 'ja-JP' });
const { context } = browser;
const fmt = (ms) => `${ms.toFixed(0)} ms`;
const load = async () => (await import('node:os')).loadavg().map((n) => n.toFixed(2)).join(' ');

async function watchLongTasks(page) {
  await page.evaluate(() => {
    if (!window.__longTasks) {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask' });
    }
    window.__longTasks.length = 0;
  });
}

async function longTasks(page) {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
  const tasks = await page.evaluate(() => window.__longTasks.map((t) => t.duration));
  const max = tasks.length ? Math.max(...tasks) : 0;
  return `longest task ${fmt(max)} (${tasks.length} over 50 ms, ${fmt(tasks.reduce((a, b) => a + b, 0))} in all)`;
}

/** CPU profile of one part: start before, stop after; prints the longest busy stretch's split. */
async function profiler(page, name) {
  if (!PROFILE) return { stop: async () => {} };
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  // The page's clock when the profile started (within a few ms): places the long tasks in the profile.
  const pageStart = await page.evaluate(() => performance.now());
  return {
    async stop() {
      const tasks = await page.evaluate(() => window.__longTasks.slice());
      const longest = tasks.reduce((a, b) => (b.duration > (a?.duration ?? 0) ? b : a), null);
      const { profile } = await cdp.send('Profiler.stop');
      mkdirSync(PROFILE, { recursive: true });
      writeFileSync(join(PROFILE, `${name}.cpuprofile`), JSON.stringify(profile));
      // On a machine shared with other work a task's wall time includes the time the thread waited for
      // a core; the samples that caught it running ("busy", not "(idle)") are closer to its CPU time.
      const busy = tasks.map((t) => busyMs(profile, profile.startTime + (t.start - pageStart) * 1000, profile.startTime + (t.start + t.duration - pageStart) * 1000));
      console.log(`  ${name}: longest task by busy samples ${fmt(Math.max(0, ...busy))} (${busy.filter((b) => b > 50).length} tasks with over 50 ms busy)`);
      console.log(summarise(profile, name, longest && { from: profile.startTime + (longest.start - pageStart) * 1000, to: profile.startTime + (longest.start + longest.duration - pageStart) * 1000 }));
    },
  };
}

/** Milliseconds of non-idle samples between two profile times (µs). */
function busyMs(profile, from, to) {
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  let t = profile.startTime;
  let ms = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    t += profile.timeDeltas[i];
    if (t >= from && t <= to && !idle.has(profile.samples[i])) ms += dt / 1000;
  }
  return ms;
}

/**
 * The inclusive and self time of the functions in the longest long task (placed in the profile by
 * the page's clock), or in the longest run of non-idle samples when there was no long task.
 */
function summarise(profile, name, window) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const idle = (id) => nodes.get(id).callFrame.functionName === '(idle)';
  let t = profile.startTime;
  const times = profile.samples.map((_, i) => (t += profile.timeDeltas[i]));
  let best = { from: 0, to: -1, ms: 0 };
  let from = -1;
  for (let i = 0; i <= profile.samples.length; i++) {
    const busy = i < profile.samples.length && !idle(profile.samples[i]);
    if (busy && from < 0) from = i;
    if (!busy && from >= 0) {
      const ms = (times[i - 1] - times[from]) / 1000;
      if (ms > best.ms) best = { from, to: i - 1, ms };
      from = -1;
    }
  }
  if (window) {
    const inside = times.map((time, i) => (time >= window.from && time <= window.to ? i : -1)).filter((i) => i >= 0);
    if (inside.length > 0) best = { from: inside[0], to: inside.at(-1), ms: (window.to - window.from) / 1000, task: true };
  }
  const inclusive = new Map();
  const self = new Map();
  for (let i = best.from; i <= best.to; i++) {
    const dt = ((times[i + 1] ?? times[i]) - times[i]) / 1000;
    const seen = new Set();
    let id = profile.samples[i];
    const top = nodes.get(id).callFrame;
    const selfKey = `${top.functionName || '(anonymous)'} ${top.url.split('/').pop()}:${top.lineNumber}`;
    self.set(selfKey, (self.get(selfKey) ?? 0) + dt);
    while (id !== undefined) {
      const f = nodes.get(id).callFrame;
      const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
      if (!seen.has(key)) inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
      seen.add(key);
      id = parent.get(id);
    }
  }
  const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `    ${v.toFixed(0).padStart(6)} ms  ${k}`).join('\n');
  return `  profile ${name}: ${best.task ? 'longest task' : 'longest busy stretch'} ${fmt(best.ms)}\n   inclusive:\n${top(inclusive, 30)}\n   self:\n${top(self, 15)}`;
}

async function offLedgerMedium(region) {
  await region.getByLabel('保存する記録媒体').selectOption('off-ledger');
  await region.getByLabel('台帳にない媒体', { exact: true }).fill('ベンチマーク');
  await region.getByLabel(/許可された媒体を使わない理由/).fill('ベンチマークの計測用に一時的に使う媒体です');
}

async function login(page) {
  await page.goto(`${base}/renderer/index.html`);
  await page.getByLabel('ユーザーID').fill('bench');
  await page.getByLabel('パスワード').fill(PASSWORD);
  await watchLongTasks(page);
  const prof = await profiler(page, 'login');
  const started = Date.now();
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.waitForFunction(() => performance.getEntriesByName('daicho:first-page').length > 0, undefined, { timeout: 120_000 });
  const firstMs = Date.now() - started;
  const first = await longTasks(page);
  const firstPage = await page.evaluate(() => performance.getEntriesByName('daicho:first-page')[0].startTime - performance.getEntriesByName('daicho:ledger-open')[0].startTime);
  await page.getByText(`${COUNT.toLocaleString('ja-JP')} 件を表示`).waitFor({ timeout: 180_000 });
  const allMs = Date.now() - started;
  console.log(`login, click to first page: ${fmt(firstMs)} (ledger open to first page ${fmt(firstPage)}); ${first} [load ${await load()}]`);
  console.log(`login, click to all ${COUNT.toLocaleString('en')} in the list: ${fmt(allMs)}; ${await longTasks(page)} [load ${await load()}]`);
  await prof.stop();
}

try {
  console.log(`Daichō load bench: ${COUNT.toLocaleString('en')} assets, Chromium ${browser.version()}, ${new Date().toISOString()} [load ${await load()}]`);
  const bench = await context.newPage();
  await bench.goto(`${base}/test/bench/bench.html`);
  await bench.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  await bench.evaluate((n) => window.daichoBench.seedApp(n), COUNT);
  await bench.close();

  const page = await context.newPage();
  if (ONLY.has('login')) {
    await login(page);
    await login(page);
  } else {
    await page.goto(`${base}/renderer/index.html`);
    await page.getByLabel('ユーザーID').fill('bench');
    await page.getByLabel('パスワード').fill(PASSWORD);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.getByText(`${COUNT.toLocaleString('ja-JP')} 件を表示`).waitFor({ timeout: 180_000 });
  }

  if (ONLY.has('import')) {
    await page.getByRole('button', { name: '管理', exact: true }).click();
    await page.getByRole('group', { name: '管理' }).getByRole('button', { name: '書出し・取込み', exact: true }).click();
    await page.getByRole('region', { name: 'この端末の署名鍵' }).getByRole('button', { name: '署名鍵を作成' }).click();
    const exporting = page.getByRole('region', { name: '台帳の書出し' });
    await exporting.getByLabel('持出し先').fill('情報政策課');
    await offLedgerMedium(exporting);
    await exporting.getByLabel('パスワード（12文字以上）').fill(PASSWORD);
    await exporting.getByLabel('パスワード（確認）').fill(PASSWORD);
    const download = page.waitForEvent('download', { timeout: 300_000 });
    await exporting.getByRole('button', { name: '署名して書き出す' }).click();
    const file = await (await download).path();
    const importing = page.getByRole('region', { name: '署名付き台帳の取込み' });
    await importing.getByLabel('台帳ファイル（.xlsx）').setInputFiles(file);
    await importing.getByLabel('パスワード（暗号化されている場合）').fill(PASSWORD);
    await importing.getByRole('button', { name: '署名を確かめる' }).click();
    await importing.getByRole('region', { name: '取込みの内容' }).waitFor({ timeout: 300_000 });
    await watchLongTasks(page);
    const prof = await profiler(page, 'import-apply');
    const started = Date.now();
    await importing.getByRole('button', { name: '取り込む' }).click();
    const applied = importing.getByRole('status').filter({ hasText: '取り込みました' }).or(importing.getByRole('alert'));
    await applied.first().waitFor({ timeout: 300_000 });
    const text = (await applied.first().textContent()) ?? '';
    // Until the ledger cache has taken the write in (the list's count is shown again on the ledger).
    await page.waitForTimeout(3_000);
    console.log(`import apply, click to ${text.includes('取り込みました') ? 'applied' : `refused (${text.slice(0, 60)})`}: ${fmt(Date.now() - started - 3_000)} (+3 s watched after); ${await longTasks(page)} [load ${await load()}]`);
    await prof.stop();
  }

  if (ONLY.has('restore')) {
    await page.getByRole('button', { name: '管理', exact: true }).click();
    await page.getByRole('group', { name: '管理' }).getByRole('button', { name: 'バックアップ', exact: true }).click();
    const backup = page.getByRole('region', { name: 'バックアップを作成' });
    // A backup is signed: without the import part nothing has made this terminal's key yet.
    if (!ONLY.has('import')) await backup.getByRole('button', { name: '署名鍵を作成' }).click();
    await offLedgerMedium(backup);
    await backup.getByLabel('パスワード（12文字以上）').fill(PASSWORD);
    await backup.getByLabel('パスワード（確認）').fill(PASSWORD);
    const saved = page.waitForEvent('download', { timeout: 300_000 });
    await backup.getByRole('button', { name: 'バックアップを保存' }).click();
    const backupFile = await (await saved).path();
    const restore = page.getByRole('region', { name: 'バックアップから復元・復元テスト' });
    await restore.getByLabel('バックアップファイル').setInputFiles(backupFile);
    await restore.getByLabel('パスワード').fill(PASSWORD);
    await watchLongTasks(page);
    let prof = await profiler(page, 'restore-check');
    let started = Date.now();
    await restore.getByRole('button', { name: 'ファイルを確認' }).click();
    await page.getByRole('region', { name: 'バックアップの内容' }).waitFor({ timeout: 300_000 });
    console.log(`restore, click to contents shown: ${fmt(Date.now() - started)}; ${await longTasks(page)} [load ${await load()}]`);
    await prof.stop();
    await watchLongTasks(page);
    prof = await profiler(page, 'restore-replace');
    page.once('dialog', (dialog) => void dialog.accept());
    started = Date.now();
    await restore.getByRole('button', { name: 'この内容で台帳を置き換える' }).click();
    await restore.getByRole('status').filter({ hasText: '復元しました' }).waitFor({ timeout: 300_000 });
    await page.waitForTimeout(3_000);
    console.log(`restore, click to ledger replaced: ${fmt(Date.now() - started - 3_000)} (+3 s watched after); ${await longTasks(page)} [load ${await load()}]`);
    await prof.stop();
  }
} finally {
  await browser.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
}
