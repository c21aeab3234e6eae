/**
 * Hostile files for 既存台帳の取込み: every one is refused (or read) in well under a second with a
 * reason that has its own Japanese message, and none reaches a SheetJS parser that could expand it.
 */
import { describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { MAX_LEDGER_ROWS } from '../../../../shared/ledgerFile/ledgerWorkbook';
import { LEGACY_LIMITS, legacyFormatRefusal, legacyRefusalMessage, readLegacyWorkbook, type LegacyReadFailure } from '../../../../shared/ledgerFile/legacyImport';

function xlsx(rows: unknown[][], edit: (sheet: XLSX.WorkSheet) => void = () => undefined): Uint8Array {
  const sheet = XLSX.utils.aoa_to_sheet(rows);
  edit(sheet);
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, '台帳');
  return new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx' }));
}

const header = ['管理番号', '名称', '所在'];

/** A 1 KB .ods whose one row repeats 1,048,576 times over 16,384 columns (17 billion cells to SheetJS). */
function odsBomb(manifest = 'META-INF/manifest.xml'): Uint8Array {
  const ns = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"';
  return zipSync({
    mimetype: [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }],
    [manifest]: strToU8('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>'),
    'styles.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><office:document-styles ${ns}/>`),
    'content.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${ns}><office:body><office:spreadsheet><table:table table:name="S">` +
        '<table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>' +
        '</table:table></office:spreadsheet></office:body></office:document-content>',
    ),
  });
}

/** An .xlsx SheetJS wrote, with parts added, removed or edited. */
function repackaged(change: (files: Record<string, Uint8Array>) => void, bytes = xlsx([header])): Uint8Array {
  const files = unzipSync(bytes);
  change(files);
  return zipSync(files);
}

/** The header-only .xlsx with raw row XML added at the end of its sheet data (SheetJS's writer walks every position of a wide range). */
function withRow(rowXml: string): Uint8Array {
  return repackaged((files) => {
    files['xl/worksheets/sheet1.xml'] = strToU8(strFromU8(files['xl/worksheets/sheet1.xml']!).replace('</sheetData>', `${rowXml}</sheetData>`));
  });
}

/** An OLE compound file holding the given streams (an .xls, or a password-encrypted workbook). */
function compoundFile(streams: string[]): Uint8Array {
  const container = XLSX.CFB.utils.cfb_new();
  for (const name of streams) XLSX.CFB.utils.cfb_add(container, `/${name}`, new Uint8Array(64));
  return new Uint8Array(XLSX.CFB.write(container, { type: 'array' }) as ArrayLike<number>);
}

