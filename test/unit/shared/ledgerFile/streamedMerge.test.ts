import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import { nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';
import { exportLedgerTable, exportMergedLedgerStream } from '../../../../shared/ledgerFile/exportLedger';
import { checkLedger, openLedgerFile } from '../../../../shared/ledgerFile/importLedger';
import { assetRow, ledgerHeader } from '../../../../shared/ledgerFile/ledgerColumns';
import { createLedgerWorkbookWriter, writeLedgerWorkbook } from '../../../../shared/ledgerFile/ledgerWorkbook';
import { createAssetIdTable, type AssetIdTable } from '../../../../shared/ledgerFile/assetIdTable';
import { createMergePlan, mergeLedgers, type MergeInput } from '../../../../shared/ledgerFile/mergeLedgers';
import { keyFingerprint, secretKeySigner, signLedger } from '../../../../shared/ledgerFile/signature';
import { makeAsset } from '../../../fixtures/assets';

const header = ledgerHeader(nishinomiyaProfile);
const meta = (section: string, profileId = 'nishinomiya') => ({ format: 'daicho-ledger/1' as const, organisation: '西宮市', section, keyId: 'AAAA-BBBB-CCCC', sequence: 1, exportedAt: '', profileId, appVersion: '', rowCount: 0 });
const input = (name: string, section: string, assets = [makeAsset(0)], profileId?: string): MergeInput => ({ name, header, rows: assets.map((a) => assetRow(a, nishinomiyaProfile)), meta: meta(section, profileId) });
/** A ledger signed before the risk columns: today's header and rows without their last three columns. */
const old = (i: MergeInput): MergeInput => ({ ...i, header: i.header.slice(0, -3), rows: i.rows.map((r) => r.slice(0, -3)) });
const assessed = (index: number, threat: 1 | 2 | 3) => makeAsset(index, { riskAssessment: { threat, vulnerability: 2, assessedAt: '2026-04-01T00:00:00.000Z', assessedBy: '山田 花子' } });
const fingerprint = (text: string) => new Uint8Array(createHash('sha256').update(text).digest());

/** The two-pass plan over `inputs`, as the CLI runs it: what it would write, or its conflicts. */
function planned(inputs: readonly MergeInput[], idTable?: () => AssetIdTable) {
  const plan = createMergePlan(fingerprint, idTable);
  for (const i of inputs) plan.add(i, (each) => i.rows.forEach(each));
  const result = plan.result();
  if (!result.ok) return result;
  const rows: string[][] = [];
  for (const i of inputs) for (const raw of i.rows) {
    const row = plan.row(i, raw);
    if (row) rows.push(row);
  }
  return { ok: true as const, header: result.header, rows, profileId: result.profileId, duplicates: result.duplicates, rowCount: result.rowCount };
}

const withNote = (note: string) => {
  const row = assetRow(makeAsset(3), nishinomiyaProfile);
  row[header.indexOf('備考')] = note;
  return row;
};

describe('createMergePlan gives what mergeLedgers gives', () => {
  it.each<[string, MergeInput[]]>([
    ['distinct sections', [input('a.xlsx', '市民課', [makeAsset(0), makeAsset(1)]), input('b.xlsx', '税務課', [makeAsset(2)])]],
    ['an identical duplicate across files', [input('a.xlsx', '市民課', [makeAsset(0), makeAsset(1)]), input('b.xlsx', '税務課', [makeAsset(2), makeAsset(1)])]],
    ['a duplicate inside one file', [input('a.xlsx', '市民課', [makeAsset(0), makeAsset(0), makeAsset(1)])]],
    ['the same asset with different content', [input('a.xlsx', '市民課'), input('b.xlsx', '税務課', [{ ...makeAsset(0), location: '別館' }])]],
    ['different profiles and a different header', [input('a.xlsx', '市民課'), input('m.xlsx', '企画課', [makeAsset(5)], 'mic'), { ...input('c.xlsx', '総務課'), header: header.slice(1) }]],
    ['one cell written with and without neutralisation', [{ ...input('a.xlsx', '市民課'), rows: [withNote('=1+1')] }, { ...input('b.xlsx', '市民課'), rows: [withNote("'=1+1")] }]],
    ['formula-like text from an older signer', [{ ...input('old.xlsx', '市民課'), rows: [withNote('=HYPERLINK("http://example.invalid","開く")')] }]],
    ['nothing', []],
    ['an older ledger, then a newer one with the same asset assessed', [old(input('a.xlsx', '市民課', [makeAsset(0), makeAsset(1)])), input('b.xlsx', '税務課', [assessed(1, 3), makeAsset(2)])]],
    ['a newer ledger, then an older one with the same asset', [input('b.xlsx', '税務課', [assessed(1, 3)]), old(input('a.xlsx', '市民課', [makeAsset(1), makeAsset(4)]))]],
    ['older ledgers only', [old(input('a.xlsx', '市民課', [makeAsset(0)])), old(input('b.xlsx', '税務課', [makeAsset(0), makeAsset(2)]))]],
    ['two newer ledgers assessing the same asset differently', [input('a.xlsx', '市民課', [assessed(1, 1)]), input('b.xlsx', '税務課', [assessed(1, 3)])]],
    ['an older ledger whose asset differs outside the risk columns', [old(input('a.xlsx', '市民課', [makeAsset(1)])), input('b.xlsx', '税務課', [{ ...assessed(1, 2), location: '別館' }])]],
  ])('%s', (_name, inputs) => {
    const expected = mergeLedgers(inputs);
    // Also with every asset ID on one hash: a collision must never make two assets one.
    for (const idTable of [undefined, () => createAssetIdTable(() => 0)]) {
      const result = planned(inputs, idTable);
      if (!expected.ok) expect(result).toEqual(expected);
      else expect(result).toEqual({ ...expected, rowCount: expected.rows.length });
    }
  });

  it('agrees with mergeLedgers on random sections sharing assets, edited or not, with colliding ID hashes', () => {
    // Assets 0-11 spread over up to four files, some repeated, some with one cell changed, some
    // files signed before the risk columns: duplicates, conflicts and risk cells taken from a later file.
    const row = fc.record({ asset: fc.nat(11), edit: fc.constantFrom('', '', '', '別館', '=1+1'), threat: fc.constantFrom(null, 1, 3) });
    const file = fc.record({ old: fc.boolean(), rows: fc.array(row, { maxLength: 8 }) });
    fc.assert(
      fc.property(fc.array(file, { maxLength: 4 }), fc.constantFrom(undefined, () => createAssetIdTable((id) => id.length & 1)), (files, idTable) => {
        const inputs = files.map((f, i) => {
          const made = input(`${i}.xlsx`, `課${i}`, f.rows.map((r) => makeAsset(r.asset, { ...(r.edit ? { location: r.edit } : {}), ...(r.threat ? { riskAssessment: { threat: r.threat, vulnerability: 2, assessedAt: '2026-04-01T00:00:00.000Z', assessedBy: '山田 花子' } } : {}) })));
          return f.old ? old(made) : made;
        });
        const expected = mergeLedgers(inputs);
        const result = planned(inputs, idTable);
        if (!expected.ok) expect(result).toEqual(expected);
        else expect(result).toEqual({ ...expected, rowCount: expected.rows.length });
      }),
      { numRuns: 150 },
    );
  });
});

describe('createLedgerWorkbookWriter / exportMergedLedgerStream', () => {
  const signer = secretKeySigner(Uint8Array.from({ length: 32 }, (_, i) => i + 5));
  const details = { profile: nishinomiyaProfile, organisation: '西宮市', section: '情報政策課', sequence: 3, exportedAt: '2026-11-29T00:00:00.000Z', appVersion: 'test', signer };
  const merged = mergeLedgers([input('a.xlsx', '市民課', [makeAsset(0), makeAsset(1, { name: ' 先頭に空白 & <山括弧>' })]), input('b.xlsx', '税務課', [makeAsset(2), makeAsset(1, { name: ' 先頭に空白 & <山括弧>' })])]);
  if (!merged.ok) throw new Error('fixture');

  it('writes every part byte for byte as writeLedgerWorkbook does', async () => {
    const signed = await signLedger(merged.header, merged.rows, { organisation: '西宮市', section: '情報政策課', sequence: 3, exportedAt: '', profileId: 'nishinomiya', appVersion: '' }, signer);
    const writer = createLedgerWorkbookWriter(merged.header, merged.rows.length);
    merged.rows.forEach((r) => writer.add(r));
    const streamed = unzipSync(writer.finish(signed));
    const whole = unzipSync(writeLedgerWorkbook(merged.header, merged.rows, signed));
    expect(Object.keys(streamed)).toEqual(Object.keys(whole));
    for (const name of Object.keys(whole)) expect(Buffer.compare(Buffer.from(streamed[name]!), Buffer.from(whole[name]!)), name).toBe(0);
  });

  it.each([
    ['fewer rows than announced', 3, 2],
    ['more rows than announced', 1, 2],
  ])('refuses %s (a programmer error)', (_name, announced, given) => {
    const writer = createLedgerWorkbookWriter(merged.header, announced);
    expect(() => {
      for (let i = 0; i < given; i++) writer.add(merged.rows[i]!);
      writer.finish({} as never);
    }).toThrow();
  });

  it('signs the same cells and metadata as exportLedgerTable, and the result verifies', async () => {
    const streamed = await exportMergedLedgerStream(merged.header, merged.rows.length, (each) => merged.rows.forEach(each), details);
    const whole = await exportLedgerTable(merged, details);
    expect(streamed.ok && whole.ok).toBe(true);
    if (!streamed.ok || !whole.ok) return;
    expect(streamed.signed).toEqual(whole.signed);
    const opened = openLedgerFile(streamed.bytes);
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    const trusted = [{ keyId: keyFingerprint(signer.publicKey), publicKey: signer.publicKey, organisation: '西宮市', section: '情報政策課', addedAt: '', addedBy: '', revokedAt: null, revokedBy: null, lastSequence: 0 }];
    expect(await checkLedger(opened.file, trusted, 'nishinomiya')).toMatchObject({ ok: true });
    expect(opened.file.rows).toEqual(merged.rows);
    // Two signed exports and a read: slow only on a busy shared machine.
  }, 30_000);

  it.each([
    ['a header that is not a merged ledger\'s', () => ({ header, rows: merged.rows, count: merged.rows.length }), 'header-mismatch'],
    // A merged ledger may pass a section's 250,000 rows, up to Excel's sheet (MAX_MERGED_LEDGER_ROWS).
    ['more rows than a merged ledger may hold', () => ({ header: merged.header, rows: [], count: 1_048_576 }), 'too-many-rows'],
    ['text beyond the last column', () => ({ header: merged.header, rows: [[...merged.rows[0]!, '外']], count: 1 }), 'cell-outside-header'],
  ])('refuses %s, as exportLedgerTable does', async (_name, make, reason) => {
    const { header: h, rows, count } = make();
    const result = await exportMergedLedgerStream(h, count, (each) => rows.forEach(each), details);
    expect(result).toMatchObject({ ok: false, refusal: { reason } });
  });
});
