/**
 * Archived audit segments: entries that are set aside rather than deleted (【07】第17条: logs are
 * protected from change or deletion). A restore no longer replaces the audit log: the current chain
 * continues, and the backup's own entries that the current chain does not have are kept as a segment,
 * still verifiable as a hash chain from its anchor, and named (head and count) by the restore entry
 * that set it aside, so the segment itself is covered by the chain and the exported audit head.
 */
import { verifyAuditChain, type AuditEntry, type ChainVerification } from './auditChain';
import type { AuditAnchor } from './auditArchive';

export const AUDIT_SEGMENT_FORMAT = 'daicho-audit-segment/1';

export interface AuditSegment {
  format: typeof AUDIT_SEGMENT_FORMAT;
  /** Why the entries were set aside (today only a restore). */
  reason: 'backup.restore';
  setAsideAt: string;
  setAsideBy: string;
  /** When the backup these entries came from was made. */
  backupCreatedAt: string;
  /** The entry before the first set-aside one (the last one the two chains share, or the backup's archive anchor). */
  anchor: AuditAnchor;
  entries: AuditEntry[];
}

/** Where two chains part: the last entry they share, and the incoming entries after it. */
export interface ChainDivergence {
  /** Sequence of the last shared entry (0 when none, i.e. the chains differ from the start). */
  sharedSeq: number;
  anchor: AuditAnchor;
  setAside: AuditEntry[];
}

/**
 * Splits `incoming` (a backup's chain, in seq order, continuing from `incomingAnchor`) at the last
 * entry whose hash the current chain has at the same sequence. Hash chaining means an equal hash at
 * one sequence implies an equal history up to it, so everything after that point is what the current
 * chain lacks. `currentHashAt` answers for the current chain's entries and its archive anchor.
 */
export function divergence(incoming: readonly AuditEntry[], incomingAnchor: AuditAnchor, currentHashAt: (seq: number) => string | undefined): ChainDivergence {
  let shared = -1;
  for (let i = incoming.length - 1; i >= 0; i--) {
    if (currentHashAt(incoming[i]!.seq) === incoming[i]!.hash) {
      shared = i;
      break;
    }
  }
  if (shared >= 0) {
    const last = incoming[shared]!;
    return { sharedSeq: last.seq, anchor: { seq: last.seq, hash: last.hash }, setAside: incoming.slice(shared + 1) };
  }
  const sharedAnchor = currentHashAt(incomingAnchor.seq) === incomingAnchor.hash;
  return { sharedSeq: sharedAnchor ? incomingAnchor.seq : 0, anchor: incomingAnchor, setAside: [...incoming] };
}

/** The head (last entry) of a segment, as the restore entry names it; null for an empty one. */
export function segmentHead(segment: Pick<AuditSegment, 'entries'>): AuditAnchor | null {
  const last = segment.entries.at(-1);
  return last ? { seq: last.seq, hash: last.hash } : null;
}

/** Verifies a segment as a chain from its anchor (every entry, every link). */
export function verifyAuditSegment(segment: Pick<AuditSegment, 'anchor' | 'entries'>): ChainVerification {
  return verifyAuditChain(segment.entries, segment.anchor);
}
