/**
 * The exported workbook: a readable 情報資産台帳 sheet that Excel opens normally, and a very hidden
 * sheet carrying the signed part. Reading is defensive: size limits before parsing, formulas never
 * evaluated (only stored text is read), and anything that is not a Daichō ledger is refused.
 */
import * as XLSX from '@e965/xlsx';
import { z } from 'zod';
import { LEDGER_FORMAT, type SignedPart } from './signature';
import { auditAnchorInFileSchema } from '../domain/auditLog';
import { columnName, readSheetTables, replaceInPackage, worksheetXml } from './xlsxCells';

export const LEDGER_SHEET = '情報資産台帳';
const SIGNED_SHEET = '_daicho';
/** Excel's limit per cell is 32,767 characters; the signed part is split across cells below it. */
const CHUNK = 30_000;
/** Far above a real section's ledger; a 200 MB file is refused before it is parsed. */
export const MAX_LEDGER_BYTES = 64 * 1024 * 1024;
export const MAX_LEDGER_ROWS = 250_000;
/** Bound on what the package may inflate to (declared sizes), so a zip bomb is refused unopened. */
export const MAX_INFLATED_BYTES = 512 * 1024 * 1024;
const MAX_ZIP_ENTRIES = 2_000;

/**
 * Reads the zip's central directory (without inflating anything) and sums the declared sizes.
 * Returns null when the directory cannot be found or is inconsistent.
 */
function declaredZipSize(bytes: Uint8Array): { entries: number; inflated: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record sits in the last 22 + 65,535 bytes.
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) { end = i; break; }
  }
  if (end < 0) return null;
  const entries = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  let inflated = 0;
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) return null;
    const size = view.getUint32(offset + 24, true);
    // 0xFFFFFFFF means the real size is in a Zip64 field: far beyond any ledger, so treat it as huge.
    inflated += size === 0xffffffff ? Number.MAX_SAFE_INTEGER / 4 : size;
    offset += 46 + view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
  return { entries, inflated };
}

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
  rowsHash: z.string().regex(/^[0-9a-f]{64}$/),
  rowChecks: z.string().regex(/^[0-9a-f]*$/),
  audit: auditAnchorInFileSchema.optional(),
  signature: z.string().regex(/^[0-9a-f]{128}$/),
});

/** Column widths that fit typical content (in characters), so the sheet is readable as opened. */
function widths(header: readonly string[]): number[] {
  return header.map((h) => (h === '名称' || h === '備考' ? 36 : h === '資産ID' ? 38 : Math.max(10, h.length * 2 + 2)));
}

/** A drop-down list on one column (class levels, value lists), so an edit in Excel stays valid. */
export interface ColumnChoices {
  column: number;
  values: readonly string[];
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Excel limits an inline list to 255 characters; longer lists are left without a drop-down. */
function validationXml(choices: readonly ColumnChoices[], lastRow: number): string {
  const lists = choices
    .map(({ column, values }) => ({ column, list: values.map((v) => v.replace(/"/g, '""')).join(',') }))
    .filter(({ list }) => list.length <= 255);
  if (lists.length === 0 || lastRow < 2) return '';
  const items = lists.map(({ column, list }) => {
    const col = columnName(column);
    return `<dataValidation type="list" allowBlank="1" showErrorMessage="1" errorTitle="一覧にない値" error="${escapeXml('一覧から選んでください。')}" sqref="${col}2:${col}${lastRow}"><formula1>${escapeXml(`"${list}"`)}</formula1></dataValidation>`;
  });
  return `<dataValidations count="${items.length}">${items.join('')}</dataValidations>`;
}

/**
 * Writes the workbook as .xlsx bytes. SheetJS writes the package (workbook with the second sheet very
 * hidden, styles, relationships); both worksheets are then written by `worksheetXml` (text cells only,
 * never a formula) with a frozen header row, an auto-filter and drop-down validation.
 */
export function writeLedgerWorkbook(header: readonly string[], rows: readonly (readonly string[])[], signed: SignedPart, choices: readonly ColumnChoices[] = []): Uint8Array {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['']]), LEDGER_SHEET);
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['']]), SIGNED_SHEET);
  book.Workbook = { Sheets: [{ name: LEDGER_SHEET, Hidden: 0 }, { name: SIGNED_SHEET, Hidden: 2 }] };
  const skeleton = new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx', compression: false }) as ArrayBuffer);
  const json = JSON.stringify(signed);
  const chunks: string[][] = [];
  for (let i = 0; i < json.length; i += CHUNK) chunks.push([json.slice(i, i + CHUNK)]);
  return replaceInPackage(skeleton, {
    'xl/worksheets/sheet1.xml': worksheetXml([header, ...rows], { widths: widths(header), headerRow: true, validations: validationXml(choices, rows.length + 1) }),
    'xl/worksheets/sheet2.xml': worksheetXml(chunks),
  });
}

