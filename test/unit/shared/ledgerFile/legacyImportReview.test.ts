/**
 * Adversarial review of the legacy (unsigned) import: concrete rows, hostile and ordinary, that must
 * not be swallowed, shifted or renamed without a word (a silent wrong import), nor refused when the
 * layout is a clerk's ordinary one (a false refusal). Sheets are built with SheetJS and read through
 * the same path as the import screen.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { micProfile } from '../../../../shared/domain/profiles/bundledProfiles';
import { findHeaderRow, guessMapping, isRepeatedHeading, isSecondHeaderRow, mapLegacyRows, normaliseDate, preferredSheet, readLegacyWorkbook } from '../../../../shared/ledgerFile/legacyImport';

type Cell = string | number | XLSX.CellObject;

function workbook(rows: Cell[][], edit?: (sheet: XLSX.WorkSheet) => void): Uint8Array {
  const book = XLSX.utils.book_new();
  const sheet = XLSX.utils.aoa_to_sheet(rows);
  edit?.(sheet);
  XLSX.utils.book_append_sheet(book, sheet, '台帳');
  return new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

function imported(bytes: Uint8Array) {
  const read = readLegacyWorkbook(bytes);
  if (!read.ok) throw new Error(read.reason);
  const sheet = read.sheets[0]!;
  const mapping = guessMapping(sheet.header, micProfile);
  return { sheet, mapping, result: mapLegacyRows(sheet.header, sheet.rows, mapping, micProfile, { firstRowNumber: sheet.firstRowNumber, existingNumbers: new Set() }) };
}

const header = ['管理番号', '情報資産名称', '種類', '形式', '保管場所', '所管課', '管理者', 'ネットワーク区分', '個人情報の有無', '機密性', '完全性', '可用性', '次回見直し日'];
const asset = (number: Cell, overrides: Partial<Record<number, Cell>> = {}): Cell[] =>
  ['住民記録データ', '情報', '電子', 'サーバ室', '市民課', '市民課長', 'マイナンバー利用事務系', 'あり', '機密性2', '完全性2', '可用性2', '2027/4/1'].reduce<Cell[]>((row, cell, i) => [...row, overrides[i + 1] ?? cell], [overrides[0] ?? number]);

const timeZone = process.env.TZ;
afterEach(() => {
  if (timeZone === undefined) delete process.env.TZ;
  else process.env.TZ = timeZone;
});

describe('an asset row is never taken for a second header row', () => {
  it.each([
    ['values that are column words (媒体, 個人情報, 機密性)', header, ['SM-1', '媒体', '記録媒体', '電子', '保管場所', '市民課', '管理者', '系統', '個人情報', '機密性', '完全性', '可用性', '']],
    ['a number under a header with a blank column right of it', ['管理番号', '', '情報資産名称', '個人情報', '機密性'], ['SM-1', '枝1', '媒体', '個人情報', '機密性']],
    ['three cells that repeat the heading, one that does not', header, ['管理番号', '情報資産名称', '種類', '形式', 'サーバ室']],
    ['a row filled only in the last column (備考)', [...header, '備考'], [...header.map(() => ''), '要配慮個人情報']],
  ])('%s', (_, heading, row) => {
    expect(isSecondHeaderRow(heading, row)).toBe(false);
  });

  it.each([
    ['merged down and across (評価値 over 機密性・完全性・可用性)', ['管理番号', '名称', '評価値', '評価値', '評価値'], ['管理番号', '名称', '機密性', '完全性', '可用性']],
    ['typed once with blanks beside the group', ['管理番号', '名称', '評価値', '', ''], ['', '', '機密性', '完全性', '可用性']],
  ])('a real second row is read as one: %s', (_, heading, row) => {
    expect(isSecondHeaderRow(heading, row)).toBe(true);
  });

  it('the first asset under a two-row header is imported, with its Excel row number, not dropped', () => {
    const upper = ['管理番号', '情報資産名称', '種類', '形式', '保管場所', '所管課', '管理者', 'ネットワーク区分', '個人情報の有無', '格付', '', '', '次回見直し日'];
    const lower = ['', '', '', '', '', '', '', '', '', '機密性', '完全性', '可用性', ''];
    const { result, sheet } = imported(workbook([upper, lower, asset('SM-1'), asset('SM-2', { 2: '媒体', 8: '個人情報' })]));
    expect(sheet.firstRowNumber).toBe(3);
    expect(result.ok && result.assets.map((a) => [a.input.managementNumber, a.levels.confidentiality])).toEqual([['SM-1', '2'], ['SM-2', '2']]);
  });

  /** Excel 方眼紙: every heading and every value spread over two columns, merged or typed in the first. */
  function graphPaper(rows: Cell[][], merged: boolean): Uint8Array {
    const wide = rows.map((row) => row.flatMap((cell) => [cell, '']));
    return workbook(wide, (sheet) => {
      sheet['!merges'] = wide.flatMap((row, r) => (merged || r === 0 ? row.filter((_, c) => c % 2 === 0).map((_, c) => ({ s: { r, c: 2 * c }, e: { r, c: 2 * c + 1 } })) : []));
    });
  }

  it.each([
    ['merged', '媒体', true, 'recordingMedium'],
    ['merged', '情報', true, 'information'],
    ['typed in the first of two columns', '媒体', false, 'recordingMedium'],
  ])('Excel 方眼紙 (values %s), first asset of 種類 %s and 個人情報: imported, not read as the header', (_, kind, merged, expected) => {
    const { result, sheet } = imported(graphPaper([header, asset('SM-1', { 2: kind, 8: '個人情報' }), asset('SM-2')], merged));
    expect(sheet.firstRowNumber).toBe(2);
    expect(result.ok && result.assets.map((a) => [a.input.managementNumber, a.input.kind])).toEqual([['SM-1', expected], ['SM-2', 'information']]);
  });

  it('an Excel 方眼紙 two-row header (評価値 over 機密性・完全性・可用性) is still read as one', () => {
    const upper = ['管理番号', '情報資産名称', '評価値', '評価値', '評価値'];
    const lower = ['管理番号', '情報資産名称', '機密性', '完全性', '可用性'];
    expect(isSecondHeaderRow(upper.flatMap((h) => [h, h]), lower.flatMap((h) => [h, h]))).toBe(true);
  });

  it('an asset row right under a one-row header whose cells are column words is imported, not merged into the header', () => {
    const { result, sheet } = imported(workbook([header, asset('SM-1', { 2: '媒体', 8: '個人情報' }), asset('SM-2')]));
    expect(sheet.header).toEqual(header);
    expect(result.ok && result.assets.map((a) => [a.input.managementNumber, a.input.kind, a.input.personalInfoKind])).toEqual([['SM-1', 'recordingMedium', 'personal'], ['SM-2', 'information', 'personal']]);
  });
});

