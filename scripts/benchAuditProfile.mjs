// Where a full audit verification's time goes (issue 15), as figures per entry: read, + canonical form,
// + the app's SHA-256 (sha256Scratch.ts), WebCrypto or @noble/hashes, one variant at a time on one thread over the same entries
// (test/bench/auditReadProfile.ts), in wall time and in the renderer's CPU time (/proc: the other
// sessions on a shared machine inflate wall time, not this). Needs the bench build. Prints
// figures, asserts nothing. BENCH_PROFILE_DIR keeps the seeded browser profile between runs (seeding
// takes minutes); BENCH_PROFILE_SEED entries are seeded, BENCH_PROFILE_COUNT read per variant.
/* global window, document, indexedDB -- these callbacks run inside the page (page.evaluate), not in Node */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preview } from 'vite';
import { chromium } from '@playwright/test';

const SEED = Number(process.env.BENCH_PROFILE_SEED ?? 200_000);
const COUNT = Number(process.env.BENCH_PROFILE_COUNT ?? 100_000);
const PORT = Number(process.env.BENCH_AUDIT_PORT ?? 4175);
const dir = process.env.BENCH_PROFILE_DIR ?? mkdtempSync(join(tmpdir(), 'daicho-audit-profile-'));
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const args = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
const variants = (process.env.BENCH_PROFILE_VARIANTS ?? 'read,read+canonical,read+canonical+hash,read+canonical+webcrypto,read+canonical+noble').split(',');

/** CPU seconds (user + system) of this profile's Chromium renderer processes, from /proc (Linux only; 0 elsewhere). */
function rendererCpuSeconds() {
  try {
    let ticks = 0;
    for (const pid of readdirSync('/proc').filter((d) => /^[0-9]+$/.test(d))) {
      let cmd = '';
      try {
        cmd = readFileSync(`/proc/${pid}/cmdline`, 'latin1');
      } catch {
        continue;
      }
      if (!cmd.includes('--type=renderer') || !cmd.includes(dir)) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return ticks / 100;
  } catch {
    return 0;
  }
}

const server = await preview({ configFile: 'test/bench/vite.config.ts', preview: { port: PORT, strictPort: true, host: '127.0.0.1' }, logLevel: 'warn' });
const context = await chromium.launchPersistentContext(dir, { executablePath: chromiumPath, args, locale: 'ja-JP' });
try {
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${PORT}/test/bench/bench.html`);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  const have = await page.evaluate(async () => {
    const dbs = await indexedDB.databases();
    return dbs.some((d) => d.name === 'daicho');
  });
  if (!have || process.env.BENCH_PROFILE_RESEED) {
    const seeded = await page.evaluate((n) => window.daichoAuditBench.seedAudit(n), SEED);
    console.log(`seeded ${seeded.entries.toLocaleString('en')} entries (${(seeded.storeMs / 1000).toFixed(1)} s to store) in ${dir}`);
  }
  for (let round = 0; round < Number(process.env.BENCH_PROFILE_ROUNDS ?? 2); round++) {
    for (const variant of variants) {
      const cpu = rendererCpuSeconds();
      const r = await page.evaluate(([v, n]) => window.daichoAuditProfile.profileAuditRead(v, n), [variant, COUNT]);
      const cpuUs = ((rendererCpuSeconds() - cpu) * 1e6) / Math.max(1, r.entries);
      console.log(`round ${round + 1} ${r.variant.padEnd(30)} ${r.entries.toLocaleString('en')} entries ${r.ms.toFixed(0).padStart(6)} ms = ${r.usPerEntry.toFixed(2)} µs/entry wall, ${cpuUs.toFixed(2)} µs/entry renderer CPU (check ${r.check})`);
    }
  }
  for (let round = 0; round < Number(process.env.BENCH_PROFILE_FULL ?? 1); round++) {
    const r = await page.evaluate(() => window.daichoAuditProfile.verifyFull());
    console.log(`full verification in the app's workers: ${r.ms.toFixed(0)} ms, chain ${r.ok ? 'intact' : 'BROKEN'} (${r.count.toLocaleString('en')} entries); ranges ${r.ranges}`);
  }
} finally {
  await context.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
}
