/**
 * The exported workbook: a readable 情報資産台帳 sheet that Excel opens normally, and a very hidden
 * sheet carrying the signed part. Reading is defensive: size limits before parsing, formulas never
 * evaluated (only stored text is read), and anything that is not a Daichō ledger is refused.
 */
import * as XLSX from '@e965/xlsx';
import { z } from 'zod';
import { createRowDigester, LEDGER_FORMAT, type RowDigester, type RowDigests, type Sha256, type SignedPart } from './signature';
import { scanLedgerSheet } from './sheetScan';
import { auditAnchorInFileSchema } from '../domain/auditLog';
import { unzipSync, Zip, ZipDeflate } from 'fflate';
import { columnName, readSharedStrings, readSheet, replaceInPackage, ResumeMismatch, rowXml, worksheetHead, worksheetTail, worksheetXml, type SheetLayout } from './xlsxCells';
import { checkVisibleStyles } from './xlsxStyles';
import { checkWholePackage, guarded, openPackage, PACKAGE_LIMITS, plainStyles, refuse, workbookParts, type InflateRaw, type PackageLimits, type PackageRefusal } from './xlsxPackage';
import { MERGE_SOURCE_HEADERS } from './mergeLedgers';

export const LEDGER_SHEET = '情報資産台帳';
const SIGNED_SHEET = '_daicho';
/** Where SheetJS puts the two sheets in the package. */
const LEDGER_PART = 'xl/worksheets/sheet1.xml';
const SIGNED_PART = 'xl/worksheets/sheet2.xml';
/** Excel's limit per cell is 32,767 characters; the signed part is split across cells below it. */
const CHUNK = 30_000;
/** Far above a real section's ledger; a 200 MB file is refused before it is parsed. */
export const MAX_LEDGER_BYTES = PACKAGE_LIMITS.maxFileBytes;
/** The rows of a section's ledger, and all the app's import takes (a merged ledger included). */
export const MAX_LEDGER_ROWS = 250_000;
/**
 * The rows of a merged ledger: Excel's sheet limit (1,048,576 rows) less the header. A merged ledger is
 * the central office's aggregate of every section (`daicho merge`: 200 sections of 2,000 assets are
 * 400,000 rows), read by the CLI (verify, report, diff) and never imported into a section's app, whose
 * import keeps MAX_LEDGER_ROWS (a section's terminal holds one section's assets; reading a million rows
 * into IndexedDB there would only fail later and slower). A longer sheet would not open in Excel.
 */
export const MAX_MERGED_LEDGER_ROWS = 1_048_575;
/** Bound on what the package may inflate to, counted while inflating (declared sizes can lie). */
export const MAX_INFLATED_BYTES = PACKAGE_LIMITS.maxInflatedBytes;
/**
 * Byte budgets for reading a merged ledger in the CLI: a 400,000-row merged sheet is about 450 MB
 * inflated and 35 MB compressed, so a full 1,048,575-row one needs about 1.2 GB and 90 MB. The part is
 * streamed (never held), so the budget bounds time, not memory; the ratio limit (zip bombs) is the same.
 */
export const MERGED_PACKAGE_LIMITS: PackageLimits = { ...PACKAGE_LIMITS, maxFileBytes: 192 * 1024 * 1024, maxPartBytes: 1536 * 1024 * 1024, maxInflatedBytes: 1600 * 1024 * 1024 };

/**
 * How far a reader goes: the package's byte budgets, the rows of a section's ledger and of a merged
 * one (told by its header: the sending section's columns in front), and what a merged ledger past its
 * limit is refused as ('merged-rows' says it belongs to the CLI, not the app).
 */
export interface LedgerReadLimits {
  package: PackageLimits;
  maxRows: number;
  maxMergedRows: number;
  mergedOverLimit: 'rows' | 'merged-rows';
}

/** The app's import (and by default every reader): 250,000 rows, a merged ledger too. */
export const APP_READ_LIMITS: LedgerReadLimits = { package: PACKAGE_LIMITS, maxRows: MAX_LEDGER_ROWS, maxMergedRows: MAX_LEDGER_ROWS, mergedOverLimit: 'merged-rows' };
/** The CLI (central office): a section's ledger as in the app, a merged ledger up to Excel's limit. */
export const CLI_READ_LIMITS: LedgerReadLimits = { package: MERGED_PACKAGE_LIMITS, maxRows: MAX_LEDGER_ROWS, maxMergedRows: MAX_MERGED_LEDGER_ROWS, mergedOverLimit: 'rows' };

