/**
 * `daicho verify` of a 100,000-row ledger (issue 15): the built CLI's wall time, CPU time and peak RSS
 * in its own process, and where the time goes, measured in this process on the same file with the
 * CLI's own pieces, timed inside one `digestLedgerWorkbook` run: inflate (Node's zlib, as the CLI: the
 * time inside it less the time in its callbacks; pako, as the app, alone), SHA-256 (time inside the
 * hash) and the rest (the byte scan of the sheet, canonical rows, check values, the package and the
 * signed part); beside them, the reader path verify took before the scanner (decoding, a string per
 * cell, JSON, UTF-8 again, then hashing).
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
import { digestLedgerWorkbook, streamLedgerWorkbook } from '../../shared/ledgerFile/ledgerWorkbook';
import { createRowDigester, secretKeySigner } from '../../shared/ledgerFile/signature';
import { pakoInflateRaw, inflatePart, openPackage, type InflateRaw } from '../../shared/ledgerFile/xlsxPackage';
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
  const inflateNode: number[] = [];
  const inflatePako: number[] = [];
  const hashing: number[] = [];
  const digest: number[] = [];
  const reader: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    inflateAll(bytes, pakoInflateRaw);
    inflatePako.push(performance.now() - t);
    let inInflate = 0;
    let inCallbacks = 0;
    let inHash = 0;
    const timedInflate: InflateRaw = (compressed, limit, each) => {
      const started = performance.now();
      const result = nodeInflateRaw(compressed, limit, (chunk) => {
        const called = performance.now();
        each(chunk);
        inCallbacks += performance.now() - called;
      });
      inInflate += performance.now() - started;
      return result;
    };
    const timedHash = (data: Uint8Array) => {
      const started = performance.now();
      const hash = sha256(data);
      inHash += performance.now() - started;
      return hash;
    };
    t = performance.now();
    const digested = await digestLedgerWorkbook(bytes, timedHash, timedInflate);
    digest.push(performance.now() - t);
    if (!digested.ok || digested.digests.rowsHash !== digested.signed.rowsHash) throw new Error('the digests are not the signed ones');
    inflateNode.push(inInflate - inCallbacks);
    hashing.push(inHash);
    t = performance.now();
    const digester = createRowDigester(sha256);
    const streamed = streamLedgerWorkbook(bytes, (row) => digester.add(row), nodeInflateRaw);
    await digester.finish();
    reader.push(performance.now() - t);
    if (!streamed.ok) throw new Error(streamed.reason);
  }
  const rest = digest.map((d, i) => d - inflateNode[i]! - hashing[i]!);
  console.log(
    `daicho verify breakdown, ${COUNT.toLocaleString('en')} rows, ${(bytes.length / 1024 / 1024).toFixed(1)} MB (in-process, median of ${RUNS}): in all ${median(digest).toFixed(0)} ms = inflate ${median(inflateNode).toFixed(0)} ms with Node's zlib (pako, as the app: ${median(inflatePako).toFixed(0)} ms) + SHA-256 ${median(hashing).toFixed(0)} ms + byte scan of the sheet, canonical rows, check values, package and signed part ${median(rest).toFixed(0)} ms (the reader path used before the scanner: ${median(reader).toFixed(0)} ms)`,
  );

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
