/**
 * 「Excelから貼り付けて登録」: the rows a person copies from their own Excel ledger arrive on the
 * clipboard as tab-separated text. This reads that text the way Excel writes it (cells holding a tab,
 * a line break or a quote are quoted, quotes doubled) and decides whether the first row is a header.
 * Without one, the columns are taken in the ledger's own order (the order of the asset form and of
 * the exported 情報資産台帳), so a person who copies from an export or the IPA layout gets a mapping
 * they only need to confirm.
 */
import type { PolicyProfile } from '../domain/policyProfile';
import { findHeaderRow, legacyFields } from './legacyImport';

/** A day's registration, not a migration: larger tables go through 既存台帳の取込み (a file). */
export const MAX_PASTE_ROWS = 2000;
export const MAX_PASTE_CHARS = 2_000_000;

export type PasteParse = { ok: true; rows: string[][] } | { ok: false; reason: 'empty' | 'too-many-rows' | 'too-long'; limit: number };

/**
 * Splits clipboard text from Excel into rows of cells. Excel ends every row with CR LF and quotes a
 * cell only when it holds a tab, a line break or a quote; a stray quote inside an unquoted cell is kept.
 * Rows with no text at all are dropped; ragged rows are padded to the widest.
 */
export function parseTsv(text: string): PasteParse {
  if (text.length > MAX_PASTE_CHARS) return { ok: false, reason: 'too-long', limit: MAX_PASTE_CHARS };
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  const endRow = () => {
    endCell();
    if (row.some((c) => c.trim() !== '')) rows.push(row);
    row = [];
  };
  while (i < text.length) {
    const char = text[i]!;
    if (char === '"' && cell === '') {
      // A quoted cell: runs to the closing quote; "" inside is one quote.
      let j = i + 1;
      let quoted = '';
      for (;;) {
        const next = text.indexOf('"', j);
        if (next < 0) {
          // No closing quote: not a quoted cell after all (someone typed a leading quote).
          quoted = '';
          break;
        }
        quoted += text.slice(j, next);
        if (text[next + 1] === '"') {
          quoted += '"';
          j = next + 2;
          continue;
        }
        j = next + 1;
        break;
      }
      if (j > i + 1 && (j >= text.length || text[j] === '\t' || text[j] === '\n' || text[j] === '\r')) {
        cell = quoted;
        i = j;
        continue;
      }
    }
    if (char === '\t') endCell();
    else if (char === '\n') endRow();
    else if (char === '\r') {
      if (text[i + 1] !== '\n') endRow();
    } else cell += char;
    i++;
    if (rows.length > MAX_PASTE_ROWS + 1) return { ok: false, reason: 'too-many-rows', limit: MAX_PASTE_ROWS };
  }
  if (cell !== '' || row.length > 0) endRow();
  if (rows.length === 0) return { ok: false, reason: 'empty', limit: 0 };
  const width = Math.max(...rows.map((r) => r.length));
  return { ok: true, rows: rows.map((r) => (r.length === width ? r : [...r, ...Array<string>(width - r.length).fill('')])) };
}

export interface PastedTable {
  /** The column names: the pasted header, or the ledger's field names in order when there is none. */
  header: string[];
  rows: string[][];
  hasHeader: boolean;
  /** The number of the first data row as the person sees it in the grid (1 = first pasted row). */
  firstRowNumber: number;
}

/** Header or not: a first row naming at least three ledger fields is a header (as for legacy files). */
export function pastedTable(rows: readonly (readonly string[])[], profile: PolicyProfile): PastedTable {
  const hasHeader = rows.length > 0 && isHeader(rows[0]!);
  if (hasHeader) return { header: rows[0]!.map((h, i) => h.trim() || `列${i + 1}`), rows: rows.slice(1).map((r) => [...r]), hasHeader, firstRowNumber: 2 };
  const labels = legacyFields(profile).map((f) => f.label);
  const width = rows[0]?.length ?? 0;
  return { header: Array.from({ length: width }, (_, i) => labels[i] ?? `列${i + 1}`), rows: rows.map((r) => [...r]), hasHeader: false, firstRowNumber: 1 };
}

/** findHeaderRow answers 0 for "no header found" too, so ask it about a table that has only this row and a blank. */
function isHeader(row: readonly string[]): boolean {
  return findHeaderRow([[], row]) === 1;
}