export type LedgerReadFailure = 'too-large' | 'not-xlsx' | 'not-daicho' | 'damaged';

export type LedgerReadResult = { ok: true; header: string[]; rows: string[][]; signed: SignedPart } | { ok: false; reason: LedgerReadFailure };

/** Size, zip signature and declared inflated size, checked before anything is parsed. */
function checkPackage(bytes: Uint8Array): Exclude<LedgerReadFailure, 'not-daicho'> | null {
  if (bytes.length > MAX_LEDGER_BYTES) return 'too-large';
  // An .xlsx is a zip: it starts with "PK\x03\x04". Anything else (a renamed CSV, a PDF) stops here.
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04) return 'not-xlsx';
  const declared = declaredZipSize(bytes);
  if (!declared) return 'damaged';
  if (declared.inflated > MAX_INFLATED_BYTES || declared.entries > MAX_ZIP_ENTRIES) return 'too-large';
  return null;
}

/**
 * Opens .xlsx bytes defensively: size and zip checks before parsing, formulas never evaluated (only
 * stored values are read), at most MAX_LEDGER_ROWS rows per sheet. Used for signed and legacy ledgers.
 */
export function openWorkbook(bytes: Uint8Array, options: { dates?: boolean } = {}): { ok: true; book: XLSX.WorkBook } | { ok: false; reason: Exclude<LedgerReadFailure, 'not-daicho'> } {
  const checked = checkPackage(bytes);
  if (checked) return { ok: false, reason: checked };
  try {
    return { ok: true, book: XLSX.read(bytes, { type: 'array', cellFormula: false, cellHTML: false, cellText: false, cellDates: options.dates ?? false, cellStyles: false, sheetRows: MAX_LEDGER_ROWS + 2 }) };
  } catch {
    return { ok: false, reason: 'damaged' };
  }
}

const cellText = (v: unknown) => (v === undefined || v === null ? '' : v instanceof Date ? v.toISOString() : String(v));

/** A sheet as rows of text cells (empty rows dropped unless `keepBlank`, which keeps Excel's row numbers). */
export function sheetRows(sheet: XLSX.WorkSheet, keepBlank = false): string[][] {
  return XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true, defval: '', blankrows: keepBlank }).map((row) => row.map(cellText));
}

/** Parses the very hidden sheet's chunks back into the signed part. */
function signedPartOf(chunks: readonly (readonly string[])[] | undefined): SignedPart | null {
  if (!chunks) return null;
  try {
    const parsed = signedSchema.safeParse(JSON.parse(chunks.map((row) => row[0] ?? '').join('')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Reads a workbook's ledger sheet and signed part; verifies nothing yet (see `verifyLedger`). */
export function readLedgerWorkbook(bytes: Uint8Array): LedgerReadResult {
  const checked = checkPackage(bytes);
  if (checked) return { ok: false, reason: checked };
  const read = readSheetTables(bytes, [LEDGER_SHEET, SIGNED_SHEET], { maxSheetBytes: MAX_INFLATED_BYTES, maxRows: MAX_LEDGER_ROWS + 1 });
  if (!read.ok) return read;
  const [header, ...rows] = read.sheets.get(LEDGER_SHEET) ?? [];
  const signed = signedPartOf(read.sheets.get(SIGNED_SHEET));
  if (!header || !signed) return { ok: false, reason: 'not-daicho' };
  return { ok: true, header, rows: rows.map((row) => fitRow(row, header.length)), signed };
}

const fitRow = (row: string[], width: number) => (row.length === width ? row : Array.from({ length: width }, (_, i) => row[i] ?? ''));

/**
 * Reads the same as `readLedgerWorkbook` but hands each data row to `onRow` instead of keeping it
 * (verifying a large ledger in little memory: the CLI's verify).
 */
export function streamLedgerWorkbook(bytes: Uint8Array, onRow: (row: string[]) => void): { ok: true; header: string[]; signed: SignedPart } | { ok: false; reason: LedgerReadFailure } {
  const checked = checkPackage(bytes);
  if (checked) return { ok: false, reason: checked };
  let header: string[] | undefined;
  const sink = (row: string[]) => {
    if (header) onRow(fitRow(row, header.length));
    else header = row;
  };
  const read = readSheetTables(bytes, [LEDGER_SHEET, SIGNED_SHEET], { maxSheetBytes: MAX_INFLATED_BYTES, maxRows: MAX_LEDGER_ROWS + 1 }, new Map([[LEDGER_SHEET, sink]]));
  if (!read.ok) return read;
  const signed = signedPartOf(read.sheets.get(SIGNED_SHEET));
  if (!read.sheets.has(LEDGER_SHEET) || !header || !signed) return { ok: false, reason: 'not-daicho' };
  return { ok: true, header, signed };
}
