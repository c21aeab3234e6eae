/**
 * Report workbooks (the self-inspection in the app, the central office's roll-up in the CLI): plain
 * sheets of text and numbers that Excel opens normally. Text that Excel would read as a formula is
 * neutralised exactly as in the ledger export (a section name or an asset name typed as "=HYPERLINK(…)"
 * stays text), numbers stay numbers so the office can sum them, and nothing is ever written as a formula.
 * These workbooks are not signed: they summarise verified ledgers, they are not exchanged as ledgers.
 */
import * as XLSX from '@e965/xlsx';
import { neutraliseCell } from './ledgerColumns';

export type ReportCell = string | number;

export interface ReportSheet {
  /** Sheet name (Excel allows 31 characters and no : \ / ? * [ ]). */
  name: string;
  /** The first row is the header (frozen). */
  rows: readonly (readonly ReportCell[])[];
  /** Column widths in characters; by default from the header. */
  widths?: readonly number[];
}

const sheetName = (name: string) => name.replace(/[:\\/?*[\]]/g, '_').slice(0, 31) || 'Sheet';

/** Writes the sheets as .xlsx bytes. */
export function writeReportWorkbook(sheets: readonly ReportSheet[]): Uint8Array {
  const book = XLSX.utils.book_new();
  for (const sheet of sheets) {
    const cells = sheet.rows.map((row) => row.map((cell) => (typeof cell === 'number' ? cell : neutraliseCell(cell))));
    const ws = XLSX.utils.aoa_to_sheet(cells);
    const header = sheet.rows[0] ?? [];
    ws['!cols'] = (sheet.widths ?? header.map((h) => Math.max(10, String(h).length * 2 + 2))).map((wch) => ({ wch }));
    XLSX.utils.book_append_sheet(book, ws, sheetName(sheet.name));
  }
  return new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer);
}
