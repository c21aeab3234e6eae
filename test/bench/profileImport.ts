import { nishinomiyaProfile } from '../../shared/domain/profiles/bundledProfiles';
import { diffTables } from '../../shared/ledgerFile/diffLedger';
import { exportLedger } from '../../shared/ledgerFile/exportLedger';
import { checkLedger, openLedgerFile, parseLedgerRows } from '../../shared/ledgerFile/importLedger';
import { assetRow, ledgerHeader } from '../../shared/ledgerFile/ledgerColumns';
import { keyFingerprint, secretKeySigner } from '../../shared/ledgerFile/signature';
import { makeAsset } from '../fixtures/assets';
const signer = secretKeySigner(Uint8Array.from({ length: 32 }, (_, i) => i + 11));
const assets = Array.from({ length: 100000 }, (_, i) => makeAsset(i));
const file = (await exportLedger({ assets, profile: nishinomiyaProfile, organisation: 'a', section: 'b', sequence: 1, exportedAt: '', appVersion: '', signer })).bytes;
const trusted = [{ keyId: keyFingerprint(signer.publicKey), publicKey: signer.publicKey, organisation: '', section: '', addedAt: '', addedBy: '', revokedAt: null, revokedBy: null, lastSequence: 0 }];
for (let run = 0; run < 2; run++) {
  let t = performance.now();
  const lap = (label: string) => { const n = performance.now(); console.log(label, Math.round(n - t)); t = n; };
  const opened = openLedgerFile(file); lap('open');
  if (!opened.ok) throw new Error();
  await checkLedger(opened.file, trusted, null); lap('verify');
  parseLedgerRows(opened.file.header, opened.file.rows, nishinomiyaProfile); lap('parse');
  diffTables({ header: ledgerHeader(nishinomiyaProfile), rows: assets.map((a) => assetRow(a, nishinomiyaProfile)) }, opened.file); lap('diff');
}
