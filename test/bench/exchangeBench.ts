/**
 * Figures for the signed ledger exchange at 100,000 assets (issue 5), in Node with the same shared/
 * code the app and the CLI run: export+sign against a bare SheetJS write of the same rows, import
 * (open, verify, parse, diff) against a bare SheetJS read and against LibreOffice loading the file,
 * and the CLI's peak memory when verifying it. Prints figures; asserts nothing.
 */
import * as XLSX from '@e965/xlsx';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nishinomiyaProfile } from '../../shared/domain/profiles/bundledProfiles';
import { diffTables } from '../../shared/ledgerFile/diffLedger';
import { exportLedger } from '../../shared/ledgerFile/exportLedger';
import { checkLedger, openLedgerFile, parseLedgerRows } from '../../shared/ledgerFile/importLedger';
import { publicKeyFileText } from '../../shared/ledgerFile/keyFiles';
import { encryptWorkbook } from '../../shared/ledgerFile/officeEncryption';
import { assetRow, ledgerHeader } from '../../shared/ledgerFile/ledgerColumns';
import { keyFingerprint, secretKeySigner } from '../../shared/ledgerFile/signature';
import { makeAsset } from '../fixtures/assets';

const COUNT = Number(process.env.BENCH_COUNT ?? 100_000);
const RUNS = 3;
const signer = secretKeySigner(Uint8Array.from({ length: 32 }, (_, i) => i + 11));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const time = async (fn: () => unknown) => { const start = performance.now(); await fn(); return performance.now() - start; };
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

export async function runExchangeBench(cliPath: string): Promise<void> {
  const assets = Array.from({ length: COUNT }, (_, i) => makeAsset(i));
  const header = ledgerHeader(nishinomiyaProfile);
  const rows = assets.map((a) => assetRow(a, nishinomiyaProfile));
  const meta = { profile: nishinomiyaProfile, organisation: '西宮市', section: '市民課', exportedAt: new Date().toISOString(), appVersion: 'bench', signer };
  let file: Uint8Array = new Uint8Array();

  const exportTimes: number[] = [];
  const bareWriteTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Alternate the order so neither side always runs on a warmer heap.
    const bare = () => {
      const book = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([header, ...rows]), '情報資産台帳');
      return XLSX.write(book, { type: 'array', bookType: 'xlsx', compression: true });
    };
    const ours = async () => { file = (await exportLedger({ ...meta, assets, sequence: i + 1 })).bytes; };
    if (i % 2 === 0) { bareWriteTimes.push(await time(bare)); exportTimes.push(await time(ours)); } else { exportTimes.push(await time(ours)); bareWriteTimes.push(await time(bare)); }
  }
  const exportMs = median(exportTimes);
  const bareWriteMs = median(bareWriteTimes);
  console.log(`export+sign ${COUNT.toLocaleString('en')} assets (median of ${RUNS}): ${fmt(exportMs)}; bare SheetJS write of the same rows (compressed): ${fmt(bareWriteMs)}; ratio ${(exportMs / bareWriteMs).toFixed(2)} (target <= 1.3); file ${(file.length / 1024 / 1024).toFixed(1)} MB`);

  const encryptMs = await time(() => encryptWorkbook(file, 'ベンチマーク用のパスワード', (n) => new Uint8Array(randomBytes(n))));
  console.log(`password encryption of that file (AES-256, 100,000 SHA-512 spins, as Excel): ${fmt(encryptMs)}`);

  const trusted = [{ keyId: keyFingerprint(signer.publicKey), publicKey: signer.publicKey, organisation: '西宮市', section: '市民課', addedAt: '', addedBy: '', revokedAt: null, revokedBy: null, lastSequence: 0 }];
  const verifyTimes: number[] = [];
  const importTimes: number[] = [];
  const bareReadTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const bare = () => XLSX.utils.sheet_to_json(XLSX.read(file, { type: 'array' }).Sheets['情報資産台帳']!, { header: 1 });
    const ours = async () => {
      const started = performance.now();
      const opened = openLedgerFile(file);
      if (!opened.ok) throw new Error(opened.refusal.reason);
      const checked = await checkLedger(opened.file, trusted, nishinomiyaProfile.id);
      if (!checked.ok) throw new Error(checked.refusal.reason);
      verifyTimes.push(performance.now() - started);
      const parsed = parseLedgerRows(opened.file.header, opened.file.rows, nishinomiyaProfile);
      if (!parsed.ok) throw new Error('rows');
      diffTables({ header, rows }, opened.file);
    };
    if (i % 2 === 0) { bareReadTimes.push(await time(bare)); importTimes.push(await time(ours)); } else { importTimes.push(await time(ours)); bareReadTimes.push(await time(bare)); }
  }
  const verifyMs = median(verifyTimes);
  const importMs = median(importTimes);
  console.log(`import+verify (open, decrypt if needed, verify every cell and the signer; median of ${RUNS}): ${fmt(verifyMs)}; with row checks and diff (everything before the difference is shown): ${fmt(importMs)}; bare SheetJS read of the same file: ${fmt(median(bareReadTimes))}`);

  const dir = mkdtempSync(join(tmpdir(), 'daicho-bench-'));
  try {
    const path = join(dir, 'ledger.xlsx');
    if (process.env.BENCH_KEEP) writeFileSync(process.env.BENCH_KEEP, file);
    writeFileSync(path, file);
    const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' });
    if (soffice.status === 0) {
      const loads: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        loads.push(await time(() => execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/lo-profile`, '--convert-to', 'csv', '--outdir', dir, path], { stdio: 'ignore' })));
      }
      const loMs = median(loads);
      console.log(`LibreOffice headless (${soffice.stdout.trim()}) --convert-to csv of the same file (median of ${RUNS}, includes its start-up): ${fmt(loMs)}; import+verify / LibreOffice = ${(verifyMs / loMs).toFixed(2)} (target <= 1.0); with row checks and diff ${(importMs / loMs).toFixed(2)}`);
    } else {
      console.log('LibreOffice not installed (apt install libreoffice-calc): comparison skipped');
    }
    const keyPath = join(dir, 'key.daicho-key');
    writeFileSync(keyPath, publicKeyFileText({ publicKey: signer.publicKey, organisation: '西宮市', section: '市民課', createdAt: '' }));
    const rssReporter = join(dir, 'rss.cjs');
    // VmHWM (peak resident set of this process image) rather than getrusage's maxRSS: on Linux the
    // latter carries over the forked parent's size across exec, which here is the whole bench.
    writeFileSync(rssReporter, "process.on('exit', () => process.stderr.write(`maxRSS ${/VmHWM:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1]}\\n`));");
    const started = performance.now();
    const cli = spawnSync(process.execPath, ['-r', rssReporter, cliPath, 'verify', path, '--trust', keyPath], { encoding: 'utf8' });
    const cliMs = performance.now() - started;
    const rssKb = Number(/maxRSS (\d+)/.exec(cli.stderr)?.[1] ?? NaN);
    console.log(`CLI daicho verify: exit ${cli.status}, ${fmt(cliMs)}, peak RSS ${(rssKb / 1024).toFixed(0)} MB (target <= 250 MB)`);
    console.log(`this bench process (SheetJS comparisons included): peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