describe('repeated headings are blanked, asset rows never', () => {
  it.each([
    ['an asset row', asset('SM-1'), false],
    ['the heading with a page number beside it', [...header, '2/3'], false],
    ['the heading with one cell changed', header.map((h, i) => (i === 1 ? '住民記録データ' : h)), false],
    ['two cells of the heading only', ['管理番号', '情報資産名称'], false],
    ['the heading again', [...header], true],
  ])('%s', (_, row, blanked) => {
    expect(isRepeatedHeading(header, row.map(String))).toBe(blanked);
  });

  it('a page break heading between assets: every asset imported, none reported, row numbers kept', () => {
    const { result } = imported(workbook([header, asset('SM-1'), header, asset('SM-2'), asset('')]));
    expect(result.ok).toBe(false);
    // SM-1 and SM-2 are fine; only the asset without a 管理番号 (Excel row 5) is reported.
    expect(!result.ok && result.errors.map((e) => e.row)).toEqual([5]);
  });
});

describe('era dates: a day outside its era or the calendar is left as written, for the schema to report', () => {
  it.each([
    ['S64.1.7', '1989-01-07'],
    ['H1.1.8', '1989-01-08'],
    ['平成元年1月8日', '1989-01-08'],
    ['令和元年5月1日', '2019-05-01'],
    ['R1.5.1', '2019-05-01'],
    ['h31.4.30', '2019-04-30'],
    ['Ｒ１０．１２．３１', '2028-12-31'],
    ['S64.1.8', 'S64.1.8'],
    ['平成元年1月7日', '平成元年1月7日'],
    ['H31.5.1', 'H31.5.1'],
    ['R1.4.30', 'R1.4.30'],
    ['R0.4.1', 'R0.4.1'],
    ['R8.2.29', 'R8.2.29'],
    ['R8.2.30', 'R8.2.30'],
    ['M45.7.29', 'M45.7.29'],
    ['T15.12.24', 'T15.12.24'],
    ['RR8.4.1', 'RR8.4.1'],
    ['R8.4.1.', 'R8.4.1.'],
    ['令和8年度', '令和8年度'],
    ['26/4/1', '26/4/1'],
  ])('%s -> %s', (text, expected) => {
    expect(normaliseDate(text)).toBe(expected);
  });

  it.each(['UTC', 'Asia/Tokyo', 'America/Los_Angeles'])('an Excel date cell in an era format is the day in the cell (TZ=%s)', (zone) => {
    process.env.TZ = zone;
    const reviewDate: XLSX.CellObject = { t: 'n', v: 46113, z: '[$-ja-JP]ggge"年"m"月"d"日"' };
    const { result } = imported(workbook([header, asset('SM-1', { 12: reviewDate })]));
    expect(result.ok && result.assets[0]!.input.nextReviewDate).toBe('2026-04-01');
  });

  it.each([false, true])('a date in a workbook with the 1904 date system (%s) is the day in the cell', (date1904) => {
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([header, asset('SM-1', { 12: { t: 'n', v: 46113 - (date1904 ? 1462 : 0), z: 'yyyy/m/d' } })]), '台帳');
    book.Workbook = { WBProps: { date1904 } };
    const { result } = imported(new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer));
    expect(result.ok && result.assets[0]!.input.nextReviewDate).toBe('2026-04-01');
  });

  it('an era date outside its era is an error naming the cell, not a date moved into another era', () => {
    const { result } = imported(workbook([header, asset('SM-1', { 12: 'H31.5.1' })]));
    expect(result.ok).toBe(false);
  });
});

