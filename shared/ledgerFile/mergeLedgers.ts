/**
 * 集約: the central office combines the sections' verified ledgers into one workbook. Every row keeps
 * where it came from (two columns in front), nothing is dropped silently: the same asset arriving
 * with different content, or ledgers under different profiles, are conflicts and nothing is merged.
 */
import { createAssetIdTable, type AssetIdTable } from './assetIdTable';
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

/** What the first pass of `createMergePlan` found: the merged ledger's header and size, or every conflict. */
export type MergePlanResult =
  | { ok: true; header: string[]; rowCount: number; profileId: string; duplicates: number }
  | { ok: false; conflicts: MergeConflict[] };

/** How many bytes of each row's digest the plan keeps (128 bits of SHA-256: same digest, same row). */
export const MERGE_DIGEST_BYTES = 16;

/**
 * `mergeLedgers` in two passes, for many sections' ledgers at once (the CLI merges 200 of them) in
 * memory that does not grow with their cells: the first pass keeps, per asset ID, only a digest of
 * its row as written (`fingerprint`, e.g. SHA-256: its first MERGE_DIGEST_BYTES bytes are kept; same
 * digest, same row) and the file it came from; the second pass reads the same verified ledgers again,
 * in the same order, and `row` says which rows are written. Same conflicts, same duplicates, same rows
 * in the same order as `mergeLedgers`.
 *
 * First pass: `add` each ledger with all its rows (`rows` is called once). Then `result`. Second pass:
 * for each ledger in the same order, `row(input, raw)` gives the merged row to write, or null for a
 * duplicate already written.
 *
 * What is kept per asset is what `daicho merge`'s memory grows with (400,000 rows for 200 sections),
 * so it is kept in typed arrays, not in JavaScript objects: the ID in an `AssetIdTable` (its code
 * units and a few table words), the file's index and the two digests (dropped once the first pass
 * ends), and one byte of flags. Measured at 400,000 rows (`daicho merge` of 200 × 2,000): about 33 MB
 * of typed arrays in all, where a Map of ID strings to digest strings held about 72 MB of objects on
 * the JavaScript heap, which the collector also had to trace and left room for.
 *
 * `idTable` makes the ID set; only tests pass one (a table whose hash puts every ID together, to show
 * that a collision never makes two assets one).
 */