/** A merged ledger's header: the sending section's columns in front of the ledger's own. */
const isMergedHeader = (header: readonly string[]) => MERGE_SOURCE_HEADERS.every((h, i) => header[i] === h);

/** The signed part's rows (30,000 characters each): a 250,000-row ledger needs about 70, 1,048,575 rows about 290. */
const MAX_SIGNED_ROWS = 1_000;
/** SheetJS fills every cell of a sheet's range when reading rows: a range above this is refused. */
const MAX_LEGACY_CELLS = 20_000_000;

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
 * hidden, styles, relationships, the filter and print-title names); both worksheets are then written
 * by `worksheetXml` (text cells only, never a formula) with a frozen header row, an auto-filter,
 * drop-down validation, and a landscape page fitted to the paper's width.
 */
export function writeLedgerWorkbook(header: readonly string[], rows: readonly (readonly string[])[], signed: SignedPart, choices: readonly ColumnChoices[] = []): Uint8Array {
  return replaceInPackage(skeleton(header, rows.length), {
    'xl/worksheets/sheet1.xml': worksheetXml([header, ...rows], ledgerLayout(header, rows.length, choices)),
    'xl/worksheets/sheet2.xml': signedSheetXml(signed),
  });
}

/** The package SheetJS writes around the two sheets (stored, uncompressed; see `writeLedgerWorkbook`). */
function skeleton(header: readonly string[], rowCount: number): Uint8Array {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['']]), LEDGER_SHEET);
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['']]), SIGNED_SHEET);
  const last = `$${columnName(Math.max(0, header.length - 1))}$${rowCount + 1}`;
  book.Workbook = {
    Sheets: [{ name: LEDGER_SHEET, Hidden: 0 }, { name: SIGNED_SHEET, Hidden: 2 }],
    // Excel shows the auto-filter from the sheet alone; LibreOffice needs this hidden name to show it.
    // Print_Titles repeats the header row on every printed page.
    // (SheetJS writes `Hidden`, though its types do not declare it.)
    Names: [
      { Name: '_xlnm._FilterDatabase', Ref: `'${LEDGER_SHEET}'!$A$1:${last}`, Sheet: 0, Hidden: true } as XLSX.DefinedName,
      { Name: '_xlnm.Print_Titles', Ref: `'${LEDGER_SHEET}'!$1:$1`, Sheet: 0 },
    ],
  };
  return new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx', compression: false }) as ArrayBuffer);
}

const ledgerLayout = (header: readonly string[], rowCount: number, choices: readonly ColumnChoices[]): SheetLayout => ({
  widths: widths(header),
  headerRow: true,
  validations: validationXml(choices, rowCount + 1),
  printLandscape: true,
});

/** The very hidden sheet: the signed part as JSON, cut into cells below Excel's limit. */
function signedSheetXml(signed: SignedPart): string {
  const json = JSON.stringify(signed);
  const chunks: string[][] = [];
  for (let i = 0; i < json.length; i += CHUNK) chunks.push([json.slice(i, i + CHUNK)]);
  return worksheetXml(chunks);
}

/** Rows of XML collected before they are compressed (a few hundred KB: large pushes, little memory). */
const STREAM_ROWS = 500;

/**
 * The same workbook as `writeLedgerWorkbook`, written a row at a time for a ledger too large to hold
 * twice (the CLI's merge of many sections): the ledger sheet's XML goes into the zip's compressor
 * as it is made, so only the compressed bytes are kept. `rowCount` must be known first (the sheet's
 * dimension, filter and drop-down ranges come before the rows); `finish` takes the signed part, which
 * can only be made once every row has been digested, and checks that `rowCount` rows came.
 * Every part is byte for byte what `writeLedgerWorkbook` writes; only the zip differs (each entry's
 * sizes follow its data, in a data descriptor, which the reader and every spreadsheet accept).
 * With `sink`, the zip's bytes go there as they are made (the CLI writes them to the file: a
 * 400,000-row merged ledger is about 35 MB compressed) and `finish` returns an empty array.
 */