describe('readLegacyWorkbook on hostile files', () => {
  it.each<[string, () => Uint8Array, LegacyReadFailure]>([
    ['an .ods renamed .xlsx whose repeated row is 17 billion cells', () => odsBomb(), 'other-format'],
    ['the same with its manifest named in capitals', () => odsBomb('META-INF/MANIFEST.XML'), 'other-format'],
    ['an Apple Numbers package', () => zipSync({ 'Index/Document.iwa': new Uint8Array(8), '[Content_Types].xml': strToU8('<Types/>') }), 'other-format'],
    ['an .xlsb (binary workbook part)', () => repackaged((f) => void (f['xl/workbook.bin'] = new Uint8Array(16))), 'other-format'],
    [
      'an .xlsb whose binary workbook part is named .xml (SheetJS goes by the content type)',
      () => repackaged((f) => void (f['[Content_Types].xml'] = strToU8(strFromU8(f['[Content_Types].xml']!).replace('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml', 'application/vnd.ms-excel.sheet.binary.macroEnabled.main')))),
      'other-format',
    ],
    ['a zip without [Content_Types].xml', () => repackaged((f) => void delete f['[Content_Types].xml']), 'other-format'],
    ['an Excel 97-2003 .xls', () => compoundFile(['Workbook']), 'xls'],
    ['a password-encrypted workbook', () => compoundFile(['EncryptionInfo', 'EncryptedPackage']), 'encrypted'],
    ['a 0-byte file', () => new Uint8Array(0), 'not-xlsx'],
    ['a CSV renamed .xlsx', () => strToU8('管理番号,名称,所在\nSM-1,住民基本台帳,書庫\n'), 'not-xlsx'],
    ['an HTML table renamed .xlsx', () => strToU8('<html><body><table><tr><td>管理番号</td></tr></table></body></html>'), 'not-xlsx'],
    ['a workbook cut in half', () => xlsx([header]).slice(0, 600), 'damaged'],
    ['one stray value at XFD1000 beside a 3-column table (16 million grid cells)', () => withRow('<row r="1000"><c r="XFD1000" t="inlineStr"><is><t>x</t></is></c></row>'), 'too-wide'],
    ['a cell at XFD1 in the header row', () => xlsx([header], (s) => void ((s.XFD1 = { t: 's', v: '隠し' }), (s['!ref'] = 'A1:XFD1'))), 'too-wide'],
  ])('refuses %s, quickly', (_name, file, reason) => {
    const started = performance.now();
    expect(readLegacyWorkbook(file())).toEqual({ ok: false, reason });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('refuses a grid of more cells than the limit, before reading any row', () => {
    const rows = [header, ...Array.from({ length: 40 }, (_, i) => [`SM-${i}`, '住民基本台帳', '書庫'])];
    expect(readLegacyWorkbook(xlsx(rows), { ...LEGACY_LIMITS, maxCells: 3 * 41 - 1 })).toEqual({ ok: false, reason: 'too-large' });
    expect(readLegacyWorkbook(xlsx(rows), { ...LEGACY_LIMITS, maxCells: 3 * 41 })).toMatchObject({ ok: true });
  });

  it('refuses a package that inflates beyond the budget, counted before SheetJS reads it', () => {
    const rows = [header, ...Array.from({ length: 200 }, (_, i) => [`SM-${i}`, '住民基本台帳', '書庫'])];
    const file = xlsx(rows);
    const inflated = Object.values(unzipSync(file)).reduce((sum, part) => sum + part.length, 0);
    expect(readLegacyWorkbook(file, { ...LEGACY_LIMITS, maxInflatedBytes: inflated - 1 })).toEqual({ ok: false, reason: 'too-large' });
    expect(readLegacyWorkbook(file, { ...LEGACY_LIMITS, maxInflatedBytes: inflated })).toMatchObject({ ok: true });
  });

  it('refuses a sheet longer than the rows SheetJS is asked for, rather than import its first rows only', () => {
    // Excel rows MAX + 2 (the last SheetJS reads) and MAX + 3 (dropped without a word).
    const last = MAX_LEDGER_ROWS + 3;
    const cells = [last - 1, last].map((r) => `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>SM-${r}</t></is></c></row>`).join('');
    expect(readLegacyWorkbook(withRow(cells))).toEqual({ ok: false, reason: 'too-large' });
  });

  it('reads a table exactly as wide as the limit', () => {
    const wide = [...header, ...Array.from({ length: LEGACY_LIMITS.maxColumns - 3 }, (_, i) => `列${i}`)];
    const read = readLegacyWorkbook(xlsx([wide, wide.map(() => 'x')]));
    expect(read.ok && read.sheets[0]!.header).toHaveLength(LEGACY_LIMITS.maxColumns);
  });

  it('reads a sheet whose <dimension> claims A1:XFD1048576 by its cells, not its claim', () => {
    const claimed = repackaged((files) => {
      const xml = strFromU8(files['xl/worksheets/sheet1.xml']!);
      files['xl/worksheets/sheet1.xml'] = strToU8(xml.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>'));
      expect(strFromU8(files['xl/worksheets/sheet1.xml']!)).toContain('A1:XFD1048576');
    }, xlsx([header, ['SM-1', '住民基本台帳', '書庫']]));
    const read = readLegacyWorkbook(claimed);
    expect(read).toEqual({ ok: true, sheets: [{ name: '台帳', header, rows: [['SM-1', '住民基本台帳', '書庫']], firstRowNumber: 2 }] });
  });

  it('reads a formula as its stored value and never evaluates one without it', () => {
    const read = readLegacyWorkbook(
      xlsx([header, ['SM-1', '住民基本台帳', '書庫']], (s) => {
        s.B2 = { t: 's', v: '保存値', f: 'HYPERLINK("http://example.invalid","x")' };
        s.C2 = { t: 'n', f: 'SUM(1,2)' } as XLSX.CellObject;
      }),
    );
    expect(read.ok && read.sheets[0]!.rows).toEqual([['SM-1', '保存値', '']]);
  });

  it('reads an .xlsx with printer settings (a .bin part Excel writes into ordinary workbooks)', () => {
    expect(legacyFormatRefusal(repackaged((f) => void (f['xl/printerSettings/printerSettings1.bin'] = new Uint8Array(16))))).toBeNull();
  });
});

describe('legacyRefusalMessage', () => {
  it.each<LegacyReadFailure>(['too-large', 'too-wide', 'xls', 'encrypted', 'other-format', 'not-xlsx', 'damaged'])('says for %s what to do in Excel, and that the ledger is unchanged', (reason) => {
    const message = legacyRefusalMessage(reason);
    expect(message).toMatch(/台帳は変更されていません。$/);
    // The signed import's advice (ask the exporting section) does not fit a file no Daichō wrote.
    expect(message).not.toMatch(/書き出した課|Daichō で書き出した/);
  });
});
