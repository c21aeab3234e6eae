/**
 * Accepted controls for the tightened signed-ledger reader: files a real ledger produces (the export in
 * every shape, the export re-saved by LibreOffice, what Excel writes) must not be refused. The app path
 * (open + check) and the CLI path (streamed verify) must agree on each.
 */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import type { Asset } from '../../../../shared/domain/asset';
import { micProfile, nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';
import type { PolicyProfile } from '../../../../shared/domain/policyProfile';
import { exportLedger } from '../../../../shared/ledgerFile/exportLedger';
import { checkLedger, openLedgerFile, verifyLedgerFile, type ImportRefusal } from '../../../../shared/ledgerFile/importLedger';
import { nodeInflateRaw } from '../../../../cli/nodeInflate';
import { editPart, hostileSigner, hostileTrust } from '../../../fixtures/hostileLedger';
import { makeAsset } from '../../../fixtures/assets';
import { hasLibreOffice, resaveInLibreOffice } from '../../../fixtures/libreOffice';

const sha256 = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());
const SHEET = 'xl/worksheets/sheet1.xml';
type Verdict = { ok: true; rows: string[][] } | { ok: false; refusal: ImportRefusal };

async function exported(assets: readonly Asset[], profile: PolicyProfile = nishinomiyaProfile): Promise<Uint8Array> {
  return (await exportLedger({ profile, organisation: '西宮市', section: '市民課', sequence: 5, exportedAt: '2026-11-22T00:30:00.000Z', appVersion: '0.1.0', signer: hostileSigner, assets })).bytes;
}

/** Both paths' answers, which must agree. */
async function verdict(bytes: Uint8Array, profileId = nishinomiyaProfile.id): Promise<Verdict> {
  const opened = openLedgerFile(bytes);
  let app: Verdict;
  if (!opened.ok) app = opened;
  else {
    const checked = await checkLedger(opened.file, [hostileTrust], profileId);
    app = checked.ok ? { ok: true, rows: opened.file.rows } : checked;
  }
  const streamed = await verifyLedgerFile(bytes, undefined, [hostileTrust], profileId, sha256, nodeInflateRaw);
  const cli: Verdict = streamed.ok ? { ok: true, rows: opened.ok ? opened.file.rows : [] } : streamed;
  expect(cli).toEqual(app);
  return app;
}

const LONG = '年度末に見直し。'.repeat(60);
const notes: [string, string][] = [
  ['a long note (480 characters)', LONG],
  ['a note of two lines', '却下された\n再申請により承認済み'],
  ['a note with CRLF line breaks', '一行目\r\n二行目\r\n三行目'],
  ['a note with a lone CR', '一行目\r二行目'],
  ['a note of 12 lines', Array.from({ length: 12 }, (_, i) => `${i + 1}行目`).join('\n')],
  ['a long note with line breaks', `${LONG}\n${LONG}`],
  ['a note ending in a line break', '末尾に改行\n'],
  ['a note of only line breaks', '\n\n\n'],
];

describe('the export in the shapes a real ledger has', () => {
  it.each(notes)('accepts %s', async (_, note) => {
    const v = await verdict(await exported([makeAsset(0), makeAsset(1, { note }), makeAsset(2)]));
    expect(v.ok).toBe(true);
  });

  it.each([nishinomiyaProfile, micProfile])('accepts 200 assets with empty cells and notes for profile $id', async (profile) => {
    const list = Array.from({ length: 200 }, (_, i) => makeAsset(i, { note: i % 7 === 0 ? notes[i % notes.length]![1] : '' }));
    const v = await verdict(await exported(list, profile), profile.id);
    expect(v.ok).toBe(true);
  });
});

// LibreOffice rewrites a CR LF or a lone CR in a cell as LF: the signed text changed, refused as
// row-changed (not a rule of today's: the signature's), so those notes are left out here.
const unchangedByLibreOffice = notes.filter(([, note]) => !note.includes('\r'));

describe('the export re-saved by LibreOffice Calc', () => {
  it.skipIf(!hasLibreOffice).each(unchangedByLibreOffice)('accepts %s', async (_, note) => {
    const v = await verdict(resaveInLibreOffice(await exported([makeAsset(0), makeAsset(1, { note }), makeAsset(2)])));
    expect(v.ok ? 'ok' : v.refusal).toBe('ok');
  }, 60_000);
});
