/**
 * The audit log (監査ログ) as a hash chain: every entry carries the SHA-256 of the previous entry, so
 * changing, removing or reordering any entry breaks every hash after it (【07】第17条: logs protected
 * from change or deletion).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from './canonicalJson';
import type { AuditAction } from './auditActions';

/** The hash "before" the first entry. */
export const genesisHash = '0'.repeat(64);

/**
 * What happened, before it is chained. New events carry a known `AuditAction`; stored entries keep a
 * plain string, since a backup or an older version may hold codes this build no longer writes.
 */
export interface AuditEvent<Action extends string = AuditAction> {
  at: string;
  actor: string;
  action: Action;
  /** The asset or object acted on (e.g. its id), or '' when none. */
  target: string;
  outcome: 'success' | 'failure';
  detail: Record<string, unknown>;
}

/** A chained entry as stored. `seq` starts at 1 and has no gaps. */
export interface AuditEntry extends AuditEvent<string> {
  seq: number;
  prevHash: string;
  hash: string;
}

/** SHA-256 (hex) over the canonical form of every field except `hash` itself. */
export function hashAuditEntry(entry: Omit<AuditEntry, 'hash'>): string {
  const { seq, prevHash, at, actor, action, target, outcome, detail } = entry;
  return bytesToHex(sha256(utf8ToBytes(canonicalJson({ seq, prevHash, at, actor, action, target, outcome, detail }))));
}

/**
 * An entry's hash recomputed to check it, or null when its content has no canonical form (a
 * non-finite number or a BigInt: values the app never writes, so a record changed by hand). Such an
 * entry is changed, whatever hash it carries: the callers compare with `null` as a mismatch.
 */
export function recomputeAuditHash(entry: AuditEntry): string | null {
  try {
    return hashAuditEntry(entry);
  } catch {
    return null;
  }
}

/** Builds the entry that follows `previous` (or the first entry when there is none). */
export function chainAuditEntry(previous: Pick<AuditEntry, 'seq' | 'hash'> | undefined, event: AuditEvent<string>): AuditEntry {
  const unsigned = { ...event, seq: (previous?.seq ?? 0) + 1, prevHash: previous?.hash ?? genesisHash };
  return { ...unsigned, hash: hashAuditEntry(unsigned) };
}

/** Builds several entries in order after `previous`. */
export function chainAuditEntries(previous: Pick<AuditEntry, 'seq' | 'hash'> | undefined, events: readonly AuditEvent<string>[]): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let last = previous;
  for (const event of events) {
    const entry = chainAuditEntry(last, event);
    entries.push(entry);
    last = entry;
  }
  return entries;
}

export type ChainBreak = 'hash-mismatch' | 'prev-hash-mismatch' | 'sequence-gap';

/** Result of verifying a chain: OK with the count, or the first broken entry and why. */
export type ChainVerification =
  | { ok: true; count: number; lastHash: string }
  | { ok: false; brokenSeq: number; reason: ChainBreak };

/**
 * Verifies entries in `seq` order. `anchor` is the entry before the first one given (for a chain whose
 * older part was archived); without it the chain must start at seq 1 from the genesis hash.
 */
export function verifyAuditChain(
  entries: readonly AuditEntry[],
  anchor: { seq: number; hash: string } = { seq: 0, hash: genesisHash },
): ChainVerification {
  let expectedSeq = anchor.seq + 1;
  let expectedPrev = anchor.hash;
  for (const entry of entries) {
    if (entry.seq !== expectedSeq) return { ok: false, brokenSeq: expectedSeq, reason: 'sequence-gap' };
    if (entry.prevHash !== expectedPrev) return { ok: false, brokenSeq: entry.seq, reason: 'prev-hash-mismatch' };
    const recomputed = recomputeAuditHash(entry);
    if (recomputed === null || recomputed !== entry.hash) return { ok: false, brokenSeq: entry.seq, reason: 'hash-mismatch' };
    expectedSeq += 1;
    expectedPrev = entry.hash;
  }
  return { ok: true, count: entries.length, lastHash: expectedPrev };
}

/** Japanese explanation of a chain break, for the verify screen. */
export const chainBreakMessages: Record<ChainBreak, string> = {
  'hash-mismatch': '記録の内容が書き換えられています。',
  'prev-hash-mismatch': '直前の記録とのつながりが切れています（記録の削除・差し替えの可能性）。',
  'sequence-gap': '記録の番号が欠けています（記録が削除された可能性）。',
};
