/**
 * `daicho merge` of many sections' ledgers (issue 15): 200 signed ledgers of 2,000 assets each
 * (400,000 rows), merged and signed by the CLI in its own process; wall time and peak RSS (VmHWM,
 * read at exit, and the merge's own peak after the key is unsealed). Also 50 and 100 ledgers, to show
 * how memory grows with the rows. Target: <= 300 MB, linear in the number of rows. Prints; asserts
 * nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nishinomiyaProfile } from '../../shared/domain/profiles/bundledProfiles';
import { exportLedger } from '../../shared/ledgerFile/exportLedger';
import { publicKeyFileText } from '../../shared/ledgerFile/keyFiles';
import { secretKeySigner } from '../../shared/ledgerFile/signature';
import { makeAsset } from '../fixtures/assets';

const SECTIONS = Number(process.env.BENCH_MERGE_SECTIONS ?? 200);
const PER_SECTION = Number(process.env.BENCH_MERGE_ROWS ?? 2_000);
const PASSPHRASE = 'ベンチマーク用の長いパスフレーズ';

/**
 * Loaded with -r into the CLI's process: prints the peak RSS at exit; the first read of a .xlsx file
 * notes the peak so far (the key's scrypt) and resets it, when Linux allows (else keyRSS is -1).
 * `readFileSync` is patched and the built-in ES module's exports synchronised, so the CLI's ESM
 * import sees the patched function.
 */
const RSS_REPORTER = `
const fs = require('fs');
const read = fs.readFileSync;
const hwm = () => Number(/VmHWM:\\s+(\\d+)/.exec(read('/proc/self/status', 'utf8'))[1]);
let keyPeak = 0;
fs.readFileSync = function (path, ...rest) {
  if (keyPeak === 0 && typeof path === 'string' && path.endsWith('.xlsx')) {
    keyPeak = hwm();
    try { fs.writeFileSync('/proc/self/clear_refs', '5'); } catch { keyPeak = -1; }
  }
  return read.call(this, path, ...rest);
};
require('module').syncBuiltinESMExports();
process.on('exit', () => {
  const u = process.resourceUsage();
  const merge = hwm();
  process.stderr.write('maxRSS ' + Math.max(keyPeak, merge) + ' keyRSS ' + keyPeak + ' mergeRSS ' + merge + ' cpu ' + (u.userCPUTime + u.systemCPUTime) + '\\n');
});
`;

export async function runMergeBench(cliPath: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'daicho-merge-'));
  try {
    const signer = secretKeySigner(Uint8Array.from({ length: 32 }, (_, i) => i + 31));
    const keyPath = join(dir, 'sections.daicho-key');
    writeFileSync(keyPath, publicKeyFileText({ publicKey: signer.publicKey, organisation: '西宮市', section: '各課', createdAt: '' }));
    const files: string[] = [];
    for (let s = 0; s < SECTIONS; s++) {
      const assets = Array.from({ length: PER_SECTION }, (_, i) => makeAsset(s * PER_SECTION + i));
      const { bytes } = await exportLedger({ profile: nishinomiyaProfile, organisation: '西宮市', section: `課${s + 1}`, sequence: 1, exportedAt: '2026-11-22T00:30:00.000Z', appVersion: 'bench', signer, assets });
      const path = join(dir, `section-${s + 1}.xlsx`);
      writeFileSync(path, bytes);
      files.push(path);
    }
    const env = { ...process.env, DAICHO_PASSPHRASE: PASSPHRASE };
    const ownKey = join(dir, 'office.key');
    const keygen = spawnSync(process.execPath, [cliPath, 'keygen', '-o', ownKey, '--organisation', '西宮市', '--section', '情報政策課'], { encoding: 'utf8', env });
    if (keygen.status !== 0) throw new Error(`keygen failed: ${keygen.stderr}`);
    // Peak RSS (VmHWM) at exit, and where it was reached: unsealing the office's key first takes
    // scrypt's 128 MB (N = 2^17, r = 8, fixed by the key file) for about a second, whatever the rows,
    // so the high-water mark is read and reset (Linux: clear_refs 5) when the first ledger is read;
    // what is reached after that is the merge's own peak, the part that grows with the rows.
    const rssReporter = join(dir, 'rss.cjs');
    writeFileSync(rssReporter, RSS_REPORTER);
    for (const count of [...new Set([Math.min(50, SECTIONS), Math.min(100, SECTIONS), SECTIONS])]) {
      const out = join(dir, `merged-${count}.xlsx`);
      const started = performance.now();
      const cli = spawnSync(process.execPath, ['-r', rssReporter, cliPath, 'merge', ...files.slice(0, count), '-o', out, '--key', ownKey, '--trust', keyPath, '--sequence', '1'], { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
      const ms = performance.now() - started;
      const figure = (name: string) => Number(new RegExp(`${name} (-?\\d+)`).exec(cli.stderr)?.[1] ?? NaN);
      const mb = (kb: number) => (kb / 1024).toFixed(0);
      const said = `${cli.stdout}${cli.stderr}`.split('\n').find((l) => l.trim() !== '' && !l.startsWith('maxRSS')) ?? '';
      const split = figure('keyRSS') > 0 ? ` (unsealing the key ${mb(figure('keyRSS'))} MB, the merge after it ${mb(figure('mergeRSS'))} MB)` : '';
      console.log(`daicho merge of ${count} section ledgers x ${PER_SECTION.toLocaleString('en')} assets (${(count * PER_SECTION).toLocaleString('en')} rows): exit ${cli.status}, wall ${ms.toFixed(0)} ms, CPU ${(figure('cpu') / 1000).toFixed(0)} ms, peak RSS ${mb(figure('maxRSS'))} MB${split} (target <= 300 MB at 400,000 rows, linear in the rows) — ${said.slice(0, 100)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
