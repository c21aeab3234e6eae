/**
 * 集約: the central office combines the sections' verified ledgers into one workbook. Every row keeps
 * where it came from (two columns in front), nothing is dropped silently: the same asset arriving
 * with different content, or ledgers under different profiles, are conflicts and nothing is merged.
 */
import { ID_HEADER, normaliseCell } from './ledgerColumns';
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
 * Merges verified ledgers (【03】第3条: the ledger kept whole). Cells are compared and returned as the
 * exporter writes them (`normaliseCell`), so a formula-like text from an older signer is neutralised and
 * the same asset written either way is one asset, not a conflict.
 */
export function mergeLedgers(inputs: readonly MergeInput[]): MergeResult {
  const first = inputs[0];
  if (!first) return { ok: true, header: [...SOURCE_HEADERS], rows: [], profileId: '', duplicates: 0 };
  const conflicts: MergeConflict[] = [];
  const header = [...SOURCE_HEADERS, ...first.header];
  const idColumn = first.header.indexOf(ID_HEADER);
  const seen = new Map<string, { file: string; row: string }>();
  const rows: string[][] = [];
  let duplicates = 0;
  for (const input of inputs) {
    if (input.meta.profileId !== first.meta.profileId) conflicts.push({ kind: 'profile', file: input.name, profileId: input.meta.profileId, expected: first.meta.profileId });
    if (input.header.join('\u0000') !== first.header.join('\u0000')) {
      conflicts.push({ kind: 'header', file: input.name });
      continue;
    }
    for (const raw of input.rows) {
      const row = raw.map(normaliseCell);
      const id = row[idColumn] ?? '';
      const text = row.join('\u0000');
      const earlier = seen.get(id);
      if (earlier) {
        if (earlier.row !== text) conflicts.push({ kind: 'same-asset-differs', assetId: id, files: [earlier.file, input.name] });
        else duplicates++;
        continue;
      }
      seen.set(id, { file: input.name, row: text });
      rows.push([input.meta.organisation, input.meta.section, ...row]);
    }
  }
  return conflicts.length > 0 ? { ok: false, conflicts } : { ok: true, header, rows, profileId: first.meta.profileId, duplicates };
}

/** What the first pass of `createMergePlan` found: the merged ledger's header and size, or every conflict. */
export type MergePlanResult =
  | { ok: true; header: string[]; rowCount: number; profileId: string; duplicates: number }
  | { ok: false; conflicts: MergeConflict[] };

/**
 * `mergeLedgers` in two passes, for many sections' ledgers at once (the CLI merges 200 of them) in
 * memory that does not grow with their cells: the first pass keeps, per asset ID, only a digest of
 * its row as written (`fingerprint`, e.g. SHA-256: same digest, same row) and the file it came from;
 * the second pass reads the same verified ledgers again, in the same order, and `take` says which
 * rows are written. Same conflicts, same duplicates, same rows in the same order as `mergeLedgers`.
 *
 * First pass: `add` each ledger with all its rows (`rows` is called once). Then `result`. Second pass:
 * for each ledger in the same order, `row(input, raw)` gives the merged row to write, or null for a
 * duplicate already written.
 */
export function createMergePlan(fingerprint: (text: string) => string): {
  add(input: Omit<MergeInput, 'rows'>, rows: (each: (row: readonly string[]) => void) => void): void;
  result(): MergePlanResult;
  row(input: Omit<MergeInput, 'rows' | 'header' | 'name'>, raw: readonly string[]): string[] | null;
} {
  let first: Omit<MergeInput, 'rows'> | null = null;
  let idColumn = -1;
  const conflicts: MergeConflict[] = [];
  // Asset ID -> the file's index in `names` and the row's digest, as one short string ("3:digest").
  const seen = new Map<string, string>();
  const names: string[] = [];
  let rowCount = 0;
  let duplicates = 0;
  return {
    add(input, rows) {
      first ??= input;
      idColumn = first.header.indexOf(ID_HEADER);
      if (input.meta.profileId !== first.meta.profileId) conflicts.push({ kind: 'profile', file: input.name, profileId: input.meta.profileId, expected: first.meta.profileId });
      if (input.header.join('\u0000') !== first.header.join('\u0000')) {
        conflicts.push({ kind: 'header', file: input.name });
        return;
      }
      const file = names.push(input.name) - 1;
      rows((raw) => {
        const row = raw.map(normaliseCell);
        const id = row[idColumn] ?? '';
        const digest = fingerprint(row.join('\u0000'));
        const earlier = seen.get(id);
        if (earlier !== undefined) {
          const colon = earlier.indexOf(':');
          if (earlier.slice(colon + 1) !== digest) conflicts.push({ kind: 'same-asset-differs', assetId: id, files: [names[Number(earlier.slice(0, colon))]!, input.name] });
          else duplicates++;
          return;
        }
        seen.set(id, `${file}:${digest}`);
        rowCount++;
      });
    },
    result() {
      if (!first) return { ok: true, header: [...SOURCE_HEADERS], rowCount: 0, profileId: '', duplicates: 0 };
      return conflicts.length > 0 ? { ok: false, conflicts } : { ok: true, header: [...SOURCE_HEADERS, ...first.header], rowCount, profileId: first.meta.profileId, duplicates };
    },
    row(input, raw) {
      const row = raw.map(normaliseCell);
      // The first row with this ID (in the first pass's order) is written; the entry goes with it.
      if (!seen.delete(row[idColumn] ?? '')) return null;
      return [input.meta.organisation, input.meta.section, ...row];
    },
  };
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