describe('管理番号: only width is folded', () => {
  it.each([
    ['ＳＭ－００１', 'SM-001'],
    ['ｓｍ－００１', 'SM-001'],
    ['ＫＺ．１／２', 'KZ.1/2'],
  ])('%s is imported as %s', (written, number) => {
    const { result } = imported(workbook([header, asset(written)]));
    expect(result.ok && result.assets[0]!.input.managementNumber).toBe(number);
  });

  it.each(['SM-①', 'SYS-Ⅱ', 'SM-¹', 'ＳＭ－①'])('%s is reported, not imported as another number', (written) => {
    const { result } = imported(workbook([header, asset(written)]));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]!.message).toContain('管理番号');
  });

  it('SM-① beside SM-1 in the same file: SM-1 is not reported as a duplicate of a number the clerk never wrote', () => {
    const { result } = imported(workbook([header, asset('SM-1'), asset('SM-①')]));
    expect(!result.ok && result.errors.map((e) => [e.row, e.message.includes('重複')])).toEqual([[3, false]]);
  });

  it('ＳＭ－００１ beside SM-001 is a duplicate in the file, not two assets', () => {
    const { result } = imported(workbook([header, asset('SM-001'), asset('ＳＭ－００１')]));
    expect(!result.ok && result.errors.map((e) => e.row)).toEqual([3]);
    expect(!result.ok && result.errors[0]!.message).toContain('重複');
  });
});

