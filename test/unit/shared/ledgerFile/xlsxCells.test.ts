import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as XLSX from '@e965/xlsx';
import { zipSync, unzipSync } from 'fflate';
import { columnName, escapeCellText, fewestWrappedLines, lineCount, readSharedStrings, readSheet, replaceInPackage, unescapeCellText, worksheetXml } from '../../../../shared/ledgerFile/xlsxCells';
import { guarded, openPackage, plainStyles, workbookParts, type PackageRefusal } from '../../../../shared/ledgerFile/xlsxPackage';

/** A one-sheet package whose sheet1.xml is `xml` (SheetJS writes the rest). */
function packageWith(xml: string, extra: Record<string, string> = {}): Uint8Array {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['']]), '台帳');
  const stored = new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx', compression: false }) as ArrayBuffer);
  const withStrings = extra['xl/sharedStrings.xml'] ? addSharedStrings(stored) : stored;
  return replaceInPackage(withStrings, { 'xl/worksheets/sheet1.xml': xml, ...extra });
}

/** Registers a sharedStrings part (relationship and content type) in a stored package. */
function addSharedStrings(stored: Uint8Array): Uint8Array {
  const files = unzipSync(stored);
  const edit = (name: string, f: (x: string) => string) => (files[name] = new TextEncoder().encode(f(new TextDecoder().decode(files[name]))));
  edit('xl/_rels/workbook.xml.rels', (x) => x.replace('</Relationships>', '<Relationship Id="rId90" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'));
  edit('[Content_Types].xml', (x) => x.replace('</Types>', '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'));
  files['xl/sharedStrings.xml'] = new Uint8Array(0);
  return zipSync(files, { level: 0 });
}

/** The first sheet's table (header, then data rows), or the refusal. */
function readTable(bytes: Uint8Array, maxRows = 1000): { ok: true; value: string[][] } | { ok: false; refusal: PackageRefusal } {
  return guarded(() => {
    const pkg = openPackage(bytes);
    const parts = workbookParts(pkg);
    const strings = parts.sharedStrings ? readSharedStrings(pkg, parts.sharedStrings) : [];
    const rows: string[][] = [];
    const header = readSheet(pkg, parts.sheets[0]!.part, { sheet: '台帳', maxRows, visible: true }, strings, plainStyles(pkg, parts.styles), (row) => rows.push(row));
    return header ? [header, ...rows] : [];
  });
}

function read(bytes: Uint8Array): string[][] {
  const result = readTable(bytes);
  if (!result.ok) throw new Error(JSON.stringify(result.refusal));
  return result.value;
}

describe('lineCount', () => {
  it.each<[string, number]>([['', 1], ['一行', 1], ['a\nb', 2], ['a\r\nb', 2], ['a\rb', 2], ['a\n\nb\n', 4], ['\r\n\r', 3]])('counts %j as %i lines', (text, lines) => {
    expect(lineCount(text)).toBe(lines);
  });
});

describe('fewestWrappedLines', () => {
  it.each<[string, number, number]>([
    ['本庁舎1階 書庫A', 10, 2],
    ['本庁舎1階 書庫A', 12, 1],
    ['', 10, 1],
    ['a'.repeat(20), 10, 1],
    ['a'.repeat(21), 10, 2],
    ['一\n二\n三', 10, 3],
    ['漢'.repeat(24) + '\n短い', 36, 2],
    ['漢'.repeat(25) + '\n短い', 36, 3],
    ['漢字', 0, 3],
  ])('counts %j in a column of %d as at least %i lines', (text, width, lines) => {
    expect(fewestWrappedLines(text, width)).toBe(lines);
  });
});

describe('columnName', () => {
  it.each([[0, 'A'], [25, 'Z'], [26, 'AA'], [701, 'ZZ'], [702, 'AAA']])('returns %i -> %s', (index, name) => {
    expect(columnName(index)).toBe(name);
  });
});

describe('escapeCellText / unescapeCellText', () => {
  it.each([
    ['markup', '<b>&"\''],
    ['an Excel escape lookalike', '_x0041_ stays as typed'],
    ['overlapping Excel escape lookalikes', '_x0000_x0041_ and _x005F_x005F_'],
    ['a lookalike closed by an invalid character', '_x0000\ufffe and _x0041\u0001'],
    ['control characters', 'a\u0001b\u001fc'],
    ['an entity lookalike', '&amp; already'],
  ])('round-trips %s exactly', (_name, text) => {
    expect(unescapeCellText(escapeCellText(text))).toBe(text);
  });

  it('never expands anything but the five XML entities and character references (no XXE)', () => {
    expect(unescapeCellText('&xxe;&#x41;&#66;&lt;')).toBe('&xxe;AB<');
  });
});

