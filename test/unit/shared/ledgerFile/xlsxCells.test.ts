import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as XLSX from '@e965/xlsx';
import { zipSync, unzipSync } from 'fflate';
import { columnName, escapeCellText, readSheetTables, replaceInPackage, unescapeCellText, worksheetXml } from '../../../../shared/ledgerFile/xlsxCells';

const limits = { maxSheetBytes: 64 * 1024 * 1024, maxRows: 1000 };

/** A one-sheet package whose sheet1.xml is `xml` (SheetJS writes the rest). */
function packageWith(xml: string, extra: Record<string, string> = {}): Uint8Array {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['']]), '台帳');
  const stored = new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx', compression: false }) as ArrayBuffer);
  return replaceInPackage(stored, { 'xl/worksheets/sheet1.xml': xml, ...extra });
}

function read(bytes: Uint8Array, name = '台帳') {
  const result = readSheetTables(bytes, [name], limits);
  if (!result.ok) throw new Error(result.reason);
  return result.sheets.get(name);
}

describe('columnName', () => {
  it.each([[0, 'A'], [25, 'Z'], [26, 'AA'], [701, 'ZZ'], [702, 'AAA']])('returns %i -> %s', (index, name) => {
    expect(columnName(index)).toBe(name);
  });
});

describe('escapeCellText / unescapeCellText', () => {
  it.each([
    ['markup', '<b>&"\''],
    ['an Excel escape lookalike', '_x0041_ stays as typed'],
    ['control characters', 'a\u0001b\u001fc'],
    ['an entity lookalike', '&amp; already'],
  ])('round-trips %s exactly', (_name, text) => {
    expect(unescapeCellText(escapeCellText(text))).toBe(text);
  });

  it('never expands anything but the five XML entities and character references (no XXE)', () => {
    expect(unescapeCellText('&xxe;&#x41;&#66;&lt;')).toBe('&xxe;AB<');
  });
});

describe('worksheetXml + readSheetTables', () => {
  it('round-trips any text table exactly, including spaces, newlines and Excel escapes', () => {
    const cell = fc.string({ unit: fc.constantFrom(...'あア漢 \n\t_x0041&<>"\'=+-@ab12\u0001'.split('')), maxLength: 20 });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 20 }), (rows) => {
        const withText = rows.filter((r) => r.some((c) => c !== ''));
        const back = read(packageWith(worksheetXml(withText)))!;
        expect(back.map((r) => [0, 1, 2].map((i) => r[i] ?? ''))).toEqual(withText);
      }),
      { numRuns: 40 },
    );
  });

  it('reads what SheetJS (or Excel) writes with shared strings, rich text and phonetic guides', () => {
    const sheet = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
      + '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>'
      + '<row r="3"><c t="str"><v>計算結果</v><f>1+1</f></c><c t="b"><v>1</v></c><c><v>42</v></c></row>'
      + '</sheetData></worksheet>';
    const strings = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2">'
      + '<si><t>住民基本台帳</t><rPh sb="0" eb="2"><t>ジュウミン</t></rPh><phoneticPr fontId="1"/></si>'
      + '<si><r><rPr><b/></rPr><t>太字</t></r><r><t xml:space="preserve"> と普通</t></r></si></sst>';
    const bytes = packageWith(sheet, { 'xl/sharedStrings.xml': strings });
    expect(read(bytes)).toEqual([['住民基本台帳', '', '太字 と普通'], ['計算結果', 'TRUE', '42']]);
  });

  it('reads cells as SheetJS itself reads them from a workbook it wrote', () => {
    const rows = [['管理番号', '名称', '備考'], ['SM-1', '<住民>&台帳', ' 前後に空白 '], ['SM-2', '改行\nあり', '']];
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), '台帳');
    const bytes = new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx', bookSST: true }) as ArrayBuffer);
    expect(read(bytes)).toEqual(rows);
  });

  it('returns too-large when a part inflates beyond the limit, without keeping it', () => {
    const huge = new TextEncoder().encode(`<worksheet><sheetData>${'<row><c t="inlineStr"><is><t>x</t></is></c></row>'.repeat(200_000)}</sheetData></worksheet>`);
    const files = unzipSync(packageWith('<worksheet/>'));
    files['xl/worksheets/sheet1.xml'] = huge;
    const bytes = zipSync(files, { level: 6 });
    expect(readSheetTables(bytes, ['台帳'], { maxSheetBytes: 1024 * 1024, maxRows: 1e6 })).toEqual({ ok: false, reason: 'too-large' });
    expect(readSheetTables(bytes, ['台帳'], { maxSheetBytes: 64 * 1024 * 1024, maxRows: 1000 })).toEqual({ ok: false, reason: 'too-large' });
  });

  it('returns damaged for bytes that are not a zip', () => {
    expect(readSheetTables(new Uint8Array([1, 2, 3, 4]), ['台帳'], limits)).toEqual({ ok: false, reason: 'damaged' });
  });
});
