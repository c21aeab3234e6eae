/**
 * 書出し: the signed 情報資産台帳 workbook for the assets chosen (the whole ledger or the current filter),
 * and whether it must be password-encrypted (【03】第7条4: B or higher taken out on media).
 */
import { assetFieldLabels, choiceFieldLabels, type Asset } from '../domain/asset';
import { handlingLevels } from '../domain/deriveClass';
import { requiresEncryption, type PolicyProfile } from '../domain/policyProfile';
import { classificationStateLabels } from '../domain/classification';
import { parseLedgerRows, type RowError } from './importLedger';
import { assetRow, expectedLedgerHeader, ledgerHeader, ledgerHeaderMismatch, normaliseCell, THREAT_HEADER, VULNERABILITY_HEADER } from './ledgerColumns';
import { riskScales } from '../domain/riskValue';
import { createLedgerWorkbookWriter, MAX_LEDGER_ROWS, MAX_MERGED_LEDGER_ROWS, writeLedgerWorkbook, type ColumnChoices } from './ledgerWorkbook';
import { MERGE_SOURCE_HEADERS } from './mergeLedgers';
import { createRowDigester, signDigests, signLedger, type LedgerMeta, type LedgerSigner, type Sha256, type SignedPart } from './signature';
import type { AuditAnchorInFile } from '../domain/auditLog';

export interface LedgerExportInput {
  assets: readonly Asset[];
  profile: PolicyProfile;
  organisation: string;
  section: string;
  sequence: number;
  exportedAt: string;
  appVersion: string;
  signer: LedgerSigner;
  /** The audit log's anchor to sign with the ledger (see auditLog.ts); omitted by the CLI. */
  audit?: AuditAnchorInFile;
}

/**
 * Drop-down lists for every column whose values come from a list, found by name in `header` (the
 * ledger's own columns by default; a merged ledger's have the sending section in front).
 */
export function ledgerChoices(profile: PolicyProfile, header: readonly string[] = ledgerHeader(profile)): ColumnChoices[] {
  const lists: [string, readonly string[]][] = [
    ...Object.entries(choiceFieldLabels).map(([field, labels]): [string, string[]] => [assetFieldLabels[field as keyof typeof choiceFieldLabels], Object.values(labels)]),
    ...profile.objectives.map((o): [string, string[]] => [`分類:${o.name}`, o.levels.map((l) => l.name)]),
    ['分類の状態', Object.values(classificationStateLabels)],
    ...[THREAT_HEADER, VULNERABILITY_HEADER].map((name): [string, string[]] => [name, riskScales.map(String)]),
  ];
  return lists.map(([name, values]) => ({ column: header.indexOf(name), values })).filter((c) => c.column >= 0);
}

type SigningDetails = Omit<LedgerExportInput, 'assets'>;

/**
 * The one writer of signed ledgers (the app's export, and the CLI's sign and merge): cells neutralised,
 * signed as written, drop-down lists on the list columns. Every workbook the product hands out is
 * made here, so none can differ in what it guarantees.
 */
/** What the signature says about the file, the same for a section's ledger and a merged one. */
function signedMeta(details: SigningDetails) {
  return { organisation: details.organisation, section: details.section, sequence: details.sequence, exportedAt: details.exportedAt, profileId: details.profile.id, appVersion: details.appVersion };
}

async function signAndWrite(header: readonly string[], rows: readonly (readonly string[])[], details: SigningDetails): Promise<{ bytes: Uint8Array; signed: SignedPart }> {
  const { profile } = details;
  const signed = await signLedger(header, rows, signedMeta(details), details.signer, details.audit);
  return { bytes: writeLedgerWorkbook(header, rows, signed, ledgerChoices(profile, header)), signed };
}

/** Builds and signs the workbook. Rows are in 管理番号 order so two exports of one ledger compare line by line. */
export async function exportLedger(input: LedgerExportInput): Promise<{ bytes: Uint8Array; signed: SignedPart }> {
  const { profile } = input;
  const sorted = [...input.assets].sort((a, b) => (a.managementNumber < b.managementNumber ? -1 : a.managementNumber > b.managementNumber ? 1 : 0));
  return signAndWrite(ledgerHeader(profile), sorted.map((a) => assetRow(a, profile)), input);
}

