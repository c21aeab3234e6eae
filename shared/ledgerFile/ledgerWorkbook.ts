/**
 * The exported workbook: a readable 情報資産台帳 sheet that Excel opens normally, and a very hidden
 * sheet carrying the signed part. Reading is defensive: size limits before parsing, formulas never
 * evaluated (only stored text is read), and anything that is not a Daichō ledger is refused.
 */
import * as XLSX from '@e965/xlsx';
import { z } from 'zod';
import { LEDGER_FORMAT, type SignedPart } from './signature';

export const LEDGER_SHEET = '情報資産台帳';
const SIGNED_SHEET = '_daicho';
/** Excel's limit per cell is 32,767 characters; the signed part is split across cells below it. */
const CHUNK = 30_000;
/** Far above a real section's ledger; a 200 MB file is refused before it is parsed. */
export const MAX_LEDGER_BYTES = 64 * 1024 * 1024;
export const MAX_LEDGER_ROWS = 250_000;

const signedSchema = z.object({
  meta: z.object({
    format: z.literal(LEDGER_FORMAT),
    organisation: z.string(),
    section: z.string(),
    keyId: z.string(),
    sequence: z.number().int().nonnegative(),
    exportedAt: z.string(),
    profileId: z.string(),
    appVersion: z.string(),
    rowCount: z.number().int().nonnegative(),
  }),
  publicKey: z.string().regex(/^[0-9a-f]{64}$/),
  rowDigests: z.array(z.string().regex(/^[0-9a-f]{64}$/)),
  signature: z.string().regex(/^[0-9a-f]{128}$/),
});

/** Column widths that fit typical content (in characters), so the sheet is readable as opened. */
function widths(header: readonly string[]): { wch: number }[] {
  return header.map((h) => ({ wch: h === '名称' || h === '備考' ? 36 : h === '資産ID' ? 38 : Math.max(10, h.length * 2 + 2) }));
}

/** Writes the workbook as .xlsx bytes. Every cell is text; none is a formula. */
export function writeLedgerWorkbook(header: readonly string[], rows: readonly (readonly string[])[], signed: SignedPart): Uint8Array {
  const book = XLSX.utils.book_new();
  const sheet = XLSX.utils.aoa_to_sheet([header as string[], ...(rows as string[][])]);
  sheet['!cols'] = widths(header);
  sheet['!autofilter'] = { ref: XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: rows.length, c: header.length - 1 } }) };
  XLSX.utils.book_append_sheet(book, sheet, LEDGER_SHEET);
  const json = JSON.stringify(signed);
  const chunks: string[][] = [];
  for (let i = 0; i < json.length; i += CHUNK) chunks.push([json.slice(i, i + CHUNK)]);
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(chunks), SIGNED_SHEET);
  book.Workbook = { Sheets: [{ name: LEDGER_SHEET, Hidden: 0 }, { name: SIGNED_SHEET, Hidden: 2 }] };
  return new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer);
}

export type LedgerReadFailure = 'too-large' | 'not-xlsx' | 'not-daicho' | 'damaged';

export type LedgerReadResult = { ok: true; header: string[]; rows: string[][]; signed: SignedPart } | { ok: false; reason: LedgerReadFailure };

/** Reads a workbook's ledger sheet and signed part; verifies nothing yet (see `verifyLedger`). */
export function readLedgerWorkbook(bytes: Uint8Array): LedgerReadResult {
  if (bytes.length > MAX_LEDGER_BYTES) return { ok: false, reason: 'too-large' };
  // An .xlsx is a zip: it starts with "PK\x03\x04". Anything else (a renamed CSV, a PDF) stops here.
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04) return { ok: false, reason: 'not-xlsx' };
  let book: XLSX.WorkBook;
  try {
    book = XLSX.read(bytes, { type: 'array', cellFormula: false, cellHTML: false, cellText: false, cellDates: false, cellStyles: false, sheetRows: MAX_LEDGER_ROWS + 2 });
  } catch {
    return { ok: false, reason: 'damaged' };
  }
  const sheet = book.Sheets[LEDGER_SHEET];
  const signedSheet = book.Sheets[SIGNED_SHEET];
  if (!sheet || !signedSheet) return { ok: false, reason: 'not-daicho' };
  const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  const table = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true, defval: '', blankrows: false }).map((row) => row.map(text));
  const [header, ...rows] = table;
  if (!header) return { ok: false, reason: 'not-daicho' };
  const width = header.length;
  const chunks = XLSX.utils.sheet_to_json<unknown[]>(signedSheet, { header: 1, raw: true, defval: '' }).map((row) => text(row[0]));
  let signed: SignedPart;
  try {
    const parsed = signedSchema.safeParse(JSON.parse(chunks.join('')));
    if (!parsed.success) return { ok: false, reason: 'not-daicho' };
    signed = parsed.data;
  } catch {
    return { ok: false, reason: 'not-daicho' };
  }
  return { ok: true, header, rows: rows.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? '')), signed };
}
