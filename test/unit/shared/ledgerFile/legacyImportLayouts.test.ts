/**
 * 既存台帳の取込み on ledgers as clerks really make them (the IPA / 総務省 layout and its local
 * variants): each layout is built with SheetJS and read through the same path as the import screen.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { micProfile, nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';
import { combineHeaderRows, findHeaderRow, guessMapping, headerKey, isRepeatedHeading, isSecondHeaderRow, mapLegacyRows, normaliseDate, readLegacyWorkbook } from '../../../../shared/ledgerFile/legacyImport';

type Cell = string | number;

/** A workbook of the given sheets; `edit` adds merges, formats or hidden columns to each. */
function workbook(sheets: [string, Cell[][], ((sheet: XLSX.WorkSheet) => void)?][]): Uint8Array {
  const book = XLSX.utils.book_new();
  for (const [name, rows, edit] of sheets) {
    const sheet = XLSX.utils.aoa_to_sheet(rows);
    edit?.(sheet);
    XLSX.utils.book_append_sheet(book, sheet, name);
  }
  return new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

/** The 総務省 layout: every required field as a column, one column per class objective. */
const header = ['管理番号', '情報資産名称', '種類', '形式', '保管場所', '所管課', '管理者', 'ネットワーク区分', '個人情報の有無', '機密性', '完全性', '可用性', '次回見直し日'];
const asset = (number: Cell, reviewDate: Cell = '2027/4/1', confidentiality: Cell = '機密性2'): Cell[] => [number, '住民記録データ', '情報', '電子', 'サーバ室', '市民課', '市民課長', 'マイナンバー利用事務系', 'あり', confidentiality, '完全性2', '可用性2', reviewDate];

function read(bytes: Uint8Array, sheetIndex = 0) {
  const result = readLegacyWorkbook(bytes);
  if (!result.ok) throw new Error(result.reason);
  return { sheets: result.sheets, sheet: result.sheets[sheetIndex]! };
}

/** Reads, guesses the mapping as the screen does, and maps every row with the 総務省 profile. */
function imported(bytes: Uint8Array, profile = micProfile) {
  const { sheet } = read(bytes);
  const mapping = guessMapping(sheet.header, profile);
  return { sheet, mapping, result: mapLegacyRows(sheet.header, sheet.rows, mapping, profile, { firstRowNumber: sheet.firstRowNumber, existingNumbers: new Set() }) };
}

const timeZone = process.env.TZ;
afterEach(() => {
  if (timeZone === undefined) delete process.env.TZ;
  else process.env.TZ = timeZone;
});

describe('normaliseDate', () => {
  it.each([
    ['2026/4/1', '2026-04-01'],
    ['２０２６年４月１日', '2026-04-01'],
    ['2026.4.1', '2026-04-01'],
    ['2026-04-01T00:00:00.000Z', '2026-04-01'],
    ['令和8年4月1日', '2026-04-01'],
    ['令和 8年 4月 1日', '2026-04-01'],
    ['令和８年４月１日', '2026-04-01'],
    ['R8.4.1', '2026-04-01'],
    ['r8/4/1', '2026-04-01'],
    ['R08.04.01', '2026-04-01'],
    ['Ｒ８．４．１', '2026-04-01'],
    ['令和元年5月1日', '2019-05-01'],
    ['H31.4.30', '2019-04-30'],
    ['平成元年1月8日', '1989-01-08'],
    ['昭和64年1月7日', '1989-01-07'],
  ])('reads %j as %s', (text, iso) => {
    expect(normaliseDate(text)).toBe(iso);
  });

  // Left as written, so the schema reports the row: a date its era never had is the clerk's to correct.
  it.each(['平成31年5月1日', 'H32.3.31', 'R1.4.30', '昭和64年1月8日', '令和8年2月30日', 'R8.13.1', 'X8.4.1', '令和', '令和年4月1日', 'R8.4', '8.4.1', '2026/4/1(水)', '来年度'])('leaves %j unchanged', (text) => {
    expect(normaliseDate(text)).toBe(text);
  });
});

describe('headerKey', () => {
  it.each([
    ['管理　番号', '管理番号'],
    ['情報資産\n名称', '情報資産名称'],
    ['個人情報の有無（任意）', '個人情報の有無'],
    ['保存期間(年)', '保存期間'],
    ['所管課（必須）※1', '所管課'],
    ['※管理者', '管理者'],
    ['備考*', '備考'],
    ['No．', 'no.'],
    ['（任意）', ''],
    ['電子/紙', '電子/紙'],
  ])('reads the heading %j as %j', (text, key) => {
    expect(headerKey(text)).toBe(key);
  });
});

describe('findHeaderRow', () => {
  it('finds a header whose headings all carry notes (（任意）, ※, line breaks), below a title and blank rows', () => {
    const rows = [['情報資産管理台帳'], [], ['管理番号※', '情報資産\n名称（必須）', '保管場所（任意）', '管理者（任意）'], ['A-1', '住民記録', '書庫', '課長']];
    expect(findHeaderRow(rows)).toBe(2);
  });

  it.each<[string, string[][], number]>([
    ['a cover block naming three fields above the table', [['情報資産管理台帳'], ['所管課', '総務課', '管理者', '総務課長', '番号', 'R8-1'], [], header, asset('A-1').map(String)], 3],
    ['two rows naming as many fields (the upper one of a merged-down header)', [header, header, asset('A-1').map(String)], 0],
    ['a table whose first asset repeats two headings', [header, ['管理番号', '名称', '種類']], 0],
    ['no row naming three fields', [['所管課', '総務課'], ['A-1', '住民記録']], 0],
  ])('takes the row naming the most fields: %s', (_name, rows, index) => {
    expect(findHeaderRow(rows)).toBe(index);
  });
});

describe('two-row headers', () => {
  const top = ['管理番号', '情報資産名称', '評価値', '評価値', '評価値'];
  it.each<[string, string[] | undefined, boolean]>([
    ['headings merged down both rows and sub-headings under a group', ['管理番号', '情報資産名称', '機密性', '完全性', '可用性'], true],
    ['sub-headings only (headings not merged down)', ['', '', '機密性', '完全性', '可用性'], true],
    ['two headings merged down, group sub-headings of unknown words (too little to tell)', ['管理番号', '情報資産名称', 'サーバ', 'PC', '紙'], false],
    ['the first asset row', ['A-1', '住民記録', '機密性2', '完全性2', '可用性2'], false],
    ['an asset row whose values are column words (媒体, 個人情報) and class words', ['A-1', '媒体', '機密性', '完全性', '個人情報'], false],
    ['an asset row without its 管理番号 whose values are column words', ['', '個人情報', '機密性', '完全性', '可用性'], false],
    ['an asset row with one cell that is a heading word', ['A-1', 'その他', '2', '2', '2'], false],
    ['an asset row repeating two headings', ['管理番号', '情報資産名称', '2', '2', '2'], false],
    ['a blank row', ['', '', '', '', ''], false],
    ['no row at all', undefined, false],
  ])('%s: %s', (_name, below, second) => {
    expect(isSecondHeaderRow(top, below)).toBe(second);
  });

  it('takes three merged-down headings with group sub-headings of any words for the second row', () => {
    expect(isSecondHeaderRow(['管理番号', '名称', '所在', '保存先', '保存先'], ['管理番号', '名称', '所在', 'サーバ', '紙'])).toBe(true);
    expect(isSecondHeaderRow(['管理番号', '名称', '所在', '保存先', '保存先'], ['管理番号', '名称', '書庫', 'サーバ', '紙'])).toBe(false);
  });

  it('names each column by its group and heading, a merged-down heading once', () => {
    expect(combineHeaderRows(['管理番号', '評価値', '評価値', '', '備考'], ['管理番号', '機密性', '完全性', '可用性', ''])).toEqual(['管理番号', '評価値／機密性', '評価値／完全性', '可用性', '備考']);
  });

  const groupTop = ['管理番号', '情報資産名称', '種類', '形式', '保管場所', '所管課', '管理者', 'ネットワーク区分', '個人情報の有無', '評価値', '', '', '次回見直し日'];
  const groupSub = ['', '', '', '', '', '', '', '', '', '機密性', '完全性', '可用性', ''];
  const mergedDown = [0, 1, 2, 3, 4, 5, 6, 7, 8, 12].map((c) => ({ s: { r: 2, c }, e: { r: 3, c } }));
  it.each<[string, XLSX.Range[]]>([
    ['group merged across, headings merged down', [{ s: { r: 2, c: 9 }, e: { r: 2, c: 11 } }, ...mergedDown]],
    ['group merged across only', [{ s: { r: 2, c: 9 }, e: { r: 2, c: 11 } }]],
    ['nothing merged (group typed in its first cell)', []],
  ])('reads the IPA-style two-row header (%s) and imports every asset with its classes', (_name, merges) => {
    const bytes = workbook([['台帳', [['情報資産管理台帳'], [], groupTop, groupSub, asset('A-1'), asset('A-2', '2027/4/1', '機密性3')], (s) => void (s['!merges'] = merges)]]);
    const { sheet, mapping, result } = imported(bytes);
    expect(sheet.header.slice(9, 13)).toEqual(['評価値／機密性', merges.length > 0 ? '評価値／完全性' : '完全性', merges.length > 0 ? '評価値／可用性' : '可用性', '次回見直し日']);
    expect(sheet.firstRowNumber).toBe(5);
    expect(mapping['class:confidentiality']?.column).toBe('評価値／機密性');
    expect(result.ok && result.assets.map((a) => [a.input.managementNumber, a.levels])).toEqual([
      ['A-1', { confidentiality: '2', integrity: '2', availability: '2' }],
      ['A-2', { confidentiality: '3', integrity: '2', availability: '2' }],
    ]);
  });

  it('keeps a one-row header with the first asset right below it, even one whose values are column words (媒体, 個人情報)', () => {
    const first = asset('A-1');
    first[2] = '媒体';
    first[8] = '個人情報';
    const { sheet, result } = imported(workbook([['台帳', [header, first, asset('A-2')]]]));
    expect(sheet.firstRowNumber).toBe(2);
    expect(result.ok && result.assets.map((a) => [a.input.managementNumber, a.input.kind, a.input.personalInfoKind])).toEqual([['A-1', 'recordingMedium', 'personal'], ['A-2', 'information', 'personal']]);
  });
});

describe('dates in the sheet', () => {
  /** A date cell as Excel stores it: a day number with a date format (the file is the same in every time zone). */
  const dated = (format: string) => (sheet: XLSX.WorkSheet) => {
    sheet.M2 = { t: 'n', v: 46113, z: format }; // 2026/4/1
  };

  it.each([
    ['UTC', 'yyyy/m/d'],
    ['Asia/Tokyo', 'yyyy/m/d'],
    ['Asia/Tokyo', '[$-ja-JP]ggge"年"m"月"d"日"'],
    ['Asia/Tokyo', 'yyyy/m/d h:mm'],
    ['America/Los_Angeles', 'm/d/yy'],
  ])('imports an Excel date as the day written in the cell on a computer in %s (format %s)', (zone, format) => {
    process.env.TZ = zone;
    const { result } = imported(workbook([['台帳', [header, asset('A-1', 0)], dated(format)]]));
    expect(result.ok && result.assets.map((a) => a.input.nextReviewDate)).toEqual(['2026-04-01']);
  });

  it('imports dates typed as text in every usual form, and reports a date its era never had with its row', () => {
    const rows = ['令和8年4月1日', 'R8.4.1', '2026/4/1', '２０２６年４月１日'].map((d, i) => asset(`A-${i + 1}`, d));
    expect(imported(workbook([['台帳', [header, ...rows]]])).result).toMatchObject({ ok: true });
    const { result } = imported(workbook([['台帳', [header, ...rows, asset('A-9', 'H32.3.31')]]]));
    expect(result).toEqual({ ok: false, errors: [{ row: 6, message: '日付は 2026-04-01 の形で入力してください。' }] });
  });
});

describe('cells as clerks write them', () => {
  it.each<[string, Cell, string]>([
    ['機密性2', '機密性2', '2'],
    ['the level number', 2, '2'],
    ['a full-width digit', '２', '2'],
    ['a space inside', '機密性 ３', '3'],
    ['trailing spaces', '機密性1　 ', '1'],
  ])('reads the class cell written as %s', (_name, cell, level) => {
    const { result } = imported(workbook([['台帳', [header, asset('A-1', '', cell)]]]));
    expect(result.ok && result.assets[0]!.levels.confidentiality).toBe(level);
  });

  it.each(['機密性4', '極秘', '2以上'])('reports the class cell %j as not in the classification, naming the row', (cell) => {
    const { result } = imported(workbook([['台帳', [header, asset('A-1', '', cell)]]]));
    expect(result).toMatchObject({ ok: false, errors: [{ row: 2 }] });
    expect(!result.ok && result.errors[0]!.message).toContain(`分類:機密性「${cell}」は分類基準にない値です`);
  });

  it('reads 管理番号 stored as numbers with a leading-zero format as shown, skips blank rows in the middle', () => {
    const bytes = workbook([['台帳', [['台帳'], [], header, asset(1), [], asset(10)], (s) => ['A4', 'A6'].forEach((a) => (s[a]!.z = '0000'))]]);
    const { result } = imported(bytes);
    expect(result.ok && result.assets.map((a) => a.input.managementNumber)).toEqual(['0001', '0010']);
  });

  it('reports a totals row at the bottom with its row number instead of importing it', () => {
    const { result } = imported(workbook([['台帳', [header, asset('A-1'), asset('A-2'), ['合計', '2件']]]]));
    expect(result).toMatchObject({ ok: false, errors: [{ row: 4 }] });
  });

  it('offers a hidden column and reads a sheet with an autofilter, trailing spaces trimmed', () => {
    const bytes = workbook([['台帳', [[...header, '旧番号'], [...asset('A-1 　'), 'X-9']], (s) => {
      s['!cols'] = Array.from({ length: 14 }, (_, i) => (i === 13 ? { hidden: true } : {}));
      s['!autofilter'] = { ref: 'A1:N2' };
    }]]);
    const { sheet, result } = imported(bytes);
    expect(sheet.header).toContain('旧番号');
    expect(result.ok && result.assets.map((a) => a.input.managementNumber)).toEqual(['A-1']);
  });

  it('offers every sheet of a workbook with one sheet per year, in the workbook order, each with its own header', () => {
    const { sheets } = read(workbook([['記入例', [['記入例'], ['管理番号は…']]], ['R7', [header, asset('A-1')]], ['R8', [['令和8年度'], header, asset('A-1'), asset('A-2')]]]));
    expect(sheets.map((s) => [s.name, s.firstRowNumber, s.rows.length])).toEqual([['記入例', 2, 1], ['R7', 2, 1], ['R8', 3, 2]]);
  });

  it('guesses the columns of headings with notes for the one-objective profile', () => {
    const mapping = guessMapping(['No.', '情報資産名称（必須）', '保管場所※', '格付（任意）', '個人情報の種類(任意)'], nishinomiyaProfile);
    expect(mapping).toMatchObject({ name: { column: '情報資産名称（必須）' }, location: { column: '保管場所※' }, 'class:importance': { column: '格付（任意）' }, personalInfoKind: { column: '個人情報の種類(任意)' } });
    expect(mapping.kind).toBeUndefined();
  });
});

describe('管理番号 typed with the IME on', () => {
  it.each([
    ['ＳＭ－００１', 'SM-001'],
    ['ｓｍ－００１', 'SM-001'],
    ['０００１', '0001'],
    ['SM-001', 'SM-001'],
  ])('imports %j as %s', (cell, number) => {
    const { result } = imported(workbook([['台帳', [header, asset(cell)]]]));
    expect(result.ok && result.assets.map((a) => a.input.managementNumber)).toEqual([number]);
  });

  // Not width: a minus sign or the long vowel mark is another character, for the clerk to correct.
  it.each(['SM−001', 'ＳＭー００１', '管理１'])('still refuses %j with the form rule', (cell) => {
    const { result } = imported(workbook([['台帳', [header, asset(cell)]]]));
    expect(!result.ok && result.errors[0]!.message).toContain('管理番号は半角英数字と - _ . / で入力してください');
  });

  it('reports a full-width and a half-width number that are the same as a duplicate', () => {
    const { result } = imported(workbook([['台帳', [header, asset('ＳＭ－００１'), asset('SM-001')]]]));
    expect(result).toMatchObject({ ok: false, errors: [{ row: 3 }] });
    expect(!result.ok && result.errors[0]!.message).toContain('管理番号「SM-001」がファイルの中で重複しています');
  });
});

describe('classes for some objectives only (総務省: 機密性・完全性・可用性)', () => {
  const onlyConfidentiality = ['管理番号', '情報資産名称', '種類', '形式', '保管場所', '所管課', '管理者', 'ネットワーク区分', '機密性'];
  const row = (number: string, confidentiality: string) => [number, '住民記録データ', '情報', '電子', 'サーバ室', '市民課', '市民課長', 'マイナンバー利用事務系', confidentiality];

  it('reports each row whose 機密性 would otherwise be dropped without a word, naming the empty objectives', () => {
    const { mapping, result } = imported(workbook([['台帳', [onlyConfidentiality, row('A-1', '機密性3'), row('A-2', '')]]]));
    expect(mapping['class:confidentiality']?.column).toBe('機密性');
    expect(result).toMatchObject({ ok: false, errors: [{ row: 2 }] });
    expect(!result.ok && result.errors[0]!.message).toContain('分類の完全性・可用性が空です');
  });

  it.each<[string, (mapping: ReturnType<typeof guessMapping>) => ReturnType<typeof guessMapping>, Record<string, string>]>([
    ['the missing objectives given as one value for all rows', (m) => ({ ...m, 'class:integrity': { column: null, fixed: '完全性2' }, 'class:availability': { column: null, fixed: '可用性1' } }), { confidentiality: '3', integrity: '2', availability: '1' }],
    ['the class column not imported', ({ 'class:confidentiality': _c, ...m }) => m, {}],
  ])('imports once the clerk chooses: %s', (_name, choose, levels) => {
    const { sheet } = read(workbook([['台帳', [onlyConfidentiality, row('A-1', '機密性3')]]]));
    const result = mapLegacyRows(sheet.header, sheet.rows, choose(guessMapping(sheet.header, micProfile)), micProfile, { firstRowNumber: sheet.firstRowNumber, existingNumbers: new Set() });
    expect(result.ok && result.assets.map((a) => a.levels)).toEqual([levels]);
  });
});

describe('the header repeated for every printed page', () => {
  it.each<[string, string[], boolean]>([
    ['the header again', ['管理番号', '名称', '所在', ''], true],
    ['the header again with spaces around the words', [' 管理番号', '名称 ', '所在', ''], true],
    ['an asset row', ['A-1', '名称', '所在', ''], false],
    ['the header with one more cell filled', ['管理番号', '名称', '所在', '2'], false],
    ['two headings only', ['管理番号', '名称', '', ''], false],
    ['a blank row', ['', '', '', ''], false],
  ])('%s: %s', (_name, row, repeated) => {
    expect(isRepeatedHeading(['管理番号', '名称', '所在', ''], row)).toBe(repeated);
  });

  it('imports every asset of a ledger whose one- or two-row header is repeated between pages, with Excel row numbers', () => {
    const groupTop = [...header.slice(0, 9), '評価値', '評価値', '評価値', header[12]!];
    const groupSub = [...header.slice(0, 9), '機密性', '完全性', '可用性', header[12]!];
    const one = imported(workbook([['台帳', [header, asset('A-1'), asset('A-2'), header, asset('A-3'), [...asset('A-4'), '']]]]));
    expect(one.result.ok && one.result.assets.map((a) => a.input.managementNumber)).toEqual(['A-1', 'A-2', 'A-3', 'A-4']);
    const two = imported(workbook([['台帳', [groupTop, groupSub, asset('A-1'), groupTop, groupSub, asset('A-2'), asset('A-2')]]]));
    // The duplicate is reported at its own row: the repeated headings kept their rows.
    expect(two.result).toEqual({ ok: false, errors: [{ row: 7, message: '管理番号「A-2」がファイルの中で重複しています。' }] });
  });
});

describe('the IPA sheet: 個人情報の種類 marked in one column per kind', () => {
  // 個人情報の種類 merged over three columns, each asset marked 有 in the kinds it holds.
  const top = ['管理番号', '情報資産名称', '種類', '形式', '保管場所', '所管課', '管理者', 'ネットワーク区分', '個人情報の種類', '個人情報の種類', '個人情報の種類', '機密性', '完全性', '可用性'];
  const sub = ['', '', '', '', '', '', '', '', '個人情報', '要配慮個人情報', '特定個人情報', '', '', ''];
  const marked = (number: string, marks: [string, string, string]) => [number, '住民記録データ', '情報', '電子', 'サーバ室', '市民課', '市民課長', 'マイナンバー利用事務系', ...marks, '機密性2', '完全性2', '可用性2'];

  it.each<[string, [string, string, string], string | null]>([
    ['個人情報 only', ['有', '', ''], 'personal'],
    ['no mark at all', ['', '', ''], 'none'],
    ['無 written in every column', ['無', '無', '－'], 'none'],
    ['特定個人情報 only (would have been imported as なし)', ['', '', '有'], null],
    ['個人情報 and 特定個人情報 (would have been imported as 個人情報)', ['有', '', '○'], null],
    ['要配慮個人情報 with a ✓', ['', '✓', ''], null],
  ])('%s: imported as the kind, or reported for the clerk', (_name, marks, kind) => {
    const { mapping, result } = imported(workbook([['台帳', [top, sub, marked('A-1', marks)], (s) => void (s['!merges'] = [{ s: { r: 0, c: 8 }, e: { r: 0, c: 10 } }])]]));
    expect(mapping.personalInfoKind?.column).toBe('個人情報の種類／個人情報');
    if (kind) return void expect(result.ok && result.assets.map((a) => a.input.personalInfoKind)).toEqual([kind]);
    expect(result).toMatchObject({ ok: false, errors: [{ row: 3 }] });
    expect(!result.ok && result.errors[0]!.message).toMatch(/個人情報の種類は「(なし|個人情報)」ですが、「個人情報の種類／(要配慮個人情報|特定個人情報)」の列に「.」があります/);
  });

  it('leaves a single 個人情報 column holding the kind as it is (the mapped column itself is not a mark column)', () => {
    const single = [...header.slice(0, 8), '個人情報', '機密性', '完全性', '可用性'];
    const { mapping, result } = imported(workbook([['台帳', [single, [...asset('A-1').slice(0, 8), '特定個人情報', '機密性2', '完全性2', '可用性2']]]]));
    expect(mapping.personalInfoKind?.column).toBe('個人情報');
    expect(result.ok && result.assets.map((a) => a.input.personalInfoKind)).toEqual(['specificPersonal']);
  });
});