/** Why a table cannot be signed as a ledger (see `ledgerTableRefusalReason`). */
export type LedgerTableRefusal =
  | { reason: 'header-mismatch'; profileId: string; column: number; expected: string | null; actual: string | null }
  /** `row` as Excel numbers it (the header is row 1), `column` from 1. */
  | { reason: 'cell-outside-header'; row: number; column: number }
  /** `limit`: the most rows this kind of ledger may have (a section's, or a merged one's). */
  | { reason: 'too-many-rows'; rows: number; limit: number }
  | { reason: 'rows-invalid'; errors: RowError[] };

/**
 * A table (its header and text rows, as read from a workbook) to be signed by the CLI, checked first as
 * the app would check it: the header must be the profile's ledger columns (or a merged ledger's, with
 * the sending section in front), no cell may lie beyond the header, and each row of a section ledger
 * must be one the app can import (dates as YYYY-MM-DD, values from the lists). Cells are written as
 * the exporter writes them (`normaliseCell`), so what is signed is what Excel shows and the app reads.
 */
export async function exportLedgerTable(
  table: { header: readonly string[]; rows: readonly (readonly string[])[] },
  details: SigningDetails,
): Promise<{ ok: true; bytes: Uint8Array; signed: SignedPart; meta: LedgerMeta } | { ok: false; refusal: LedgerTableRefusal }> {
  const checked = checkLedgerTable(table, details.profile);
  if (!checked.ok) return checked;
  const written = await signAndWrite(checked.header, checked.rows, details);
  return { ok: true, ...written, meta: written.signed.meta };
}

/**
 * `exportLedgerTable` for a merged ledger too large to hold as a table (the CLI's merge of many
 * sections): the same checks, normalisation, signature and workbook, with the rows handed over one at
 * a time by `rows` (called once) instead of kept. `rowCount` must be known first (it is signed, and
 * the sheet's ranges come before its rows); a different number of rows is a programmer error.
 * Only a merged ledger's header (the sending section in front) is accepted: a section's own ledger
 * is checked row by row as assets, which `exportLedgerTable` does on the whole table.
 * `sha256`: a synchronous hash keeps memory flat (WebCrypto's answers would wait with their blocks).
 * `options.sink`: receives the workbook's bytes as they are made (`bytes` is then empty), so the CLI
 * streams a merged ledger to disk instead of holding it. `options.maxRows`: MAX_MERGED_LEDGER_ROWS
 * unless a test sets it lower.
 */
export async function exportMergedLedgerStream(
  header: readonly string[],
  rowCount: number,
  rows: (each: (row: readonly string[]) => void) => void,
  details: SigningDetails,
  sha256?: Sha256,
  options: { sink?: (chunk: Uint8Array) => void; maxRows?: number } = {},
): Promise<{ ok: true; bytes: Uint8Array; signed: SignedPart; meta: LedgerMeta } | { ok: false; refusal: LedgerTableRefusal }> {
  const { profile } = details;
  // Today's columns, or those before the risk columns when every merged ledger was signed before them.
  const expected = [...MERGE_SOURCE_HEADERS, ...expectedLedgerHeader(header.slice(MERGE_SOURCE_HEADERS.length), profile)];
  const mismatch = ledgerHeaderMismatch(header, expected);
  if (mismatch) return { ok: false, refusal: { reason: 'header-mismatch', profileId: profile.id, ...mismatch } };
  const maxRows = options.maxRows ?? MAX_MERGED_LEDGER_ROWS;
  if (rowCount > maxRows) return { ok: false, refusal: { reason: 'too-many-rows', rows: rowCount, limit: maxRows } };
  const width = expected.length;
  const digester = createRowDigester(sha256);
  const writer = createLedgerWorkbookWriter(expected, rowCount, ledgerChoices(profile, expected), options.sink);
  let outside: LedgerTableRefusal | null = null;
  let r = 0;
  rows((row) => {
    r++;
    for (let c = width; c < row.length; c++) if (row[c] !== '' && !outside) outside = { reason: 'cell-outside-header', row: r + 1, column: c + 1 };
    const cells = Array.from({ length: width }, (_, i) => normaliseCell(row[i] ?? ''));
    digester.add(cells);
    writer.add(cells);
  });
  if (outside) return { ok: false, refusal: outside };
  const signed = await signDigests(expected, await digester.finish(), signedMeta(details), details.signer, details.audit);
  return { ok: true, bytes: writer.finish(signed), signed, meta: signed.meta };
}