describe('personal information: a kind is neither lost nor refused when the columns agree', () => {
  const kindHeader = ['管理番号', '情報資産名称', '種類', '形式', '保管場所', '所管課', '管理者', 'ネットワーク区分'];
  const kindAsset = (number: string, ...marks: string[]) => [number, '住民記録データ', '情報', '電子', 'サーバ室', '市民課', '市民課長', 'マイナンバー利用事務系', ...marks];

  it.each([
    ['個人情報 (有/無) left of 個人情報の種類', ['個人情報', '個人情報の種類'], [['有', '特定個人情報'], ['有', '要配慮個人情報'], ['有', '個人情報'], ['無', 'なし']]],
    ['個人情報の有無 left of 個人情報の種類', ['個人情報の有無', '個人情報の種類'], [['有', '特定個人情報'], ['有', '要配慮個人情報'], ['有', '個人情報'], ['無', 'なし']]],
    ['個人情報の種類 left of 個人情報 (有/無)', ['個人情報の種類', '個人情報'], [['特定個人情報', '有'], ['要配慮個人情報', '有'], ['個人情報', '有'], ['なし', '無']]],
  ])('%s: the kind column is imported', (_, columns, marks) => {
    const { result, mapping } = imported(workbook([[...kindHeader, ...columns], ...marks.map((m, i) => kindAsset(`SM-${i + 1}`, ...m))]));
    expect(mapping.personalInfoKind?.column).toBe('個人情報の種類');
    expect(result.ok && result.assets.map((a) => a.input.personalInfoKind)).toEqual(['specificPersonal', 'sensitive', 'personal', 'none']);
  });

  it.each([
    ['なし', '有'],
    ['特定個人情報', '〇'],
  ])('個人情報の種類 %s with 個人情報 %s: imported when they agree, reported when they disagree', (kind, mark) => {
    const { result } = imported(workbook([[...kindHeader, '個人情報の種類', '個人情報'], kindAsset('SM-1', kind, mark)]));
    expect(result.ok).toBe(kind !== 'なし');
  });

  it.each([
    ['個人情報の有無', '特定個人情報の有無', '有', '有'],
    ['個人情報の有無', '要配慮個人情報の有無', '有', '○'],
    ['個人情報', '特定個人情報', '無', '有'],
  ])('%s beside %s (%s, %s): reported, not imported as the first column says', (first, second, mark1, mark2) => {
    const { result } = imported(workbook([[...kindHeader, first, second], kindAsset('SM-1', mark1, mark2)]));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]!.message).toContain(second);
  });

  it.each([
    ['有', '無'],
    ['有', ''],
    ['無', '-'],
  ])('個人情報の有無 %s beside 特定個人情報の有無 %s: imported', (mark1, mark2) => {
    const { result } = imported(workbook([[...kindHeader, '個人情報の有無', '特定個人情報の有無'], kindAsset('SM-1', mark1, mark2)]));
    expect(result.ok && result.assets[0]!.input.personalInfoKind).toBe(mark1 === '有' ? 'personal' : 'none');
  });

  it.each([
    ['有', '特定個人情報', 'specificPersonal'],
    ['有', '要配慮個人情報', 'sensitive'],
    ['無', 'なし', 'none'],
  ])('個人情報 over 有無・種類 (%s, %s): the 種類 is imported, the asset 種類 column kept', (mark, kind, expected) => {
    const upper = [...kindHeader, '個人情報', '個人情報'];
    const lower = [...kindHeader, '有無', '種類'];
    const { result, mapping } = imported(workbook([upper, lower, kindAsset('SM-1', mark, kind)]));
    expect([mapping.kind?.column, mapping.personalInfoKind?.column]).toEqual(['種類', '個人情報／種類']);
    expect(result.ok && result.assets[0]!.input.personalInfoKind).toBe(expected);
  });

  it('個人情報 over 有無・種類 with 有 beside なし: reported', () => {
    const { result } = imported(workbook([[...kindHeader, '個人情報', '個人情報'], [...kindHeader, '有無', '種類'], kindAsset('SM-1', '有', 'なし')]));
    expect(!result.ok && result.errors[0]!.message).toContain('個人情報／有無');
  });

  it('the IPA layout with 有 under 特定個人情報 only is reported, not imported as なし', () => {
    const upper = [...kindHeader, '個人情報の種類', '個人情報の種類', '個人情報の種類'];
    const lower = [...kindHeader, '個人情報', '要配慮個人情報', '特定個人情報'];
    const { result } = imported(workbook([upper, lower, kindAsset('SM-1', '', '', '有')]));
    expect(result.ok).toBe(false);
  });
});

