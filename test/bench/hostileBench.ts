/**
 * `daicho verify` on a genuine 100,000-row ledger and on hostile files (issue 11): wall time and peak
 * RSS of the CLI process, each in its own child process (VmHWM from /proc/self/status, read at
 * exit). Target for every hostile file: refused in <= 2 s with <= 300 MB. Prints; asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8 } from 'fflate';
import { publicKeyFileText } from '../../shared/ledgerFile/keyFiles';
import { editPart, genuineLedger, hostileSigner, rawEntries, rawZip, worstHostileFile } from '../fixtures/hostileLedger';

const COUNT = Number(process.env.BENCH_COUNT ?? 100_000);

export async function runHostileBench(cliPath: string): Promise<void> {
  const small = await genuineLedger(20);
  const large = await genuineLedger(COUNT);
  const sheet = 'xl/worksheets/sheet1.xml';
  const files: [string, Uint8Array][] = [
    [`genuine ${COUNT.toLocaleString('en')}-row ledger`, large],
    ['one cell at column AAAAAAA (the 14 KB crash)', editPart(small, sheet, (x) => x.replace('<c r="B2"', '<c r="AAAAAAA2"'))],
    ['a part declaring 480 MB (checked before inflating)', rawZip([...rawEntries(small).filter((e) => e.name !== sheet), { name: sheet, data: strToU8(`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>${'x'.repeat(1000)}`), declaredSize: 480 * 1024 * 1024 }])],
    ['zip bomb: 200 MB of spaces in a 200 KB part', rawZip([...rawEntries(small).filter((e) => e.name !== sheet), { name: sheet, data: new Uint8Array(200 * 1024 * 1024).fill(32) }])],
    ['lying sizes: 72 MB of rows declared as 1,000 bytes', rawZip(rawEntries(worstHostileFile(small)).map((e) => (e.name === sheet ? { ...e, declaredSize: 1000 } : e)))],
    ['worst we have: 6,000 rows of 4,000-character cells declared as 60 MB', worstHostileFile(small)],
    [`one formula in the ${COUNT.toLocaleString('en')}-row ledger's last row`, editPart(large, sheet, (x) => x.replace(`<c r="B${COUNT + 1}" t="inlineStr">`, `<c r="B${COUNT + 1}" t="str"><f>HYPERLINK("http://x","y")</f>`))],
  ];
  const dir = mkdtempSync(join(tmpdir(), 'daicho-hostile-'));
  try {
    const keyPath = join(dir, 'key.daicho-key');
    writeFileSync(keyPath, publicKeyFileText({ publicKey: hostileSigner.publicKey, organisation: '西宮市', section: '市民課', createdAt: '' }));
    const rssReporter = join(dir, 'rss.cjs');
    writeFileSync(rssReporter, "process.on('exit', () => process.stderr.write(`maxRSS ${/VmHWM:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1]}\\n`));");
    for (const [name, bytes] of files) {
      const path = join(dir, 'file.xlsx');
      writeFileSync(path, bytes);
      const started = performance.now();
      const cli = spawnSync(process.execPath, ['-r', rssReporter, cliPath, 'verify', path, '--trust', keyPath], { encoding: 'utf8' });
      const ms = performance.now() - started;
      const rssKb = Number(/maxRSS (\d+)/.exec(cli.stderr)?.[1] ?? NaN);
      const said = `${cli.stdout}${cli.stderr}`.split('\n').find((l) => l.trim() !== '' && !l.startsWith('maxRSS')) ?? '';
      console.log(`daicho verify, ${name} (${(bytes.length / 1024).toFixed(0)} KB): exit ${cli.status}, ${ms.toFixed(0)} ms, peak RSS ${(rssKb / 1024).toFixed(0)} MB — ${said.replace(/^.*?\.xlsx: /, '').slice(0, 90)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
