/**
 * The table of a workbook someone made or edited in a spreadsheet program, as text cells the way the
 * app would have written them, for `daicho sign`. SheetJS has already read the cells without evaluating
 * anything (see `openWorkbook`); here each cell becomes text:
 * - a date cell becomes YYYY-MM-DD, as the app writes dates (`assetRow`), never Excel's serial number
 *   (46478), which the app would refuse on import;
 * - a number as JavaScript writes it, TRUE/FALSE as Excel shows them;
 * - an error value (#N/A, #REF!) is refused: it shows no text that could be signed.
 * Cells are gathered by their address, so a cell far to the right costs nothing until it is refused.
 */
import * as XLSX from '@e965/xlsx';
import { MAX_LEDGER_BYTES } from '../shared/ledgerFile/ledgerWorkbook';
import type { LedgerTableRefusal } from '../shared/ledgerFile/exportLedger';

/**
 * What a workbook given to `daicho sign` may inflate to before SheetJS reads it. SheetJS holds about
 * 12 times the sheet XML (see `openWorkbook`): 128 MB is about 1.5 GB in this process, within Node's
 * default heap on an 8 GB office PC (about 2 GB), and about 130,000 rows of Daichō's columns (a
 * 100,000-row ledger is 94 MB). Under the signed reader's 512 MB budget a file of a few tens of
 * megabytes could ask for 6 GB, past Node's heap: the process would end out of memory, not refuse.
 */
export const SIGN_MAX_INFLATED_BYTES = 128 * 1024 * 1024;

/** Japanese refusal for a workbook over SIGN_MAX_INFLATED_BYTES: what happened and what to do. */
export const signTooLargeMessage = `ファイルが大きすぎます（署名できるのは ${MAX_LEDGER_BYTES / 1024 / 1024} MB・展開後 ${SIGN_MAX_INFLATED_BYTES / 1024 / 1024} MB（Daichō の列でおよそ13万行）まで）。台帳をいくつかのブックに分けてそれぞれ署名し、daicho merge で1つにまとめてください。何も書き出していません。`;

export type WorkbookTable = { ok: true; header: string[]; rows: string[][] } | { ok: false; refusal: LedgerTableRefusal | { reason: 'error-cell'; row: number; column: number } };

/** SheetJS (cellDates) gives dates whose UTC fields are the calendar date and time Excel shows. */
function dateText(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
}

function cellText(cell: XLSX.CellObject): string | null {
  switch (cell.t) {
    case 'd':
      return cell.v instanceof Date ? dateText(cell.v) : String(cell.v ?? '');
    case 'b':
      return cell.v ? 'TRUE' : 'FALSE';
    case 'n':
      return String(cell.v);
    case 'e':
      return null;
    case 'z':
      return '';
    default:
      return cell.v === undefined || cell.v === null ? '' : String(cell.v);
  }
}

/** The sheet as a header and rows of text (blank rows dropped, as the app's reader drops them). */
export function workbookTable(sheet: XLSX.WorkSheet): WorkbookTable {
  const byRow = new Map<number, Map<number, string>>();
  for (const address of Object.keys(sheet)) {
    if (address.startsWith('!')) continue;
    const { r, c } = XLSX.utils.decode_cell(address);
    const text = cellText(sheet[address] as XLSX.CellObject);
    if (text === null) return { ok: false, refusal: { reason: 'error-cell', row: r + 1, column: c + 1 } };
    if (text === '') continue;
    let row = byRow.get(r);
    if (!row) byRow.set(r, (row = new Map()));
    row.set(c, text);
  }
  const order = [...byRow.keys()].sort((a, b) => a - b);
  const headerCells = byRow.get(order[0] ?? -1);
  if (!headerCells) return { ok: true, header: [], rows: [] };
  const width = Math.max(...headerCells.keys()) + 1;
  const line = (cells: Map<number, string>) => Array.from({ length: width }, (_, c) => cells.get(c) ?? '');
  const rows: string[][] = [];
  for (const r of order.slice(1)) {
    const cells = byRow.get(r)!;
    for (const c of cells.keys()) if (c >= width) return { ok: false, refusal: { reason: 'cell-outside-header', row: r + 1, column: c + 1 } };
    rows.push(line(cells));
  }
  return { ok: true, header: line(headerCells), rows };
}
