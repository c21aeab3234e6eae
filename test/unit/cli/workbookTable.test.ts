import { describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { SIGN_MAX_INFLATED_BYTES, workbookTable } from '../../../cli/workbookTable';
import { openWorkbook } from '../../../shared/ledgerFile/ledgerWorkbook';

/** Writes the sheet as a spreadsheet program would and reads it back as `daicho sign` does. */
function roundTrip(sheet: XLSX.WorkSheet): XLSX.WorkSheet {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, 'S');
  const opened = openWorkbook(new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer), { dates: true, maxInflatedBytes: SIGN_MAX_INFLATED_BYTES });
  if (!opened.ok) throw new Error(opened.reason);
  return opened.book.Sheets.S!;
}

describe('workbookTable', () => {
  it.each<[string, XLSX.CellObject, string]>([
    ['a date cell as YYYY-MM-DD (never the serial number)', { t: 'n', v: 46478, z: 'yyyy/m/d' }, '2027-04-01'],
    ['a Japanese-era formatted date the same way', { t: 'n', v: 46478, z: '[$-ja-JP]ge.m.d' }, '2027-04-01'],
    ['a date with a time with its time', { t: 'n', v: 46478.5, z: 'yyyy/m/d h:mm' }, '2027-04-01 12:00:00'],
    ['a plain number as written', { t: 'n', v: 46478 }, '46478'],
    ['a fraction as written', { t: 'n', v: 0.25 }, '0.25'],
    ['TRUE as Excel shows it', { t: 'b', v: true }, 'TRUE'],
    ['FALSE as Excel shows it', { t: 'b', v: false }, 'FALSE'],
    ['text starting with = unchanged (neutralised later, by the writer)', { t: 's', v: "=cmd|' /C calc'!A0" }, "=cmd|' /C calc'!A0"],
  ])('returns %s', (_name, cell, text) => {
    const sheet = XLSX.utils.aoa_to_sheet([['見出し']]);
    sheet.A2 = cell;
    sheet['!ref'] = 'A1:A2';
    expect(workbookTable(roundTrip(sheet))).toEqual({ ok: true, header: ['見出し'], rows: [[text]] });
  });

  it('returns every row at the header\'s width, blank rows dropped, starting from the first row with text', () => {
    const sheet = XLSX.utils.aoa_to_sheet([[], ['a', 'b', 'c'], ['1'], [], ['', '', '3']]);
    expect(workbookTable(roundTrip(sheet))).toEqual({ ok: true, header: ['a', 'b', 'c'], rows: [['1', '', ''], ['', '', '3']] });
  });

  it('returns an empty table for an empty sheet', () => {
    expect(workbookTable(roundTrip(XLSX.utils.aoa_to_sheet([])))).toEqual({ ok: true, header: [], rows: [] });
  });

  it('refuses an error value with its row and column as Excel numbers them', () => {
    const sheet = XLSX.utils.aoa_to_sheet([['a', 'b'], ['1', '2']]);
    sheet.B2 = { t: 'e', v: 0x07 };
    expect(workbookTable(roundTrip(sheet))).toEqual({ ok: false, refusal: { reason: 'error-cell', row: 2, column: 2 } });
  });

  it('refuses a cell beyond the header at once, however far right it is (column XFD)', () => {
    const sheet = XLSX.utils.aoa_to_sheet([['a', 'b'], ['1', '2']]);
    sheet.XFD3 = { t: 's', v: '隠れた値' };
    sheet['!ref'] = 'A1:XFD3';
    const started = performance.now();
    expect(workbookTable(roundTrip(sheet))).toEqual({ ok: false, refusal: { reason: 'cell-outside-header', row: 3, column: 16384 } });
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