export function createMergePlan(
  fingerprint: (text: string) => Uint8Array,
  idTable: () => AssetIdTable = createAssetIdTable,
): {
  add(input: Omit<MergeInput, 'rows'>, rows: (each: (row: readonly string[]) => void) => void): void;
  result(): MergePlanResult;
  row(input: Omit<MergeInput, 'rows' | 'header' | 'name'>, raw: readonly string[]): string[] | null;
} {
  let first: Omit<MergeInput, 'rows'> | null = null;
  // The columns every ledger has (today's without the risk block), and whether any ledger has the block.
  let base: readonly string[] = [];
  let withRisk = false;
  let idColumn = -1;
  const conflicts: MergeConflict[] = [];
  // Asset ID -> its entry; per entry: the file's index in `names`, the digest of its ledger columns
  // and of its risk cells (when `HAS_RISK`: its file had them), and whether it was written (`WRITTEN`).
  const seen = idTable();
  let entryFile = new Uint32Array(1024);
  let entryDigest = new Uint8Array(1024 * MERGE_DIGEST_BYTES);
  let entryRisk = new Uint8Array(1024 * MERGE_DIGEST_BYTES);
  let entryFlags = new Uint8Array(1024);
  const HAS_RISK = 1;
  const WRITTEN = 2;
  // The risk cells of an asset first seen in an older ledger, from a newer one that has them (by entry).
  const laterRisk = new Map<number, string[]>();
  const names: string[] = [];
  let rowCount = 0;
  let duplicates = 0;
  const hasRiskBlock = (header: readonly string[]) => header.length >= RISK_HEADERS.length && RISK_HEADERS.every((h, i) => header[header.length - RISK_HEADERS.length + i] === h);
  const digestOf = (text: string) => {
    const digest = fingerprint(text);
    if (digest.length < MERGE_DIGEST_BYTES) throw new Error(`fingerprint gave ${digest.length} bytes, ${MERGE_DIGEST_BYTES} needed`);
    return digest;
  };
  const sameDigest = (kept: Uint8Array, entry: number, digest: Uint8Array) => {
    const at = entry * MERGE_DIGEST_BYTES;
    for (let i = 0; i < MERGE_DIGEST_BYTES; i++) if (kept[at + i] !== digest[i]) return false;
    return true;
  };
  const room = (entries: number) => {
    if (entries <= entryFlags.length) return;
    const grow = <T extends Uint8Array | Uint32Array>(array: T, make: (n: number) => T, per = 1): T => {
      const bigger = make(entryFlags.length * 2 * per);
      bigger.set(array);
      return bigger;
    };
    entryFile = grow(entryFile, (n) => new Uint32Array(n));
    entryDigest = grow(entryDigest, (n) => new Uint8Array(n), MERGE_DIGEST_BYTES);
    entryRisk = grow(entryRisk, (n) => new Uint8Array(n), MERGE_DIGEST_BYTES);
    entryFlags = grow(entryFlags, (n) => new Uint8Array(n));
  };
  return {
    add(input, rows) {
      if (!first) {
        first = input;
        base = hasRiskBlock(input.header) ? input.header.slice(0, -RISK_HEADERS.length) : input.header;
        idColumn = base.indexOf(ID_HEADER);
      }
      if (input.meta.profileId !== first.meta.profileId) conflicts.push({ kind: 'profile', file: input.name, profileId: input.meta.profileId, expected: first.meta.profileId });
      const risky = hasRiskBlock(input.header) && input.header.length === base.length + RISK_HEADERS.length;
      if (!base.every((h, i) => input.header[i] === h) || (!risky && input.header.length !== base.length)) {
        conflicts.push({ kind: 'header', file: input.name });
        return;
      }
      withRisk ||= risky;
      const file = names.push(input.name) - 1;
      const width = input.header.length;
      rows((raw) => {
        const row = Array.from({ length: width }, (_, i) => normaliseCell(raw[i] ?? ''));
        const id = row[idColumn] ?? '';
        const digest = digestOf(row.slice(0, base.length).join('\u0000'));
        const riskDigest = risky ? digestOf(row.slice(base.length).join('\u0000')) : null;
        const { entry, added } = seen.add(id);
        if (added) {
          room(entry + 1);
          entryFile[entry] = file;
          entryDigest.set(digest.subarray(0, MERGE_DIGEST_BYTES), entry * MERGE_DIGEST_BYTES);
          if (riskDigest) {
            entryRisk.set(riskDigest.subarray(0, MERGE_DIGEST_BYTES), entry * MERGE_DIGEST_BYTES);
            entryFlags[entry] = HAS_RISK;
          }
          rowCount++;
          return;
        }
        const earlierRisk = (entryFlags[entry]! & HAS_RISK) !== 0;
        // Compared on the columns both ledgers have (mergeLedgers): the risk cells only when both have them.
        if (!sameDigest(entryDigest, entry, digest) || (earlierRisk && riskDigest && !sameDigest(entryRisk, entry, riskDigest))) {
          conflicts.push({ kind: 'same-asset-differs', assetId: id, files: [names[entryFile[entry]!]!, input.name] });
          return;
        }
        duplicates++;
        if (!earlierRisk && riskDigest) {
          laterRisk.set(entry, row.slice(base.length));
          entryRisk.set(riskDigest.subarray(0, MERGE_DIGEST_BYTES), entry * MERGE_DIGEST_BYTES);
          entryFlags[entry]! |= HAS_RISK;
        }
      });
    },
    result() {
      // The second pass needs only which IDs are still to be written (`seen`, the flags): the digests can go.
      entryFile = new Uint32Array(0);
      entryDigest = new Uint8Array(0);
      entryRisk = new Uint8Array(0);
      if (!first) return { ok: true, header: [...SOURCE_HEADERS], rowCount: 0, profileId: '', duplicates: 0 };
      return conflicts.length > 0 ? { ok: false, conflicts } : { ok: true, header: [...SOURCE_HEADERS, ...base, ...(withRisk ? RISK_HEADERS : [])], rowCount, profileId: first.meta.profileId, duplicates };
    },
    row(input, raw) {
      const width = base.length + (withRisk ? RISK_HEADERS.length : 0);
      const row = Array.from({ length: width }, (_, i) => normaliseCell(raw[i] ?? ''));
      const id = row[idColumn] ?? '';
      // The first row with this ID (in the first pass's order) is written; later ones are duplicates.
      const entry = seen.find(id);
      if (entry < 0 || (entryFlags[entry]! & WRITTEN) !== 0) return null;
      entryFlags[entry]! |= WRITTEN;
      const risk = laterRisk.get(entry);
      if (risk) {
        row.splice(base.length, risk.length, ...risk);
        laterRisk.delete(entry);
      }
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
