import { describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';
import { dateCellText, findHeaderRow, guessMapping, LEGACY_LIMITS, mapLegacyRows, readLegacyWorkbook, type LegacyMapping } from '../../../../shared/ledgerFile/legacyImport';
import { ipaHeader, ipaLedgerRows, ipaLedgerWorkbook } from '../../../fixtures/legacyLedger';

function sheet(rows = ipaLedgerRows()) {
  const read = readLegacyWorkbook(ipaLedgerWorkbook(rows));
  if (!read.ok) throw new Error(read.reason);
  return read.sheets[0]!;
}

/** The IPA layout lacks kind, medium, section and network: the person fills them with fixed values. */
function completed(mapping: LegacyMapping): LegacyMapping {
  return {
    ...mapping,
    kind: { column: null, fixed: '情報' },
    medium: { column: null, fixed: '電子' },
    owningSection: { column: null, fixed: '市民課' },
    networkSegment: { column: null, fixed: 'マイナンバー利用事務系' },
  };
}

describe('readLegacyWorkbook', () => {
  it('finds the header row below title rows and gives Excel row numbers', () => {
    const s = sheet();
    expect(s.header).toEqual(ipaHeader);
    expect(s.firstRowNumber).toBe(5);
  });

  it.each<[string, number, string, string]>([
    ['zero-padded', 1, '000', '001'],
    ['with a text prefix', 12, '"SM-"0000', 'SM-0012'],
    ['with thousands separators', 1234567, '#,##0', '1,234,567'],
    ['in General', 42, 'General', '42'],
  ])('reads a number %s as Excel shows it (%s)', (_name, stored, format, shown) => {
    const rows = ipaLedgerRows();
    rows[0]![0] = stored;
    const book = XLSX.read(ipaLedgerWorkbook(rows), { type: 'array', cellDates: true, cellNF: true });
    const first = book.Sheets['台帳']!['A5']!;
    expect(first.t).toBe('n');
    first.z = format;
    const bytes = new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    const read = readLegacyWorkbook(bytes);
    if (!read.ok) throw new Error(read.reason);
    expect(read.sheets[0]!.rows[0]![0]).toBe(shown);
    // The date beside it is still read as a date.
    expect(read.sheets[0]!.rows[0]![10]).toBe('2027-04-01');
  });

  /** The IPA workbook with merged ranges added (rows and columns from 0, as SheetJS counts). */
  const merged = (rows: (string | number | Date)[][], merges: XLSX.Range[]) => {
    const book = XLSX.read(ipaLedgerWorkbook(rows), { type: 'array', cellDates: true, cellNF: true });
    book.Sheets['台帳']!['!merges'] = merges;
    return new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
  };

  it('reads a merged cell as shown: its value beside every row it spans', () => {
    const rows = ipaLedgerRows();
    rows[1]![1] = '';
    // 業務分類 (column B) of both assets, rows 5 and 6 in Excel, merged: the value is stored in B5 only.
    const read = readLegacyWorkbook(merged(rows, [{ s: { r: 4, c: 1 }, e: { r: 5, c: 1 } }]));
    if (!read.ok) throw new Error(read.reason);
    expect(read.sheets[0]!.rows.map((r) => r[1])).toEqual(['住民記録', '住民記録']);
  });

  it('refuses merged ranges that cover more positions in all than a sheet may have (many large ranges overlapping)', () => {
    const whole = { s: { r: 0, c: 0 }, e: { r: 1_048_575, c: 16_383 } };
    const bytes = merged(ipaLedgerRows(), Array.from({ length: 50 }, () => whole));
    expect(readLegacyWorkbook(bytes, { ...LEGACY_LIMITS, maxCells: 1_000 })).toEqual({ ok: false, reason: 'too-large' });
    // Under the usual limit the same ranges are cut to the sheet's cells, and the file is read.
    expect(readLegacyWorkbook(bytes).ok).toBe(true);
  });

  it('refuses a file that is not xlsx', () => {
    expect(readLegacyWorkbook(new TextEncoder().encode('a,b'))).toEqual({ ok: false, reason: 'not-xlsx' });
  });
});

describe('dateCellText', () => {
  it.each([
    [new Date(Date.UTC(2031, 2, 31)), '2031-03-31'],
    [new Date(Date.UTC(2031, 2, 31, 9, 30)), '2031-03-31 09:30'],
    [new Date(Date.UTC(2031, 2, 31, 23, 59, 15)), '2031-03-31 23:59:15'],
    [new Date(Date.UTC(1900, 0, 1)), '1900-01-01'],
  ])('writes the date cell %s as a person reads it (%s), never as an ISO timestamp', (date, text) => {
    expect(dateCellText(date)).toBe(text);
  });
});

describe('findHeaderRow', () => {
  it('returns 0 when no row names three known fields', () => {
    expect(findHeaderRow([['a', 'b'], ['c', 'd']])).toBe(0);
  });
});

describe('guessMapping', () => {
  it('maps the IPA headers to the ledger fields and the 格付 column to the one class objective', () => {
    const mapping = guessMapping(ipaHeader, nishinomiyaProfile);
    expect(mapping).toMatchObject({
      managementNumber: { column: 'No.' },
      name: { column: '情報資産名称' },
      note: { column: '備考' },
      userScope: { column: '利用者範囲' },
      custodian: { column: '管理者' },
      location: { column: '媒体・保存先' },
      personalInfoKind: { column: '個人情報の種類' },
      retentionPeriod: { column: '保存期限' },
      nextReviewDate: { column: '次回見直し' },
      'class:importance': { column: '格付' },
    });
    expect(mapping.kind).toBeUndefined();
  });
});

describe('mapLegacyRows', () => {
  const s = sheet();
  const base = completed(guessMapping(s.header, nishinomiyaProfile));

  it('returns every asset with dates normalised and classes as level ids', () => {
    const result = mapLegacyRows(s.header, s.rows, base, nishinomiyaProfile, { firstRowNumber: s.firstRowNumber, existingNumbers: new Set() });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.assets.map((a) => [a.input.managementNumber, a.input.nextReviewDate, a.input.personalInfoKind, a.levels, a.status])).toEqual([
      ['SM-L001', '2027-04-01', 'specificPersonal', { importance: 'A' }, 'active'],
      ['SM-L002', '2027-04-01', 'none', { importance: 'C' }, 'active'],
    ]);
  });

  it('returns all row errors and no assets when any row is wrong (never half a file)', () => {
    const rows = ipaLedgerRows();
    rows[1]![8] = 'S';
    rows.push(['SM-L001', '', '重複', '', '', '市民課長', '書庫', 'なし', 'C', '', '']);
    const bad = sheet(rows);
    const result = mapLegacyRows(bad.header, bad.rows, base, nishinomiyaProfile, { firstRowNumber: bad.firstRowNumber, existingNumbers: new Set() });
    expect(result).toMatchObject({ ok: false, errors: [{ row: 6 }, { row: 7 }] });
    expect(!result.ok && result.errors[0]!.message).toContain('分類:重要性分類「S」は分類基準にない値です');
    expect(!result.ok && result.errors[1]!.message).toContain('管理番号「SM-L001」がファイルの中で重複しています');
  });

  it.each(['該当なし', '非該当', '対象外', '無'])('reads %s in the 個人情報 column as なし, as municipal sheets write it', (word) => {
    const rows = ipaLedgerRows();
    rows[1]![7] = word;
    const marked = sheet(rows);
    const result = mapLegacyRows(marked.header, marked.rows, base, nishinomiyaProfile, { firstRowNumber: marked.firstRowNumber, existingNumbers: new Set() });
    expect(result.ok && result.assets.map((a) => a.input.personalInfoKind)).toEqual(['specificPersonal', 'none']);
  });

  it('returns an error for a 管理番号 already in the ledger', () => {
    const result = mapLegacyRows(s.header, s.rows, base, nishinomiyaProfile, { firstRowNumber: s.firstRowNumber, existingNumbers: new Set(['SM-L002']) });
    expect(result).toMatchObject({ ok: false, errors: [{ row: 6 }] });
    expect(!result.ok && result.errors[0]!.message).toContain('管理番号「SM-L002」はすでに台帳にあります');
  });

  // The value lists are looked up by folded label, by the value's own id, then by synonym: width,
  // case and spaces do not matter, an unknown word is an error naming it.
  it.each([
    ['情報', 'information'],
    ['information', 'information'],
    ['　記録媒体 ', 'recordingMedium'],
    ['ＵＳＢ', 'recordingMedium'],
    ['ｕｓｂメモリ', 'recordingMedium'],
    ['パソコン', 'equipment'],
    ['書 類', 'paperDocument'],
  ])('reads the kind cell %j as %s', (cell, kind) => {
    const rows = ipaLedgerRows();
    const withKind = sheet(rows);
    const mapping: LegacyMapping = { ...base, kind: { column: '業務分類', fixed: '' } };
    const read = mapLegacyRows(withKind.header, withKind.rows.map((r) => { const copy = [...r]; copy[1] = cell; return copy; }), mapping, nishinomiyaProfile, { firstRowNumber: withKind.firstRowNumber, existingNumbers: new Set() });
    expect(read.ok && read.assets.map((a) => a.input.kind)).toEqual([kind, kind]);
  });

  it.each([['C', 'C'], ['重要性分類Ｂ', 'B'], [' a ', 'A']])('reads the class cell %j as level %s (by name or id, folded)', (cell, level) => {
    const rows = sheet().rows.map((r) => { const copy = [...r]; copy[8] = cell; return copy; });
    const read = mapLegacyRows(s.header, rows, base, nishinomiyaProfile, { firstRowNumber: s.firstRowNumber, existingNumbers: new Set() });
    expect(read.ok && read.assets.map((a) => a.levels)).toEqual([{ importance: level }, { importance: level }]);
  });

  it.each(['機器類', 'USBX', '重要性'])('refuses the unknown kind or class word %j with the word in the message', (word) => {
    const rows = sheet().rows.map((r) => { const copy = [...r]; copy[1] = word; copy[8] = word; return copy; });
    const read = mapLegacyRows(s.header, rows, { ...base, kind: { column: '業務分類', fixed: '' } }, nishinomiyaProfile, { firstRowNumber: s.firstRowNumber, existingNumbers: new Set() });
    expect(!read.ok && read.errors[0]!.message).toContain(`種類「${word}」は一覧にない値です`);
    expect(!read.ok && read.errors[0]!.message).toContain(`分類:重要性分類「${word}」は分類基準にない値です`);
  });

  it('names the fields the file lacks when the mapping leaves them empty', () => {
    const result = mapLegacyRows(s.header, s.rows, guessMapping(s.header, nishinomiyaProfile), nishinomiyaProfile, { firstRowNumber: s.firstRowNumber, existingNumbers: new Set() });
    expect(!result.ok && result.errors[0]!.message).toMatch(/^種類がありません（列がない場合は「全行に同じ値」で選べます）。形式がありません.*所管課を入力してください/);
    expect(!result.ok && result.errors[0]!.message).not.toContain('種類を一覧から選んでください');
  });
});
