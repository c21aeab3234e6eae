/**
 * The last full verification of the audit log, as a point later checks start from (issue 15: a log of
 * a million entries takes longer to read than anyone waits at the screen on a 2-core terminal).
 *
 * What it is, and what it is not. After a full verification that found nothing (every entry re-hashed,
 * every link, and the head the last signed export carried), the terminal records the newest entry it
 * verified, that entry's hash, and the Merkle tree's right edge at that size. The next check verifies
 * only the entries since: the recorded entry must still carry the recorded hash, the newer entries
 * must link to it and hash correctly, and the last export's head is recomputed from the right edge
 * plus the newer leaves. A rewrite that reaches the recorded entry (any consistent re-hashing of the
 * chain) changes that entry's hash and is caught; a change to an older entry that leaves the recorded
 * entry alone is caught only by the next full verification. So the screen always says which kind of
 * check ran and since when, a full verification stays one click away, a log too small to need it
 * (CHECKPOINT_MIN_ENTRIES) gets no checkpoint at all, and a checkpoint older than
 * CHECKPOINT_MAX_AGE_DAYS is not used at all, so the log is verified in full at least monthly
 * (【07】第17条: logs protected from change or deletion).
 */
import { z } from 'zod';
import type { AuditAnchor } from './auditArchive';
import type { MerkleFrontier } from './auditLog';

export const AUDIT_CHECKPOINT_FORMAT = 'daicho-audit-checkpoint/1';
/** A checkpoint older than this is ignored: the check after it is a full verification again. */
export const CHECKPOINT_MAX_AGE_DAYS = 31;
/**
 * Below this many entries verified no checkpoint is recorded: a full verification of a log that size
 * takes about a second on the terminals' 2-core PCs, so every check stays full (the stronger one).
 */
export const CHECKPOINT_MIN_ENTRIES = 20_000;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/** The record as stored in the settings table (read back through this schema: never trusted as it is). */
export const auditCheckpointSchema = z.object({
  format: z.literal(AUDIT_CHECKPOINT_FORMAT),
  /** The newest entry the full verification covered, and its hash as verified. */
  seq: z.number().int().min(1).max(2 ** 40),
  hash: hex64,
  /** When, and by whom (the account's login ID), for the screen. */
  verifiedAt: z.iso.datetime(),
  verifiedBy: z.string().max(200),
  /** The Merkle tree's right edge over leaves 1..seq (see auditLog.ts treeFrontier). */
  frontier: z.object({ size: z.number().int().min(1).max(2 ** 40), nodes: z.array(hex64).max(64) }),
  /** The last export's head the full verification checked (null: no export yet). */
  lastExport: z.object({ size: z.number().int().min(1), rootHash: hex64 }).nullable(),
});

export type AuditCheckpoint = z.output<typeof auditCheckpointSchema>;

/** Builds the record after a full verification that found nothing. */
export function auditCheckpoint(head: AuditAnchor, frontier: MerkleFrontier, lastExport: { size: number; rootHash: string } | null, verifiedAt: string, verifiedBy: string): AuditCheckpoint {
  return { format: AUDIT_CHECKPOINT_FORMAT, seq: head.seq, hash: head.hash, verifiedAt, verifiedBy, frontier: { size: frontier.size, nodes: [...frontier.nodes] }, lastExport: lastExport && { size: lastExport.size, rootHash: lastExport.rootHash } };
}

/**
 * Why a check runs in full rather than from the checkpoint: none (no full verification yet), asked
 * for (the person chose to verify every entry), or one of the reasons decideCheckpoint gives.
 */
export type FullBecause = 'none' | 'requested' | 'expired' | 'rewritten' | 'archived' | 'export-changed';

/** What the log looks like now, read from indexes and one entry (see planAuditVerification). */
export interface CheckpointSituation {
  now: Date;
  /** The archive anchor's sequence number (entries up to it were archived and removed). */
  anchorSeq: number;
  /** The entry at the checkpoint's sequence number as stored now (null: not there). */
  entryAtCheckpoint: { hash: string } | null;
  /** The last export's head as recorded now (null: none). */
  lastExport: { size: number; rootHash: string } | null;
}

export type CheckpointDecision = { use: true; checkpoint: AuditCheckpoint } | { use: false; because: Exclude<FullBecause, 'requested'>; checkpoint: AuditCheckpoint | null };

/**
 * Whether a check may start from `checkpoint`. Not when it is missing; not when entries were archived
 * past it (the chain then starts from the archive anchor, which the full check verifies); not when the
 * recorded entry is gone or carries another hash ('rewritten': the log was changed after it was
 * verified, a finding the screen reports whichever check runs, so it is judged before the age); not
 * when it is too old; not when the last export's record is one the full verification did not see and
 * the right edge cannot reach (an export before the checkpoint other than the one checked).
 */
export function decideCheckpoint(checkpoint: AuditCheckpoint | null, situation: CheckpointSituation): CheckpointDecision {
  if (!checkpoint) return { use: false, because: 'none', checkpoint };
  if (situation.anchorSeq >= checkpoint.seq) return { use: false, because: 'archived', checkpoint };
  if (situation.entryAtCheckpoint?.hash !== checkpoint.hash) return { use: false, because: 'rewritten', checkpoint };
  const ageMs = situation.now.getTime() - Date.parse(checkpoint.verifiedAt);
  if (!(ageMs >= 0 && ageMs <= CHECKPOINT_MAX_AGE_DAYS * 86_400_000)) return { use: false, because: 'expired', checkpoint };
  const last = situation.lastExport;
  const seen = checkpoint.lastExport;
  if (last && last.size <= checkpoint.seq && !(seen && seen.size === last.size && seen.rootHash === last.rootHash)) return { use: false, because: 'export-changed', checkpoint };
  return { use: true, checkpoint };
}

/**
 * What the screen says when a check ran in full although a checkpoint existed. Nothing for none and
 * requested (nothing to explain), nor for rewritten (the screen reports it as a finding, with the entry).
 */
export const fullBecauseMessages: Partial<Record<FullBecause, string>> = {
  expired: `前回の完全な検証から${CHECKPOINT_MAX_AGE_DAYS}日を過ぎたため、すべての記録を検証しました。`,
  archived: '前回の完全な検証の後に記録を保存して整理したため、すべての記録を検証しました。',
  'export-changed': '前回の書出しの記録が、前回の完全な検証のときと違うため、すべての記録を検証しました。',
};
