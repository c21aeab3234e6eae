/**
 * 集約: the central office combines the sections' verified ledgers into one workbook. Every row keeps
 * where it came from (two columns in front), nothing is dropped silently: the same asset arriving
 * with different content, or ledgers under different profiles, are conflicts and nothing is merged.
 */
import { ID_HEADER, normaliseCell, RISK_HEADERS } from './ledgerColumns';
import type { LedgerMeta } from './signature';

/** The two columns a merged ledger puts in front of the ledger's own. */
export const MERGE_SOURCE_HEADERS = ['提出元の団体', '提出元の課'] as const;
const SOURCE_HEADERS = MERGE_SOURCE_HEADERS;

export interface MergeInput {
  name: string;
  header: readonly string[];
  rows: readonly (readonly string[])[];
  meta: LedgerMeta;
}

export type MergeConflict =
  | { kind: 'profile'; file: string; profileId: string; expected: string }
  | { kind: 'header'; file: string }
  | { kind: 'same-asset-differs'; assetId: string; files: [string, string] };

export type MergeResult =
  | { ok: true; header: string[]; rows: string[][]; profileId: string; duplicates: number }
  | { ok: false; conflicts: MergeConflict[] };

/**
 * The widest header of the inputs, when every other one is it or it without its trailing optional
 * (risk) columns: ledgers signed before the risk columns merge with newer ones.
 */
function widestHeader(inputs: readonly MergeInput[]): readonly string[] {
  return inputs.reduce<readonly string[]>((widest, input) => (input.header.length > widest.length ? input.header : widest), []);
}

/** The header is the widest, or the widest without its whole block of risk columns (they come together or not at all). */
function fitsHeader(header: readonly string[], widest: readonly string[]): boolean {
  const missing = widest.slice(header.length);
  return header.every((h, i) => widest[i] === h) && (missing.length === 0 || missing.join('\u0000') === RISK_HEADERS.join('\u0000'));
}

/** Whether a merged row (source columns first) holds `row` in its first `width` ledger columns. */
const same = (merged: readonly string[], row: readonly string[], width: number) => {
  for (let i = 0; i < width; i++) if (merged[SOURCE_HEADERS.length + i] !== row[i]) return false;
  return true;
};

/**
 * Merges verified ledgers (【03】第3条: the ledger kept whole). Cells are compared and returned as the
 * exporter writes them (`normaliseCell`), so a formula-like text from an older signer is neutralised and
 * the same asset written either way is one asset, not a conflict. A ledger signed before the risk
 * columns gets them empty (its file says nothing about risk); the same asset in an older and a newer
 * file is compared on the columns both have, and keeps the newer file's risk cells.
 */
export function mergeLedgers(inputs: readonly MergeInput[]): MergeResult {
  const first = inputs[0];
  if (!first) return { ok: true, header: [...SOURCE_HEADERS], rows: [], profileId: '', duplicates: 0 };
  const conflicts: MergeConflict[] = [];
  const widest = widestHeader(inputs);
  const header = [...SOURCE_HEADERS, ...widest];
  const idColumn = widest.indexOf(ID_HEADER);
  // Rows are kept once (in `rows`); `seen` points at them.
  const seen = new Map<string, { file: string; width: number; index: number }>();
  const rows: string[][] = [];
  let duplicates = 0;
  for (const input of inputs) {
    if (input.meta.profileId !== first.meta.profileId) conflicts.push({ kind: 'profile', file: input.name, profileId: input.meta.profileId, expected: first.meta.profileId });
    if (!fitsHeader(input.header, widest)) {
      conflicts.push({ kind: 'header', file: input.name });
      continue;
    }
    const width = input.header.length;
    for (const raw of input.rows) {
      const row = Array.from({ length: widest.length }, (_, i) => (i < width ? normaliseCell(raw[i] ?? '') : ''));
      const id = row[idColumn] ?? '';
      const earlier = seen.get(id);
      if (earlier) {
        if (!same(rows[earlier.index]!, row, Math.min(earlier.width, width))) conflicts.push({ kind: 'same-asset-differs', assetId: id, files: [earlier.file, input.name] });
        else {
          duplicates++;
          // The older file had no risk columns: the newer one's cells say more (the source stays the first file's).
          if (width > earlier.width) {
            rows[earlier.index] = [...rows[earlier.index]!.slice(0, SOURCE_HEADERS.length + earlier.width), ...row.slice(earlier.width)];
            seen.set(id, { ...earlier, width });
          }
        }
        continue;
      }
      seen.set(id, { file: input.name, width, index: rows.length });
      rows.push([input.meta.organisation, input.meta.section, ...row]);
    }
  }
  return conflicts.length > 0 ? { ok: false, conflicts } : { ok: true, header, rows, profileId: first.meta.profileId, duplicates };
}

/** One line per conflict, in Japanese, saying what to check. */
export function mergeConflictMessage(conflict: MergeConflict): string {
  switch (conflict.kind) {
    case 'profile':
      return `${conflict.file}: 分類の基準が違います（${conflict.profileId}、ほかは ${conflict.expected}）。`;
    case 'header':
      return `${conflict.file}: 列の見出しがほかのファイルと違います（アプリの版か分類の基準が違う可能性があります）。`;
    case 'same-asset-differs':
      return `資産ID ${conflict.assetId}: ${conflict.files[0]} と ${conflict.files[1]} で内容が違います。どちらが正しいか提出元に確認してください。`;
  }
}
