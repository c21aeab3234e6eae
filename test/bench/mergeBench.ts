/**
 * `daicho merge` of many sections' ledgers (issue 15): 200 signed ledgers of 2,000 assets each
 * (400,000 rows), merged and signed by the CLI in its own process; wall time and peak RSS (VmHWM,
 * read at exit). Also 50 and 100 ledgers, to show how memory grows with the rows. Target: <= 300 MB,
 * linear in the number of rows. Prints; asserts nothing.
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
    const rssReporter = join(dir, 'rss.cjs');
    writeFileSync(rssReporter, "process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write(`maxRSS ${/VmHWM:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1]} cpu ${u.userCPUTime + u.systemCPUTime}\\n`); });");
    // 50, 125 and 200 sections (linearity in rows): a merged ledger may hold up to Excel's sheet limit
    // (MAX_MERGED_LEDGER_ROWS), so 200 x 2,000 = 400,000 rows is merged, not refused.
    for (const count of [...new Set([Math.min(50, SECTIONS), Math.min(125, SECTIONS), SECTIONS])]) {
      const out = join(dir, `merged-${count}.xlsx`);
      const started = performance.now();
      const cli = spawnSync(process.execPath, ['-r', rssReporter, cliPath, 'merge', ...files.slice(0, count), '-o', out, '--key', ownKey, '--trust', keyPath, '--sequence', '1'], { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
      const ms = performance.now() - started;
      const rssKb = Number(/maxRSS (\d+)/.exec(cli.stderr)?.[1] ?? NaN);
      const cpuMs = Number(/cpu (\d+)/.exec(cli.stderr)?.[1] ?? NaN) / 1000;
      const said = `${cli.stdout}${cli.stderr}`.split('\n').find((l) => l.trim() !== '' && !l.startsWith('maxRSS')) ?? '';
      console.log(`daicho merge of ${count} section ledgers x ${PER_SECTION.toLocaleString('en')} assets (${(count * PER_SECTION).toLocaleString('en')} rows): exit ${cli.status}, wall ${ms.toFixed(0)} ms, CPU ${cpuMs.toFixed(0)} ms, peak RSS ${(rssKb / 1024).toFixed(0)} MB (target <= 300 MB at 400,000 rows) — ${said.slice(0, 100)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
