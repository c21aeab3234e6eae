import { unzipSync } from 'fflate';
import { nishinomiyaProfile } from '../../shared/domain/profiles/bundledProfiles';
import { exportLedger } from '../../shared/ledgerFile/exportLedger';
import { readSheetTables } from '../../shared/ledgerFile/xlsxCells';
import { secretKeySigner } from '../../shared/ledgerFile/signature';
import { makeAsset } from '../fixtures/assets';
const signer = secretKeySigner(Uint8Array.from({ length: 32 }, (_, i) => i + 11));
const assets = Array.from({ length: 100000 }, (_, i) => makeAsset(i));
const file = (await exportLedger({ assets, profile: nishinomiyaProfile, organisation: 'a', section: 'b', sequence: 1, exportedAt: '', appVersion: '', signer })).bytes;
for (let i = 0; i < 2; i++) {
  let t = performance.now();
  const z = unzipSync(file); console.log('unzip all', Math.round(performance.now() - t), Object.entries(z).map(([k, v]) => `${k}:${v.length}`).join(' '));
  t = performance.now();
  const s = new TextDecoder().decode(z['xl/worksheets/sheet1.xml']); console.log('decode', Math.round(performance.now() - t));
  t = performance.now();
  let n = 0; for (const m of s.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) n++; console.log('cell regex', Math.round(performance.now() - t), n);
  t = performance.now();
  readSheetTables(file, ['情報資産台帳', '_daicho'], { maxSheetBytes: 1e9, maxRows: 1e6 }); console.log('readSheetTables', Math.round(performance.now() - t));
}
