/**
 * `daicho verify` of a 100,000-row ledger (issue 15): the built CLI's wall time, CPU time and peak RSS
 * in its own process, and where the time goes, measured in this process on the same file with the
 * CLI's own pieces: inflate (Node's zlib, as the CLI; fflate, as the app), decoding + XML scan (the
 * streamed read minus its inflate) and hashing (row canonical form, check values, SHA-256).
 * Target: <= 1.5 s. Prints; asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeInflateRaw } from '../../cli/nodeInflate';
import { nishinomiyaProfile } from '../../shared/domain/profiles/bundledProfiles';
import { exportLedger } from '../../shared/ledgerFile/exportLedger';
import { publicKeyFileText } from '../../shared/ledgerFile/keyFiles';
import { streamLedgerWorkbook } from '../../shared/ledgerFile/ledgerWorkbook';
import { createRowDigester, secretKeySigner } from '../../shared/ledgerFile/signature';
import { fflateInflateRaw, inflatePart, openPackage, type InflateRaw } from '../../shared/ledgerFile/xlsxPackage';
import { makeAsset } from '../fixtures/assets';

const COUNT = Number(process.env.BENCH_COUNT ?? 100_000);
const RUNS = 3;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest();

function inflateAll(bytes: Uint8Array, inflate: InflateRaw): number {
  const pkg = openPackage(bytes, inflate);
  let n = 0;
  for (const entry of pkg.entries.values()) inflatePart(pkg, entry.name, (chunk) => (n += chunk.length));
  return n;
}

export async function runVerifyBreakdownBench(cliPath: string): Promise<void> {
  const signer = secretKeySigner(Uint8Array.from({ length: 32 }, (_, i) => i + 11));
  const assets = Array.from({ length: COUNT }, (_, i) => makeAsset(i));
  const { bytes } = await exportLedger({ profile: nishinomiyaProfile, organisation: '西宮市', section: '市民課', sequence: 1, exportedAt: '2026-11-22T00:30:00.000Z', appVersion: 'bench', signer, assets });
  const rows: string[][] = [];
  const inflateNode: number[] = [];
  const inflateFflate: number[] = [];
  const read: number[] = [];
  const hashing: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    inflateAll(bytes, nodeInflateRaw);
    inflateNode.push(performance.now() - t);
    t = performance.now();
    inflateAll(bytes, fflateInflateRaw);
    inflateFflate.push(performance.now() - t);
    rows.length = 0;
    t = performance.now();
    const streamed = streamLedgerWorkbook(bytes, (row) => rows.push(row), nodeInflateRaw);
    read.push(performance.now() - t);
    if (!streamed.ok) throw new Error(streamed.reason);
    t = performance.now();
    const digester = createRowDigester(sha256);
    for (const row of rows) digester.add(row);
    await digester.finish();
    hashing.push(performance.now() - t);
  }
  const scan = median(read) - median(inflateNode);
  console.log(`daicho verify breakdown, ${COUNT.toLocaleString('en')} rows, ${(bytes.length / 1024 / 1024).toFixed(1)} MB (in-process, median of ${RUNS}): inflate ${median(inflateNode).toFixed(0)} ms with Node's zlib (fflate, as the app: ${median(inflateFflate).toFixed(0)} ms); UTF-8 decoding + XML scan + cell checks ${scan.toFixed(0)} ms; hashing (canonical rows, check values, SHA-256) ${median(hashing).toFixed(0)} ms`);

  const dir = mkdtempSync(join(tmpdir(), 'daicho-verify-'));
  try {
    const path = join(dir, 'ledger.xlsx');
    writeFileSync(path, bytes);
    const keyPath = join(dir, 'key.daicho-key');
    writeFileSync(keyPath, publicKeyFileText({ publicKey: signer.publicKey, organisation: '西宮市', section: '市民課', createdAt: '' }));
    const reporter = join(dir, 'usage.cjs');
    // VmHWM and this process's own CPU time, read at exit (getrusage's maxRSS can carry over the parent's).
    writeFileSync(reporter, "process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write(`usage ${/VmHWM:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1]} ${u.userCPUTime + u.systemCPUTime}\\n`); });");
    const walls: number[] = [];
    const cpus: number[] = [];
    const rss: number[] = [];
    let status: number | null = null;
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      const cli = spawnSync(process.execPath, ['-r', reporter, cliPath, 'verify', path, '--trust', keyPath], { encoding: 'utf8' });
      walls.push(performance.now() - started);
      status = cli.status;
      const m = /usage (\d+) (\d+)/.exec(cli.stderr);
      rss.push(Number(m?.[1] ?? NaN) / 1024);
      cpus.push(Number(m?.[2] ?? NaN) / 1000);
    }
    console.log(`daicho verify ${COUNT.toLocaleString('en')} rows (built CLI, own process, median of ${RUNS}): exit ${status}, wall ${median(walls).toFixed(0)} ms, CPU ${median(cpus).toFixed(0)} ms (target <= 1,500 ms), peak RSS ${median(rss).toFixed(0)} MB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