export function createLedgerWorkbookWriter(header: readonly string[], rowCount: number, choices: readonly ColumnChoices[] = [], sink?: (chunk: Uint8Array) => void): { add(row: readonly string[]): void; finish(signed: SignedPart): Uint8Array } {
  const files = unzipSync(skeleton(header, rowCount));
  const names = Object.keys(files);
  const sheetAt = names.indexOf(LEDGER_PART);
  if (sheetAt < 0 || !names.includes(SIGNED_PART)) throw new Error('SheetJS wrote no ledger sheet');
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else if (sink) sink(chunk);
    else out.push(chunk);
  });
  const encoder = new TextEncoder();
  const addWhole = (name: string, data: Uint8Array) => {
    const file = new ZipDeflate(name, { level: 6 });
    zip.add(file);
    file.push(data, true);
  };
  for (const name of names.slice(0, sheetAt)) addWhole(name, files[name]!);
  const sheet = new ZipDeflate(LEDGER_PART, { level: 6 });
  zip.add(sheet);
  const width = Math.max(1, header.length);
  const layout = ledgerLayout(header, rowCount, choices);
  let pending: string[] = [worksheetHead(width, rowCount + 1, layout), rowXml(header, 1, layout.widths)];
  let written = 0;
  const push = (final: boolean) => {
    sheet.push(encoder.encode(pending.join('')), final);
    pending = [];
  };
  return {
    add(row) {
      if (written >= rowCount) throw new Error(`more than ${rowCount} rows`);
      written++;
      pending.push(rowXml(row, written + 1, layout.widths));
      if (pending.length >= STREAM_ROWS) push(false);
    },
    finish(signed) {
      if (written !== rowCount) throw new Error(`${written} rows written, ${rowCount} announced`);
      pending.push(worksheetTail(width, rowCount + 1, layout));
      push(true);
      for (const name of names.slice(sheetAt + 1)) addWhole(name, name === SIGNED_PART ? encoder.encode(signedSheetXml(signed)) : files[name]!);
      zip.end();
      if (failure) throw failure;
      const bytes = new Uint8Array(out.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const chunk of out) {
        bytes.set(chunk, at);
        at += chunk.length;
      }
      return bytes;
    },
  };
}

export type LedgerReadFailure = 'too-large' | 'not-xlsx' | 'not-daicho' | 'damaged';

/** A refusal from the package reader; `reason` repeats `refusal.reason` for callers that only need it. */
export type LedgerReadRefusal = { ok: false; reason: PackageRefusal['reason']; refusal: PackageRefusal };

export type LedgerReadResult = { ok: true; header: string[]; rows: string[][]; signed: SignedPart } | LedgerReadRefusal;

/** The coarse reason the unsigned (legacy) path reports for a package refusal. */
function coarse(refusal: PackageRefusal): Exclude<LedgerReadFailure, 'not-daicho'> {
  return refusal.reason === 'over-limit' || refusal.reason === 'too-large' ? 'too-large' : refusal.reason === 'not-xlsx' ? 'not-xlsx' : 'damaged';
}

/**
 * Opens .xlsx bytes defensively for the unsigned import (and the CLI's sign): the same package checks
 * as signed ledgers first (zip structure, sizes counted while inflating, no column beyond XFD), so
 * SheetJS never sees a file that could exhaust it; formulas never evaluated (only stored values are
 * read); at most MAX_LEDGER_ROWS rows per sheet; each sheet's range shrunk to its cells.
 *
 * `maxInflatedBytes` is what the whole package may inflate to, counted while inflating, before SheetJS
 * reads a byte. SheetJS holds about 12 times the sheet XML (measured in Node: a 100,000-row ledger,
 * 94 MB of XML, 1.34 GB resident; 5 million one-digit cells, 134 MB, 1.59 GB), so the signed reader's
 * 512 MB would be 6 GB: each caller passes what its process can hold.
 */
export function openWorkbook(bytes: Uint8Array, options: { dates?: boolean; formats?: boolean; inflate?: InflateRaw; maxInflatedBytes: number }): { ok: true; book: XLSX.WorkBook } | { ok: false; reason: Exclude<LedgerReadFailure, 'not-daicho'> } {
  const budget = { ...PACKAGE_LIMITS, maxInflatedBytes: options.maxInflatedBytes, maxPartBytes: Math.min(PACKAGE_LIMITS.maxPartBytes, options.maxInflatedBytes) };
  const checked = guarded(() => checkWholePackage(openPackage(bytes, options.inflate, budget)));
  if (!checked.ok) return { ok: false, reason: coarse(checked.refusal) };
  try {
    const book = XLSX.read(bytes, { type: 'array', cellFormula: false, cellHTML: false, cellText: false, cellDates: options.dates ?? false, cellNF: options.formats ?? false, cellStyles: false, sheetRows: MAX_LEDGER_ROWS + 2 });
    for (const sheet of Object.values(book.Sheets)) {
      const range = tightRange(sheet);
      if (range === 'too-large') return { ok: false, reason: 'too-large' };
      if (range) sheet['!ref'] = range;
      else delete sheet['!ref'];
    }
    return { ok: true, book };
  } catch {
    return { ok: false, reason: 'damaged' };
  }
}

