/**
 * The IPA 付録7 risk columns of the signed exchange workbook (脅威の発生頻度, 脆弱性, リスク値 after 資産ID):
 * they travel signed, an older file without them stays valid, and a hand-edited cell is refused.
 */
import { describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import type { Asset } from '../../../../shared/domain/asset';
import { nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';
import { assetRiskValue, possibleRiskValues, type RiskScale } from '../../../../shared/domain/riskValue';
import { diffLedger } from '../../../../shared/ledgerFile/diffLedger';
import { checkLedgerTable, exportLedger, ledgerChoices, ledgerTableRefusalReason } from '../../../../shared/ledgerFile/exportLedger';
import { checkLedger, importedClassification, openLedgerFile, parseLedgerRows, verifyLedgerFile, type TrustedKey } from '../../../../shared/ledgerFile/importLedger';
import { assetRow, expectedLedgerHeader, ledgerHeader, ledgerHeaderMismatch, RISK_HEADERS, RISK_VALUE_HEADER, THREAT_HEADER, VULNERABILITY_HEADER } from '../../../../shared/ledgerFile/ledgerColumns';
import { LEDGER_SHEET, writeLedgerWorkbook } from '../../../../shared/ledgerFile/ledgerWorkbook';
import { mergeConflictMessage, mergeLedgers, type MergeInput } from '../../../../shared/ledgerFile/mergeLedgers';
import { keyFingerprint, secretKeySigner, signLedger } from '../../../../shared/ledgerFile/signature';
import { makeAsset } from '../../../fixtures/assets';

const profile = nishinomiyaProfile;
const signer = secretKeySigner(Uint8Array.from({ length: 32 }, (_, i) => i + 11));
const trust: TrustedKey = {
  keyId: keyFingerprint(signer.publicKey), publicKey: signer.publicKey, organisation: '西宮市', section: '市民課',
  addedAt: '2026-04-01T00:00:00.000Z', addedBy: '山田 花子', revokedAt: null, revokedBy: null, lastSequence: 0,
};
const assessed = (threat: RiskScale, vulnerability: RiskScale) => ({ riskAssessment: { threat, vulnerability, assessedAt: '2026-05-01T00:00:00.000Z', assessedBy: '山田 花子' } });
const classA = importedClassification(profile, { importance: 'A' }, 'approved', { actor: '山田 花子', now: '2026-04-02T00:00:00.000Z', source: 'test' });
const classC = importedClassification(profile, { importance: 'C' }, 'approved', { actor: '山田 花子', now: '2026-04-02T00:00:00.000Z', source: 'test' });
/** A (重要度 3) at threat 3 × vulnerability 2 (被害発生可能性 3): 9; unclassified at 1 × 1, handled as A: 3; C at 2 × 2: 2; one not assessed. */
const assets: Asset[] = [
  makeAsset(0, { classification: classA, ...assessed(3, 2) }),
  makeAsset(1, assessed(1, 1)),
  makeAsset(2, { classification: classC, ...assessed(2, 2) }),
  makeAsset(3),
];
const header = ledgerHeader(profile);
const baseWidth = header.length - RISK_HEADERS.length;
const at = (name: string) => header.indexOf(name);
const details = { profile, organisation: '西宮市', section: '市民課', sequence: 5, exportedAt: '2026-11-22T00:30:00.000Z', appVersion: '0.2.0', signer };

/** A ledger as the app wrote it before the risk columns: the same writer, the header ending at 資産ID. */
async function olderFile(list: readonly Asset[] = assets) {
  const head = header.slice(0, baseWidth);
  const rows = list.map((a) => assetRow(a, profile).slice(0, baseWidth));
  const signed = await signLedger(head, rows, { organisation: '西宮市', section: '市民課', sequence: 4, exportedAt: '2026-10-01T00:00:00.000Z', profileId: profile.id, appVersion: '0.1.0' }, signer);
  return writeLedgerWorkbook(head, rows, signed, ledgerChoices(profile, head));
}

describe('ledgerHeader / assetRow with the risk columns', () => {
  it('puts the three risk columns right after 資産ID, so the older header is an exact prefix', () => {
    expect(header.slice(baseWidth - 1)).toEqual(['資産ID', '脅威の発生頻度', '脆弱性', 'リスク値']);
  });

  it('writes the assessment and the value the app shows (empty when not assessed)', () => {
    const cells = assets.map((a) => assetRow(a, profile).slice(baseWidth));
    expect(cells).toEqual([['3', '2', '9'], ['1', '1', '3'], ['2', '2', '2'], ['', '', '']]);
    for (const [i, a] of assets.slice(0, 3).entries()) {
      const risk = assetRiskValue(profile, a);
      expect(risk.ok && String(risk.value)).toBe(cells[i]![2]);
    }
  });

  it('writes no risk columns for a profile without a risk model', () => {
    const { risk: _, ...withoutRisk } = profile;
    expect(ledgerHeader(withoutRisk)).toEqual(header.slice(0, baseWidth));
    expect(assetRow(assets[0]!, withoutRisk)).toHaveLength(baseWidth);
  });
});

describe('expectedLedgerHeader', () => {
  it.each<[string, string[], number | null]>([
    ['today\'s header', header, null],
    ['the header before the risk columns', header.slice(0, baseWidth), null],
    ['only 脅威の発生頻度 and 脆弱性 (リスク値 missing)', header.slice(0, -1), header.length],
    ['the risk columns in another order', [...header.slice(0, baseWidth), VULNERABILITY_HEADER, THREAT_HEADER, RISK_VALUE_HEADER], baseWidth + 1],
    ['one column short of the older header', header.slice(0, baseWidth - 1), baseWidth],
  ])('accepts or refuses %s', (_name, actual, column) => {
    expect(ledgerHeaderMismatch(actual, expectedLedgerHeader(actual, profile))?.column ?? null).toBe(column);
  });
});

describe('signed round trip', () => {
  it('returns every assessment after export, verification and parsing', async () => {
    const opened = openLedgerFile((await exportLedger({ ...details, assets })).bytes);
    if (!opened.ok) throw new Error(opened.refusal.reason);
    expect(opened.file.header).toEqual(header);
    expect(await checkLedger(opened.file, [trust], profile.id)).toMatchObject({ ok: true });
    const parsed = parseLedgerRows(opened.file.header, opened.file.rows, profile);
    expect(parsed.ok && parsed.assets.map((a) => a.risk)).toEqual([{ threat: 3, vulnerability: 2 }, { threat: 1, vulnerability: 1 }, { threat: 2, vulnerability: 2 }, null]);
    // Nothing changes when the same ledger comes back.
    expect(diffLedger(assets, opened.file.header, opened.file.rows, profile)).toEqual({ added: [], changed: [], retired: [], removed: [] });
  });

  it('puts drop-down lists 1,2,3 on the two assessment columns', async () => {
    const choices = ledgerChoices(profile);
    expect(choices.filter((c) => c.column === at(THREAT_HEADER) || c.column === at(VULNERABILITY_HEADER)).map((c) => c.values)).toEqual([['1', '2', '3'], ['1', '2', '3']]);
  });

  it('refuses a file whose risk cell was changed after signing, even when the value was changed to match', async () => {
    const bytes = (await exportLedger({ ...details, assets })).bytes;
    const book = XLSX.read(bytes, { type: 'array' });
    const sheet = book.Sheets[LEDGER_SHEET]!;
    // Row 3 (Excel) is the unclassified asset at 1 × 1: raised to 3 × 3, its value to 9, as a consistent forgery.
    sheet[XLSX.utils.encode_cell({ r: 2, c: at(THREAT_HEADER) })] = { t: 's', v: '3' };
    sheet[XLSX.utils.encode_cell({ r: 2, c: at(VULNERABILITY_HEADER) })] = { t: 's', v: '3' };
    sheet[XLSX.utils.encode_cell({ r: 2, c: at(RISK_VALUE_HEADER) })] = { t: 's', v: '9' };
    const changed = new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    const opened = openLedgerFile(changed);
    expect(opened.ok && (await checkLedger(opened.file, [trust], profile.id))).toMatchObject({ ok: false, refusal: { reason: 'row-changed', row: 2 } });
    expect(await verifyLedgerFile(changed, undefined, [trust], profile.id)).toMatchObject({ ok: false, refusal: { reason: 'row-changed', row: 2 } });
  });
});

describe('a ledger signed before the risk columns', () => {
  it('still verifies (whole and streamed) and imports without touching the assessments', async () => {
    const bytes = await olderFile();
    const opened = openLedgerFile(bytes);
    if (!opened.ok) throw new Error(opened.refusal.reason);
    expect(opened.file.header).toEqual(header.slice(0, baseWidth));
    expect(await checkLedger(opened.file, [trust], profile.id)).toMatchObject({ ok: true, meta: { rowCount: 4 } });
    expect(await verifyLedgerFile(bytes, undefined, [trust], profile.id)).toMatchObject({ ok: true });
    const parsed = parseLedgerRows(opened.file.header, opened.file.rows, profile);
    expect(parsed.ok && parsed.assets.map((a) => 'risk' in a)).toEqual([false, false, false, false]);
    // The assessments held here are not shown as emptied by a file that says nothing about them.
    expect(diffLedger(assets, opened.file.header, opened.file.rows, profile)).toEqual({ added: [], changed: [], retired: [], removed: [] });
  });

  it('is accepted by the CLI\'s sign check as it is', async () => {
    const rows = assets.map((a) => assetRow(a, profile).slice(0, baseWidth));
    expect(checkLedgerTable({ header: header.slice(0, baseWidth), rows }, profile)).toMatchObject({ ok: true, header: header.slice(0, baseWidth) });
  });
});

describe('diffLedger with the risk columns', () => {
  it('returns a change of 脅威の発生頻度 and 脆弱性, never of リスク値 (which the app computes)', () => {
    const incoming = [assetRow({ ...assets[2]!, ...assessed(3, 3) }, profile)];
    const diff = diffLedger(assets, header, incoming, profile);
    expect(diff.changed).toEqual([{ id: assets[2]!.id, managementNumber: assets[2]!.managementNumber, fields: [{ header: THREAT_HEADER, from: '2', to: '3' }, { header: VULNERABILITY_HEADER, from: '2', to: '3' }] }]);
  });

  it('returns an emptied assessment when the file has the columns and they are empty', () => {
    const { riskAssessment: _, ...unassessed } = assets[0]!;
    const diff = diffLedger(assets, header, [assetRow(unassessed, profile)], profile);
    expect(diff.changed[0]!.fields.map((f) => [f.header, f.from, f.to])).toEqual([[THREAT_HEADER, '3', ''], [VULNERABILITY_HEADER, '2', '']]);
  });
});

describe('parseLedgerRows: the risk cells', () => {
  /** Row of the class-A asset (3 × 2 → 9) with some cells replaced, as restored text. */
  const rowWith = (cells: Partial<Record<(typeof RISK_HEADERS)[number], string>>) => {
    const row = assetRow(assets[0]!, profile);
    for (const [name, value] of Object.entries(cells)) row[at(name)] = value;
    return row;
  };

  it.each<[string, Partial<Record<(typeof RISK_HEADERS)[number], string>>, RegExp]>([
    ['a threat above the scale', { 脅威の発生頻度: '4' }, /脅威の発生頻度「4」は 1・2・3 のどれか（未評価なら空）にしてください/],
    ['a threat of 0', { 脅威の発生頻度: '0' }, /脅威の発生頻度「0」は 1・2・3 のどれか/],
    ['a negative vulnerability', { 脆弱性: '-1' }, /脆弱性「-1」は 1・2・3 のどれか/],
    ['a fraction', { 脆弱性: '2.5' }, /脆弱性「2.5」は 1・2・3 のどれか/],
    ['text in the threat cell', { 脅威の発生頻度: '高' }, /脅威の発生頻度「高」は 1・2・3 のどれか/],
    ['formula-like text in the threat cell', { 脅威の発生頻度: "'=1+2" }, /脅威の発生頻度「=1\+2」は 1・2・3 のどれか/],
    ['a full-width digit', { 脆弱性: '２' }, /脆弱性「２」は 1・2・3 のどれか/],
    ['a digit with a space', { 脅威の発生頻度: ' 3' }, /脅威の発生頻度「 3」は 1・2・3 のどれか/],
    ['a threat without a vulnerability', { 脆弱性: '', リスク値: '' }, /脅威の発生頻度だけが入っています。脅威の発生頻度と脆弱性は両方入れるか、両方空にしてください/],
    ['a value no class gives at 3 × 2', { リスク値: '99' }, /リスク値「99」は脅威の発生頻度3・脆弱性2から計算できる値（3・6・9）ではありません/],
    ['a value raised within the scale', { リスク値: '8' }, /リスク値「8」は脅威の発生頻度3・脆弱性2から計算できる値/],
    ['text in the value cell', { リスク値: '九' }, /リスク値「九」は半角の整数にしてください/],
    ['a formula-like value', { リスク値: "'=A1*2" }, /リスク値「=A1\*2」は半角の整数にしてください/],
    ['a value written with a decimal point', { リスク値: '9.0' }, /リスク値「9\.0」は半角の整数/],
    ['a value in exponent form', { リスク値: '9e0' }, /リスク値「9e0」は半角の整数/],
    ['a huge value', { リスク値: '1'.repeat(400) }, /は半角の整数/],
    ['a value without an assessment', { 脅威の発生頻度: '', 脆弱性: '' }, /脅威の発生頻度と脆弱性が空なのにリスク値「9」が入っています/],
  ])('refuses %s with a Japanese message naming the row', (_name, cells, message) => {
    const parsed = parseLedgerRows(header, [assetRow(assets[1]!, profile), rowWith(cells)], profile);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors.map((e) => e.row)).toEqual([3]);
    expect(!parsed.ok && parsed.errors[0]!.message).toMatch(message);
  });

  it.each<[string, Partial<Record<(typeof RISK_HEADERS)[number], string>>, { threat: number; vulnerability: number } | null]>([
    ['the exported cells', {}, { threat: 3, vulnerability: 2 }],
    ['an empty value (the exporter could not compute one)', { リスク値: '' }, { threat: 3, vulnerability: 2 }],
    ['the value of another class at the same assessment', { リスク値: '3' }, { threat: 3, vulnerability: 2 }],
    ['all three empty (not assessed)', { 脅威の発生頻度: '', 脆弱性: '', リスク値: '' }, null],
  ])('accepts %s', (_name, cells, risk) => {
    const parsed = parseLedgerRows(header, [rowWith(cells)], profile);
    expect(parsed.ok && parsed.assets[0]!.risk).toEqual(risk);
  });

  it('refuses a header with only some of the risk columns, naming the missing one', () => {
    const parsed = parseLedgerRows(header.slice(0, -1), [], profile);
    expect(parsed).toEqual({ ok: false, errors: [{ row: 1, message: '見出しに「リスク値」がありません。' }] });
  });

  it('refuses a hostile risk cell in a table handed to the CLI to sign, before anything is signed', () => {
    const checked = checkLedgerTable({ header, rows: [rowWith({ 脅威の発生頻度: '=HYPERLINK("http://example.invalid")' })] }, profile);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(ledgerTableRefusalReason(checked.refusal)).toMatch(/最初の誤り: 2行目 脅威の発生頻度「=HYPERLINK\("http:\/\/example.invalid"\)」は 1・2・3 のどれか/);
  });
});

describe('possibleRiskValues', () => {
  it.each<[RiskScale, RiskScale, number[]]>([
    [1, 1, [1, 2, 3]],
    [3, 2, [3, 6, 9]],
    [2, 2, [2, 4, 6]],
  ])('returns the values of every 重要度 at threat %i × vulnerability %i', (threat, vulnerability, values) => {
    expect(possibleRiskValues(profile, threat, vulnerability)).toEqual(values);
  });

  it('returns none for a profile without a risk model', () => {
    const { risk: _, ...withoutRisk } = profile;
    expect(possibleRiskValues(withoutRisk, 3, 3)).toEqual([]);
  });
});

describe('mergeLedgers: older and newer section files', () => {
  const meta = (section: string) => ({ format: 'daicho-ledger/1', organisation: '西宮市', section, keyId: 'K', sequence: 1, exportedAt: '2026-11-20T00:00:00.000Z', profileId: profile.id, appVersion: 'x', rowCount: 0 }) as MergeInput['meta'];
  const older = (name: string, section: string, list: readonly Asset[]): MergeInput => ({ name, header: header.slice(0, baseWidth), rows: list.map((a) => assetRow(a, profile).slice(0, baseWidth)), meta: meta(section) });
  const newer = (name: string, section: string, list: readonly Asset[]): MergeInput => ({ name, header, rows: list.map((a) => assetRow(a, profile)), meta: meta(section) });

  it('returns today\'s header, the older file\'s rows with empty risk cells, in either order', () => {
    for (const inputs of [[older('old.xlsx', '市民課', [assets[3]!]), newer('new.xlsx', '税務課', [assets[0]!])], [newer('new.xlsx', '税務課', [assets[0]!]), older('old.xlsx', '市民課', [assets[3]!])]]) {
      const merged = mergeLedgers(inputs);
      if (!merged.ok) throw new Error('conflict');
      expect(merged.header).toEqual(['提出元の団体', '提出元の課', ...header]);
      const byId = new Map(merged.rows.map((r) => [r[2 + at('資産ID')], r]));
      expect(byId.get(assets[3]!.id)!.slice(-3)).toEqual(['', '', '']);
      expect(byId.get(assets[0]!.id)!.slice(-3)).toEqual(['3', '2', '9']);
      expect(merged.rows.every((r) => r.length === header.length + 2)).toBe(true);
    }
  });

  it('returns one row for the same asset in an older and a newer file, with the newer file\'s risk cells', () => {
    for (const order of [0, 1]) {
      const inputs = [older('old.xlsx', '市民課', [assets[0]!]), newer('new.xlsx', '市民課', [assets[0]!])];
      const merged = mergeLedgers(order === 0 ? inputs : inputs.reverse());
      expect(merged).toMatchObject({ ok: true, duplicates: 1 });
      expect(merged.ok && merged.rows).toEqual([['西宮市', '市民課', ...assetRow(assets[0]!, profile)]]);
    }
  });

  it('returns a conflict when the same asset differs in a column both files have', () => {
    const merged = mergeLedgers([older('old.xlsx', '市民課', [{ ...assets[0]!, location: '別館' }]), newer('new.xlsx', '市民課', [assets[0]!])]);
    expect(merged).toEqual({ ok: false, conflicts: [{ kind: 'same-asset-differs', assetId: assets[0]!.id, files: ['old.xlsx', 'new.xlsx'] }] });
  });

  it('returns a conflict when the same asset differs only in its risk cells between two newer files', () => {
    const merged = mergeLedgers([newer('a.xlsx', '市民課', [assets[0]!]), newer('b.xlsx', '市民課', [{ ...assets[0]!, ...assessed(1, 1) }])]);
    expect(merged.ok).toBe(false);
  });

  it.each<[string, string[]]>([
    ['only part of the risk columns', header.slice(0, -1)],
    ['another column after 資産ID', [...header.slice(0, baseWidth), '備考2']],
  ])('returns a header conflict for a file with %s', (_name, odd) => {
    const merged = mergeLedgers([newer('new.xlsx', '市民課', [assets[0]!]), { ...older('odd.xlsx', '税務課', [assets[1]!]), header: odd }]);
    expect(merged).toMatchObject({ ok: false, conflicts: [{ kind: 'header', file: 'odd.xlsx' }] });
    expect(!merged.ok && mergeConflictMessage(merged.conflicts[0]!)).toContain('列の見出しがほかのファイルと違います');
  });
});