/**
 * The checks and normalisation of `exportLedgerTable` alone (the CLI runs them before it asks for the
 * passphrase, so a wrong table is refused without unsealing a key).
 */
export function checkLedgerTable(
  table: { header: readonly string[]; rows: readonly (readonly string[])[] },
  profile: PolicyProfile,
): { ok: true; header: string[]; rows: string[][] } | { ok: false; refusal: LedgerTableRefusal } {
  const merged = MERGE_SOURCE_HEADERS.every((h, i) => table.header[i] === h);
  // Today's columns, or those of a ledger signed before the risk columns (an exact prefix of today's).
  const own = expectedLedgerHeader(merged ? table.header.slice(MERGE_SOURCE_HEADERS.length) : table.header, profile);
  const expected = merged ? [...MERGE_SOURCE_HEADERS, ...own] : own;
  const mismatch = ledgerHeaderMismatch(table.header, expected);
  if (mismatch) return { ok: false, refusal: { reason: 'header-mismatch', profileId: profile.id, ...mismatch } };
  if (table.rows.length > MAX_LEDGER_ROWS) return { ok: false, refusal: { reason: 'too-many-rows', rows: table.rows.length, limit: MAX_LEDGER_ROWS } };
  const width = expected.length;
  for (let r = 0; r < table.rows.length; r++) {
    const row = table.rows[r]!;
    // Text beyond the last column would be dropped silently (or signed where no header names it).
    for (let c = width; c < row.length; c++) if (row[c] !== '') return { ok: false, refusal: { reason: 'cell-outside-header', row: r + 2, column: c + 1 } };
  }
  const rows = table.rows.map((row) => Array.from({ length: width }, (_, i) => normaliseCell(row[i] ?? '')));
  if (!merged) {
    // A merged ledger holds several sections' numbering, so only a section's ledger is checked row by row.
    const parsed = parseLedgerRows(own, rows, profile);
    if (!parsed.ok) return { ok: false, refusal: { reason: 'rows-invalid', errors: parsed.errors } };
  }
  return { ok: true, header: expected, rows };
}

const columnText = (text: string | null) => (text === null ? '（なし）' : `「${text}」`);

/** Which column of the header differs from the profile's ledger columns (without what to do next). */
export function headerMismatchText(mismatch: { profileId: string; column: number; expected: string | null; actual: string | null }): string {
  return `見出しが分類基準「${mismatch.profileId}」の台帳の列と違います（${mismatch.column}列目: ${columnText(mismatch.expected)}のはずが${columnText(mismatch.actual)}）`;
}

/** What is wrong with the table and what to do, in one line. */
export function ledgerTableRefusalReason(refusal: LedgerTableRefusal): string {
  switch (refusal.reason) {
    case 'header-mismatch':
      return `${headerMismatchText(refusal)}。Daichō で書き出した台帳の見出しのまま署名してください（分類基準は --profile で選べます）。`;
    case 'cell-outside-header':
      return `${refusal.row}行目の${refusal.column}列目に、見出しのない列の値があります。見出しの範囲の外にある値を消してから署名してください。`;
    case 'too-many-rows':
      return `行が多すぎます（${refusal.rows}行、${refusal.limit}行まで）。台帳を分けて署名してください。`;
    case 'rows-invalid': {
      const first = refusal.errors[0];
      return `${refusal.errors.length}件の行に誤りがあるため、署名していません（最初の誤り: ${first ? `${first.row}行目 ${first.message}` : ''}）。直してからもう一度署名してください。`;
    }
  }
}

/** 【03】第7条4: true when any exported asset's handling levels call for encryption (see `handlingLevels`). */
export function exportNeedsEncryption(assets: readonly Asset[], profile: PolicyProfile): boolean {
  return assets.some((a) => requiresEncryption(profile, handlingLevels(profile, a)));
}

/** 情報資産台帳_市民課_20261122-0930.xlsx (Tokyo time; characters Windows forbids in names replaced). */
export function ledgerFileName(section: string, exportedAt: string): string {
  const tokyo = new Date(Date.parse(exportedAt) + 9 * 3600_000).toISOString();
  const stamp = `${tokyo.slice(0, 10).replace(/-/g, '')}-${tokyo.slice(11, 16).replace(':', '')}`;
  return `情報資産台帳_${section.replace(/[\\/:*?"<>|\s]/g, '_')}_${stamp}.xlsx`;
}
