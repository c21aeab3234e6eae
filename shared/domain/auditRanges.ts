/**
 * Verifying the audit hash chain in parallel ranges (issue 15: a million entries checked in seconds,
 * 【07】第17条: logs protected from change or deletion). Each range of sequence numbers is read and
 * re-hashed on its own (by its own worker); a range checks every link inside it and every entry's
 * hash, and leaves its first link (the entry before it lives in another range) to the merge, which
 * walks the ranges in order exactly as verifyAuditChain walks entries. The merged answer is the one a
 * single pass over the whole chain gives: OK with the count, or the first broken entry and why.
 */
import { canonicalJson } from './canonicalJson';
import type { AuditEntry, ChainBreak, ChainVerification } from './auditChain';
import type { AuditAnchor } from './auditArchive';
import { newDigestWords, sha256Words, wordsToHex } from './sha256Scratch';

/** An inclusive range of sequence numbers. */
export interface SeqRange {
  from: number;
  to: number;
}

/**
 * Splits [first, last] into at most `parts` contiguous ranges of about equal size (fewer when there
 * are fewer numbers than parts; none when first > last). Ranges are by sequence number, not by
 * position, so a worker reads its range by primary key without counting what lies before it.
 */
export function splitAuditRanges(first: number, last: number, parts: number): SeqRange[] {
  if (!(last >= first) || !(parts >= 1)) return [];
  const span = last - first + 1;
  const n = Math.min(Math.floor(parts), span);
  const ranges: SeqRange[] = [];
  for (let i = 0; i < n; i++) {
    const from = first + Math.floor((span * i) / n);
    const to = first + Math.floor((span * (i + 1)) / n) - 1;
    ranges.push({ from, to });
  }
  return ranges;
}

/**
 * What one range found. The first entry's own link (its seq and prevHash against the entry before)
 * is not judged here: `first` carries what the merge needs to judge it.
 */
export interface AuditRangeResult {
  /** The first entry read (null for a range with no entries: deleted, or past the end). */
  first: { seq: number; prevHash: string } | null;
  /** The last entry read (the next range's first entry must link to it). */
  last: AuditAnchor | null;
  count: number;
  /** The first break inside the range, after its first link; null when none. */
  broken: { seq: number; reason: ChainBreak } | null;
}

/** A range before any entry was read. */
export const emptyAuditRange: AuditRangeResult = { first: null, last: null, count: 0, broken: null };

/**
 * Adds a page of entries (in seq order, continuing the range) with the hash recomputed for each
 * (`computed[i]` for `entries[i]`, hex; null: the entry has no canonical form, so it was changed).
 * Checks in the order verifyAuditChain does, entry by entry: the sequence number, the link to the
 * entry before, then the entry's own hash. After the first
 * break the range stops judging (only the first break is reported) but keeps counting, so the merge
 * still knows where the range ends.
 */
export function addAuditRangePage(range: AuditRangeResult, entries: readonly AuditEntry[], computed: readonly (string | null)[]): AuditRangeResult {
  if (computed.length !== entries.length) throw new RangeError('addAuditRangePage: one computed hash per entry');
  let { first, last, broken } = range;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    if (first === null) first = { seq: entry.seq, prevHash: entry.prevHash };
    else if (!broken && last !== null) {
      if (entry.seq !== last.seq + 1) broken = { seq: last.seq + 1, reason: 'sequence-gap' };
      else if (entry.prevHash !== last.hash) broken = { seq: entry.seq, reason: 'prev-hash-mismatch' };
    }
    if (!broken && (computed[i] === null || computed[i] !== entry.hash)) broken = { seq: entry.seq, reason: 'hash-mismatch' };
    last = { seq: entry.seq, hash: entry.hash };
  }
  return { first, last, count: range.count + entries.length, broken };
}

/**
 * The whole chain's verification from its ranges, in order, starting after `anchor` (the archive
 * anchor, or genesis): each range's first entry must follow the last entry of the ranges before (its
 * sequence number, then its link), and the first break found in that order is the answer. Empty
 * ranges are skipped, as a single pass would not notice them either until the next entry.
 */