/**
 * The sheet's range ending at its last cell (a declared dimension can be far larger than the cells,
 * and SheetJS walks every position of it), keeping the declared start so row numbers stay Excel's.
 */
function tightRange(sheet: XLSX.WorkSheet): string | null | 'too-large' {
  let minRow = Infinity;
  let minCol = Infinity;
  let maxRow = -1;
  let maxCol = -1;
  for (const key of Object.keys(sheet)) {
    if (key.startsWith('!')) continue;
    const { r, c } = XLSX.utils.decode_cell(key);
    if (r < minRow) minRow = r;
    if (c < minCol) minCol = c;
    if (r > maxRow) maxRow = r;
    if (c > maxCol) maxCol = c;
  }
  if (maxRow < 0) return null;
  const declared = sheet['!ref'] ? XLSX.utils.decode_range(sheet['!ref']).s : { r: minRow, c: minCol };
  const start = { r: Math.min(Math.max(0, declared.r), minRow), c: Math.min(Math.max(0, declared.c), minCol) };
  if ((maxRow - start.r + 1) * (maxCol - start.c + 1) > MAX_LEGACY_CELLS) return 'too-large';
  return XLSX.utils.encode_range({ s: start, e: { r: maxRow, c: maxCol } });
}

const cellText = (v: unknown) => (v === undefined || v === null ? '' : v instanceof Date ? v.toISOString() : String(v));

/** A sheet as rows of text cells (empty rows dropped unless `keepBlank`, which keeps Excel's row numbers). */
export function sheetRows(sheet: XLSX.WorkSheet, keepBlank = false): string[][] {
  return XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true, defval: '', blankrows: keepBlank }).map((row) => row.map(cellText));
}