describe('worksheetXml + readSheet', () => {
  it('round-trips any text table exactly, including spaces, newlines and Excel escapes', () => {
    const cell = fc.string({ unit: fc.constantFrom(...'あア漢 \n\t_x0041&<>"\'=+-@ab12\u0001'.split('')), maxLength: 20 });
    const header = fc.array(cell.filter((c) => c !== ''), { minLength: 3, maxLength: 3 });
    fc.assert(
      fc.property(header, fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 20 }), (head, rows) => {
        const withText = [head, ...rows.filter((r) => r.some((c) => c !== ''))];
        expect(read(packageWith(worksheetXml(withText)))).toEqual(withText);
      }),
      { numRuns: 40 },
    );
  });

  it('reads what SheetJS (or Excel) writes with shared strings, rich text and phonetic guides, placing cells by r', () => {
    const sheet = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
      + '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>2</v></c><c r="C1" t="s"><v>1</v></c></row>'
      + '<row r="3"><c t="str"><v>文字列</v></c><c t="b"><v>1</v></c><c><v>42</v></c></row>'
      + '</sheetData></worksheet>';
    const strings = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">'
      + '<si><t>住民基本台帳</t><rPh sb="0" eb="2"><t>ジュウミン</t></rPh><phoneticPr fontId="1"/></si>'
      + '<si><r><rPr><b/></rPr><t>太字</t></r><r><t xml:space="preserve"> と普通</t></r></si><si><t>備考</t></si></sst>';
    const bytes = packageWith(sheet, { 'xl/sharedStrings.xml': strings });
    expect(read(bytes)).toEqual([['住民基本台帳', '備考', '太字 と普通'], ['文字列', 'TRUE', '42']]);
  });

  it('reads number cells General shows as stored: integers of up to 11 characters', () => {
    const sheet = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
      + '<row r="1"><c><v>12345678901</v></c><c t="n"><v>-1234567890</v></c><c><v>0</v></c></row>'
      + '</sheetData></worksheet>';
    expect(read(packageWith(sheet))).toEqual([['12345678901', '-1234567890', '0']]);
  });

  it('reads cells as SheetJS itself reads them from a workbook it wrote', () => {
    const rows = [['管理番号', '名称', '備考'], ['SM-1', '<住民>&台帳', ' 前後に空白 '], ['SM-2', '改行\nあり', '']];
    const book = XLSX.utils.book_new();
    const sheet = XLSX.utils.aoa_to_sheet(rows);
    // The row of two lines high enough for both (a visible sheet's rule: see the refusal below).
    sheet['!rows'] = [{}, {}, { hpt: 30 }];
    XLSX.utils.book_append_sheet(book, sheet, '台帳');
    const bytes = new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx', bookSST: true }) as ArrayBuffer);
    expect(read(bytes)).toEqual(rows);
    const low = new Uint8Array(XLSX.write({ ...book, Sheets: { 台帳: { ...sheet, '!rows': [] } } }, { type: 'array', bookType: 'xlsx', bookSST: true }) as ArrayBuffer);
    expect(readTable(low)).toEqual({ ok: false, refusal: { reason: 'hidden-content', where: { sheet: '台帳', row: 3 } } });
  });

  it.each<[string, string, Partial<PackageRefusal>]>([
    ['a formula', '<row r="1"><c r="A1" t="str"><f>1+1</f><v>2</v></c></row>', { reason: 'formula' }],
    ['an error value', '<row r="1"><c r="A1" t="e"><v>#N/A</v></c></row>', { reason: 'cell-type' }],
    ['an out-of-range shared string', '<row r="1"><c r="A1" t="s"><v>5</v></c></row>', { reason: 'cell-type' }],
    ['a character reference beyond Unicode', '<row r="1"><c r="A1" t="inlineStr"><is><t>&#x110000;</t></is></c></row>', { reason: 'damaged' }],
    ['rows out of order', '<row r="2"><c r="A2" t="inlineStr"><is><t>a</t></is></c></row><row r="1"/>', { reason: 'cell-order' }],
    ['text between rows', '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>junk', { reason: 'unexpected-content' }],
  ])('refuses %s', (_name, rows, expected) => {
    const result = readTable(packageWith(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`));
    expect(result).toMatchObject({ ok: false, refusal: expected });
  });

  // readSheet reads rows in exactly the form worksheetXml writes through a faster path; the same rows
  // written with a style index, whitespace or reordered attributes take the general path. Both must
  // give the same table or the same refusal, naming the same cell.
  const header = '<row r="1"><c r="A1" t="inlineStr"><is><t>h1</t></is></c><c r="B1" t="inlineStr"><is><t>h2</t></is></c></row>';
  const general = (rows: string) => rows.replace(/<c r="([^"]*)" t="inlineStr">/g, '<c r="$1" s="0" t="inlineStr">').replace(/<row r="([^"]*)">/g, '<row r="$1" spans="1:2">\n ');
  it.each<[string, string]>([
    ['plain rows', '<row r="2"><c r="A2" t="inlineStr"><is><t>a&amp;b</t></is></c><c r="B2" t="inlineStr"><is><t xml:space="preserve"> _x0041_ </t></is></c></row>'],
    ['a row number going back', '<row r="3"><c r="A3" t="inlineStr"><is><t>a</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>b</t></is></c></row>'],
    ['a cell of another row', '<row r="2"><c r="A3" t="inlineStr"><is><t>a</t></is></c></row>'],
    ['a cell reference with a leading zero', '<row r="2"><c r="A02" t="inlineStr"><is><t>a</t></is></c></row>'],
    ['cells out of order', '<row r="2"><c r="B2" t="inlineStr"><is><t>a</t></is></c><c r="A2" t="inlineStr"><is><t>b</t></is></c></row>'],
    ['a repeated cell', '<row r="2"><c r="A2" t="inlineStr"><is><t>a</t></is></c><c r="A2" t="inlineStr"><is><t>b</t></is></c></row>'],
    ['text outside the header columns', '<row r="2"><c r="C2" t="inlineStr"><is><t>hidden</t></is></c></row>'],
    ['a column past XFD', '<row r="2"><c r="XFE2" t="inlineStr"><is><t>a</t></is></c></row>'],
    ['a four-letter column', '<row r="2"><c r="AAAA2" t="inlineStr"><is><t>a</t></is></c></row>'],
    ['a cell over 32,767 characters', `<row r="2"><c r="A2" t="inlineStr"><is><t>${'x'.repeat(32_768)}</t></is></c></row>`],
    ['an empty text cell outside the columns', '<row r="2"><c r="A2" t="inlineStr"><is><t>a</t></is></c><c r="C2" t="inlineStr"><is><t></t></is></c></row>'],
    ['a row past the row limit', '<row r="1001"><c r="A1001" t="inlineStr"><is><t>a</t></is></c></row>'],
    ['a character reference beyond Unicode', '<row r="2"><c r="A2" t="inlineStr"><is><t>&#x110000;</t></is></c></row>'],
  ])('gives the same verdict for %s in the written form and in the general form', (_name, rows) => {
    const sheet = (body: string) => packageWith(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`);
    const fast = readTable(sheet(header + rows));
    expect(readTable(sheet(general(header + rows)))).toEqual(fast);
  });

  it('refuses a written-form row on a sheet whose default style shows other text', () => {
    const xml = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${header}</sheetData></worksheet>`;
    const styles = '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="&quot;秘&quot;"/></numFmts><cellXfs count="1"><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>';
    expect(readTable(packageWith(xml, { 'xl/styles.xml': styles }))).toMatchObject({ ok: false, refusal: { reason: 'number-format', where: { row: 1, column: 'A' } } });
  });

  it('returns over-limit when a part inflates beyond 100 times its compressed size, without keeping it', () => {
    const huge = new TextEncoder().encode(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${'<row><c t="inlineStr"><is><t>x</t></is></c></row>'.repeat(200_000)}</sheetData></worksheet>`);
    const files = unzipSync(packageWith('<worksheet/>'));
    files['xl/worksheets/sheet1.xml'] = huge;
    expect(readTable(zipSync(files, { level: 6 }))).toEqual({ ok: false, refusal: { reason: 'over-limit', limit: 'part-bytes' } });
  });

  it('returns over-limit rows past the row limit', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `<row><c t="inlineStr"><is><t>${i}</t></is></c></row>`).join('');
    const bytes = packageWith(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`);
    expect(readTable(bytes, 20)).toMatchObject({ ok: false, refusal: { reason: 'over-limit', limit: 'rows', where: { row: 21 } } });
  });

  it('returns not-xlsx for bytes that are not a zip', () => {
    expect(readTable(new Uint8Array([1, 2, 3, 4]))).toEqual({ ok: false, refusal: { reason: 'not-xlsx' } });
  });
});