export function mergeAuditRanges(anchor: AuditAnchor, ranges: readonly AuditRangeResult[]): ChainVerification {
  let expectedSeq = anchor.seq + 1;
  let expectedPrev = anchor.hash;
  let count = 0;
  for (const range of ranges) {
    if (range.first === null || range.last === null) continue;
    if (range.first.seq !== expectedSeq) return { ok: false, brokenSeq: expectedSeq, reason: 'sequence-gap' };
    if (range.first.prevHash !== expectedPrev) return { ok: false, brokenSeq: range.first.seq, reason: 'prev-hash-mismatch' };
    if (range.broken) return { ok: false, brokenSeq: range.broken.seq, reason: range.broken.reason };
    count += range.count;
    expectedSeq = range.last.seq + 1;
    expectedPrev = range.last.hash;
  }
  return { ok: true, count, lastHash: expectedPrev };
}

/**
 * The canonical form hashAuditEntry hashes, written field by field in sorted key order instead of
 * building and sorting an object per entry (a million times in a full verification). Only for an
 * entry whose fields have the types the chain writes; anything else (an old or hostile record) goes
 * through canonicalJson itself, so the bytes are always those hashAuditEntry hashes.
 */
export function auditEntryCanonical(entry: AuditEntry): string {
  const { seq, prevHash, at, actor, action, target, outcome, detail } = entry;
  if (typeof seq !== 'number' || !Number.isFinite(seq) || typeof prevHash !== 'string' || typeof at !== 'string' || typeof actor !== 'string' || typeof action !== 'string' || typeof target !== 'string' || typeof outcome !== 'string' || typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
    return canonicalJson({ seq, prevHash, at, actor, action, target, outcome, detail });
  }
  const s = JSON.stringify;
  return `{"action":${s(action)},"actor":${s(actor)},"at":${s(at)},"detail":${plainCanonical(detail)},"outcome":${s(outcome)},"prevHash":${s(prevHash)},"seq":${s(seq)},"target":${s(target)}}`;
}

/**
 * canonicalJson's exact output for the data a structured clone gives back (strings, finite numbers,
 * booleans, null, arrays, plain objects), written without the intermediate entry, filter and map
 * arrays canonicalJson builds at every level. Anything else (a sparse array, a non-finite number,
 * any other type) is handed to canonicalJson itself, so the bytes never differ.
 */
function plainCanonical(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : canonicalJson(value);
    case 'object':
      break;
    default:
      return canonicalJson(value);
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) return canonicalJson(value); // a hole: canonicalJson's own rendering
      out += (i === 0 ? '' : ',') + plainCanonical(value[i]);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  // Object.keys is Object.entries' order and set; the default sort compares UTF-16 code units, as canonicalJson's comparator does.
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${plainCanonical(item)}`;
    first = false;
  }
  return `${out}}`;
}

const encoder = new TextEncoder();
let scratch = new Uint8Array(64 * 1024);
const digest = newDigestWords();

/**
 * The entries' hashes recomputed (the same bytes as hashAuditEntry: the canonical form of every field
 * but `hash`, UTF-8), hex, in the entries' order. Each entry is encoded into one reused buffer and
 * hashed there (sha256Scratch.ts: no array per entry, a million times in a full verification). Null
 * for an entry with no canonical form, as recomputeAuditHash.
 */
export function computeAuditHashes(entries: readonly AuditEntry[]): (string | null)[] {
  return entries.map((entry) => {
    let text: string;
    try {
      text = auditEntryCanonical(entry);
    } catch {
      return null; // no canonical form (see recomputeAuditHash): changed by hand
    }
    // UTF-8 takes at most 3 bytes per UTF-16 unit (measured: encodeInto a reused buffer costs a fifth of encode).
    if (text.length * 3 > scratch.length) scratch = new Uint8Array(text.length * 3);
    const { written } = encoder.encodeInto(text, scratch);
    return wordsToHex(sha256Words(scratch, written, digest));
  });
}