describe('classes: all or none', () => {
  it.each([
    ['機密性 only', ['機密性2', '', ''], false],
    ['機密性 and 完全性', ['機密性2', '完全性2', ''], false],
    ['all three', ['機密性2', '完全性2', '可用性2'], true],
    ['none', ['', '', ''], true],
  ])('%s', (_, [c, i, a], ok) => {
    const { result } = imported(workbook([header, asset('SM-1', { 9: c!, 10: i!, 11: a! })]));
    expect(result.ok).toBe(ok);
    if (result.ok) expect(Object.keys(result.assets[0]!.levels).length).toBe(c === '' ? 0 : 3);
  });
});

describe('the guessed mapping takes the header as written before a header read without its note', () => {
  it.each([
    [['管理番号（旧）', '管理番号'], '管理番号'],
    [['管理番号', '管理番号（旧）'], '管理番号'],
    [['No.', '資産番号'], '資産番号'],
    [['管理番号（必須）', '資産名'], '管理番号（必須）'],
  ])('%j: 管理番号 <- %s', (columns, expected) => {
    expect(guessMapping([...columns, '情報資産名称', '所管課'], micProfile).managementNumber?.column).toBe(expected);
  });

  it('old numbers left of the 管理番号 are not imported as the 管理番号', () => {
    const { result } = imported(workbook([['管理番号（旧）', ...header], ['OLD-9', ...asset('SM-1')]]));
    expect(result.ok && result.assets[0]!.input.managementNumber).toBe('SM-1');
  });
});

describe('header row', () => {
  it('a cover block naming three fields above the table is not the header', () => {
    const rows = [['所管課', '総務課', '管理者', '総務課長', '番号', 'R8-1'], [], header, asset('SM-1').map(String)];
    expect(findHeaderRow(rows)).toBe(2);
  });
});

describe('the sheet the import opens on', () => {
  /** A workbook of named sheets, each given as rows (the first row its header). */
  function book(sheets: [string, Cell[][]][]) {
    const wb = XLSX.utils.book_new();
    for (const [name, rows] of sheets) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), name);
    const read = readLegacyWorkbook(new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer));
    if (!read.ok) throw new Error(read.reason);
    return read.sheets;
  }
  const ledger: Cell[][] = [header, asset('SM-001'), asset('SM-002')];

  it.each([['記入例'], ['記載例'], ['入力例（見本）'], ['サンプル'], ['ｻﾝﾌﾟﾙ'], ['記入要領'], ['注意事項']])('skips a first sheet named %s that holds the example rows', (name) => {
    const sheets = book([[name, [header, asset('EX-001')]], ['台帳', ledger]]);
    expect(sheets[preferredSheet(sheets, micProfile)]!.name).toBe('台帳');
  });

  it('takes the sheet whose header names the most fields over a summary beside it', () => {
    const sheets = book([['集計', [['分類', '件数'], ['機密性3', 12]]], ['情報資産台帳', ledger], ['変更履歴', [['日付', '内容'], ['2026/4/1', '作成']]]]);
    expect(sheets[preferredSheet(sheets, micProfile)]!.name).toBe('情報資産台帳');
  });

  it('keeps the first sheet when it is the ledger, and when no sheet qualifies', () => {
    const two = book([['台帳', ledger], ['台帳 (2)', ledger]]);
    expect(preferredSheet(two, micProfile)).toBe(0);
    const examples = book([['記入例', [header, asset('EX-001')]], ['記載例', [header, asset('EX-002')]]]);
    expect(preferredSheet(examples, micProfile)).toBe(0);
    expect(preferredSheet([], micProfile)).toBe(0);
  });
});