/** Parses the very hidden sheet's chunks back into the signed part. */
function signedPartOf(chunks: readonly string[]): SignedPart | null {
  try {
    const parsed = signedSchema.safeParse(JSON.parse(chunks.join('')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Reads a Daichō ledger package (xlsxPackage + xlsxCells), refusing anything that would let a
 * spreadsheet show other content than what is read: exactly two sheets, the ledger visible and the
 * signed part hidden (LibreOffice saves "very hidden" as "hidden"); the signed part only in column A,
 * rows 1, 2, 3…; the ledger sheet under `readSheet`'s rules. Data rows go to `onRow`.
 */
function readLedger(bytes: Uint8Array, onRow: ((row: string[]) => void) | { digester: () => RowDigester; use: (digester: RowDigester) => void }, inflate: InflateRaw | undefined, limits: LedgerReadLimits): { header: string[]; signed: SignedPart } {
  const pkg = openPackage(bytes, inflate, limits.package);
  const { sheets, sharedStrings, styles, theme } = workbookParts(pkg);
  const ledger = sheets.find((s) => s.name === LEDGER_SHEET);
  const signedSheet = sheets.find((s) => s.name === SIGNED_SHEET);
  if (!ledger || !signedSheet) return refuse({ reason: 'not-daicho' });
  for (const sheet of sheets) if (sheet !== ledger && sheet !== signedSheet) refuse({ reason: 'extra-sheet', sheet: sheet.name });
  if (ledger.state !== 'visible') refuse({ reason: 'hidden-content', where: { sheet: LEDGER_SHEET } });
  if (signedSheet.state === 'visible') refuse({ reason: 'extra-sheet', sheet: SIGNED_SHEET });
  const plain = plainStyles(pkg, styles);
  const look = checkVisibleStyles(pkg, styles, theme);
  const strings = sharedStrings ? readSharedStrings(pkg, sharedStrings, look.run) : [];
  const chunks: string[] = [];
  readSheet(pkg, signedSheet.part, { sheet: SIGNED_SHEET, maxRows: MAX_SIGNED_ROWS, visible: false, width: 1, contiguous: true }, strings, plain, (row) => chunks.push(row[0]!));
  const signed = signedPartOf(chunks) ?? refuse({ reason: 'not-daicho' });
  // Row numbers count the header (row 1): N data rows end at row N + 1. Until the header is known,
  // the larger limit holds; then the one for its kind of ledger.
  const rules = {
    sheet: LEDGER_SHEET,
    maxRows: Math.max(limits.maxRows, limits.maxMergedRows) + 1,
    visible: true,
    runLook: look.run,
    lowestRow: look.lowestRow,
    wraps: look.wraps,
    limitAfterHeader: (h: readonly string[]) => (isMergedHeader(h) ? { maxRows: limits.maxMergedRows + 1, limit: limits.mergedOverLimit } : { maxRows: limits.maxRows + 1, limit: 'rows' as const }),
  };
  let header: string[] | null;
  if (typeof onRow === 'function') header = readSheet(pkg, ledger.part, rules, strings, plain, onRow);
  else {
    // Digests only: the byte scanner first; where it stops, the reader goes on with the same digester
    // from the last row the scanner read whole (or from the start, with a new one).
    const scanned = onRow.digester();
    const scan = scanLedgerSheet(pkg, ledger.part, rules, plain, scanned);
    header = scan.header;
    if (header) onRow.use(scanned);
    else {
      const fromStart = () => {
        const read = onRow.digester();
        onRow.use(read);
        return readSheet(pkg, ledger.part, rules, strings, plain, (row) => read.add(row));
      };
      if (!scan.resume) header = fromStart();
      else {
        const inflated = pkg.inflated;
        try {
          onRow.use(scanned);
          header = readSheet(pkg, ledger.part, rules, strings, plain, (row) => scanned.add(row), scan.resume);
        } catch (error) {
          // Never expected (the scanner counts the text as the reader decodes it); read it all again.
          if (!(error instanceof ResumeMismatch)) throw error;
          pkg.inflated = inflated;
          header = fromStart();
        }
      }
    }
  }
  if (!header) return refuse({ reason: 'not-daicho' });
  return { header, signed };
}

const refused = (refusal: PackageRefusal): LedgerReadRefusal => ({ ok: false, reason: refusal.reason, refusal });

/**
 * Reads a workbook's ledger sheet and signed part; verifies nothing yet (see `verifyLedger`).
 * `inflate`: the decompressor (pako unless the caller has a native one, see `InflateRaw`).
 * `limits`: the app's unless given (the CLI passes CLI_READ_LIMITS).
 */
export function readLedgerWorkbook(bytes: Uint8Array, inflate?: InflateRaw, limits: LedgerReadLimits = APP_READ_LIMITS): LedgerReadResult {
  const rows: string[][] = [];
  const read = guarded(() => readLedger(bytes, (row) => rows.push(row), inflate, limits));
  if (!read.ok) return refused(read.refusal);
  return { ok: true, header: read.value.header, rows, signed: read.value.signed };
}

/**
 * Reads the same as `readLedgerWorkbook` (the same reader, the same verdict) but hands each data row
 * to `onRow` instead of keeping it (reading a large ledger in little memory: the CLI's report and
 * merge; verifying one needs only the digests, see `digestLedgerWorkbook`).
 */
export function streamLedgerWorkbook(bytes: Uint8Array, onRow: (row: string[]) => void, inflate?: InflateRaw, limits: LedgerReadLimits = APP_READ_LIMITS): { ok: true; header: string[]; signed: SignedPart } | LedgerReadRefusal {
  const read = guarded(() => readLedger(bytes, onRow, inflate, limits));
  if (!read.ok) return refused(read.refusal);
  return { ok: true, header: read.value.header, signed: read.value.signed };
}

/**
 * The same reader and the same verdict as `streamLedgerWorkbook`, keeping only the rows' digests
 * (`createRowDigester` with `sha256`): what verifying a file needs (`verifyLedgerFile`, the CLI's
 * verify and merge). A ledger sheet in the form Daichō writes is digested from its bytes
 * (`scanLedgerSheet`: no string per cell); any other sheet is read by `readSheet` as before.
 */
export async function digestLedgerWorkbook(bytes: Uint8Array, sha256?: Sha256, inflate?: InflateRaw, limits: LedgerReadLimits = APP_READ_LIMITS): Promise<{ ok: true; header: string[]; signed: SignedPart; digests: RowDigests } | LedgerReadRefusal> {
  let digester: RowDigester | null = null;
  const read = guarded(() => readLedger(bytes, { digester: () => createRowDigester(sha256), use: (d) => (digester = d) }, inflate, limits));
  if (!read.ok) return refused(read.refusal);
  const digests = await (digester as RowDigester | null)!.finish();
  return { ok: true, header: read.value.header, signed: read.value.signed, digests };
}
