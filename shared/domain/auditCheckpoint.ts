/**
 * The last full verification of the audit log, as a point later checks start from (issue 15: a log of
 * a million entries takes longer to read than anyone waits at the screen on a 2-core terminal).
 *
 * What it is, and what it is not. After a full verification that found nothing (every entry re-hashed,
 * every link, and the head the last signed export carried), the terminal records the newest entry it
 * verified, that entry's hash, the archive anchor, and the Merkle tree's right edge at that size; the
 * same transaction appends the 'audit.verify' entry, which names the checkpoint in its detail. The
 * next check verifies only the entries since: the recorded entry must still carry the recorded hash
 * and hash to it, the archive anchor must be unchanged, the numbers must run without a gap, the
 * 'audit.verify' entry that vouches for the checkpoint must name it (that entry is newer, so the check
 * re-hashes it with the rest), the newer entries must link and hash correctly, and the last export's
 * head is recomputed from the right edge plus the newer leaves.
 *
 * A rewrite that reaches the recorded entry (any consistent re-hashing of the chain) changes that
 * entry's hash and is reported as a finding whichever check runs. A change to an older entry that
 * leaves the recorded entry alone is caught only by the next full verification. Like every record on
 * the terminal, the checkpoint can be forged by someone who rewrites the database and recomputes the
 * chain after it; so can the last export's record, and the central office's own copy of the export
 * head is the check that does not depend on the terminal (auditLog.ts). So the screen always says
 * which kind of check ran and since when, a full verification stays one click away, a log too small to
 * need it (CHECKPOINT_MIN_ENTRIES) gets no checkpoint at all, and a checkpoint older than
 * CHECKPOINT_MAX_AGE_DAYS is not used: the next check after a month is a full one (【07】第17条: logs
 * protected from change or deletion).
 */
import { z } from 'zod';
import type { AuditAnchor } from './auditArchive';
import { frontierRoot, frontierSpans, type MerkleFrontier } from './auditLog';

export const AUDIT_CHECKPOINT_FORMAT = 'daicho-audit-checkpoint/2';
/** A checkpoint older than this is ignored: the check after it is a full verification again. */
export const CHECKPOINT_MAX_AGE_DAYS = 31;
/**
 * Below this many entries verified no checkpoint is recorded: a full verification of a log that size
 * takes about a second on the terminals' 2-core PCs, so every check stays full (the stronger one).
 */
export const CHECKPOINT_MIN_ENTRIES = 20_000;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const seq = z.number().int().min(0).max(2 ** 40);

/** The record as stored in the settings table (read back through this schema: never trusted as it is). */
export const auditCheckpointSchema = z
  .object({
    format: z.literal(AUDIT_CHECKPOINT_FORMAT),
    /** The newest entry the full verification covered, and its hash as verified. */
    seq: seq.min(1),
    hash: hex64,
    /** The archive anchor the chain started from then (entries up to it had been archived). */
    anchor: z.object({ seq, hash: hex64 }),
    /** The 'audit.verify' entry recorded with the checkpoint, whose detail names it. */
    recordSeq: seq,
    /** When, and by whom (the account's login ID), for the screen. */
    verifiedAt: z.iso.datetime(),
    verifiedBy: z.string().max(200),
    /** The Merkle tree's right edge over leaves 1..seq (see auditLog.ts treeFrontier). */
    frontier: z.object({ size: seq, nodes: z.array(hex64).max(53) }),
    /** The last export's head the full verification checked (null: no export yet). */
    lastExport: z.object({ size: seq.min(1), rootHash: hex64 }).nullable(),
  })
  .refine((c) => c.frontier.size === c.seq && c.frontier.nodes.length === frontierSpans(c.seq).length, 'the right edge must be that of the tree at the checkpoint')
  .refine((c) => c.anchor.seq < c.seq && c.recordSeq > c.seq, 'the anchor comes before the checkpoint, its record after')
  .refine((c) => c.lastExport === null || c.lastExport.size <= c.seq, 'an export checked then was made before it');

export type AuditCheckpoint = z.output<typeof auditCheckpointSchema>;

/** What the 'audit.verify' entry's detail says of the checkpoint recorded with it: its entry, and the tree head its right edge gives. */
export interface CheckpointNamed {
  seq: number;
  hash: string;
  root: string;
}

/** The checkpoint at `head` with right edge `frontier`, as its 'audit.verify' entry names it. */
export function checkpointNamed(head: AuditAnchor, frontier: MerkleFrontier): CheckpointNamed {
  return { seq: head.seq, hash: head.hash, root: frontierRoot(frontier) };
}

/** Builds the record after a full verification that found nothing (see recordAuditVerification). */
export function auditCheckpoint(head: AuditAnchor, anchor: AuditAnchor, frontier: MerkleFrontier, lastExport: { size: number; rootHash: string } | null, recordSeq: number, verifiedAt: string, verifiedBy: string): AuditCheckpoint {
  return {
    format: AUDIT_CHECKPOINT_FORMAT,
    seq: head.seq,
    hash: head.hash,
    anchor: { seq: anchor.seq, hash: anchor.hash },
    recordSeq,
    verifiedAt,
    verifiedBy,
    frontier: { size: frontier.size, nodes: [...frontier.nodes] },
    lastExport: lastExport && { size: lastExport.size, rootHash: lastExport.rootHash },
  };
}

/**
 * Why a check runs in full rather than from the checkpoint: none (no full verification yet), asked
 * for (the person chose to verify every entry), or one of the reasons decideCheckpoint gives.
 */
export type FullBecause = 'none' | 'requested' | 'rewritten' | 'unvouched' | 'archived' | 'gap' | 'expired' | 'export-changed';

/** What the log looks like now, read from indexes and two entries (see planAuditVerification). */
export interface CheckpointSituation {
  /** When the check runs; null when the person asked for a full verification. */
  now: Date | null;
  /** The archive anchor now. */
  anchor: AuditAnchor;
  /** The entry at the checkpoint's number as stored now (null: not there), and whether its content still hashes to its hash. */
  entryAtCheckpoint: { hash: string; intact: boolean } | null;
  /** The entry at the checkpoint's record number: its action and what its detail names (null: not there). */
  record: { action: string; named: unknown } | null;
  /** Whether the numbers run from the archive anchor to the newest entry without a gap. */
  contiguous: boolean;
  /** The last export's head as recorded now (null: none). */
  lastExport: { size: number; rootHash: string } | null;
}

export type CheckpointDecision = { use: true; checkpoint: AuditCheckpoint } | { use: false; because: FullBecause; checkpoint: AuditCheckpoint | null };

const names = (named: unknown, checkpoint: AuditCheckpoint) => {
  const n = named as Partial<CheckpointNamed> | null | undefined;
  if (typeof n !== 'object' || n === null) return false;
  const expected = checkpointNamed(checkpoint, checkpoint.frontier);
  return n.seq === expected.seq && n.hash === expected.hash && n.root === expected.root;
};

/**
 * Whether a check may start from `checkpoint`, judged in this order:
 * - none: there is no checkpoint;
 * - archived: the archive anchor moved (entries were archived since, or the anchor was changed): the
 *   full check verifies the chain from the anchor it finds;
 * - rewritten: the recorded entry is gone, carries another hash, or no longer hashes to its own: the
 *   log was changed after it was verified. A finding, whichever check was asked for;
 * - unvouched: the 'audit.verify' entry recorded with the checkpoint does not name it, its entry and
 *   the tree head of its right edge (a checkpoint record written or altered outside the app);
 * - gap: numbers are missing (the full check reports where);
 * - requested: the person asked for every entry;
 * - expired: the checkpoint is older than CHECKPOINT_MAX_AGE_DAYS, or dated after now;
 * - export-changed: the last export's record is one the full verification did not see and the right
 *   edge cannot reach (an export before the checkpoint other than the one checked).
 */
export function decideCheckpoint(checkpoint: AuditCheckpoint | null, situation: CheckpointSituation): CheckpointDecision {
  const full = (because: FullBecause): CheckpointDecision => ({ use: false, because, checkpoint });
  if (!checkpoint) return full('none');
  if (situation.anchor.seq !== checkpoint.anchor.seq || situation.anchor.hash !== checkpoint.anchor.hash) return full('archived');
  const entry = situation.entryAtCheckpoint;
  if (!entry || entry.hash !== checkpoint.hash || !entry.intact) return full('rewritten');
  if (situation.record?.action !== 'audit.verify' || !names(situation.record.named, checkpoint)) return full('unvouched');
  if (!situation.contiguous) return full('gap');
  if (situation.now === null) return full('requested');
  const ageMs = situation.now.getTime() - Date.parse(checkpoint.verifiedAt);
  if (!(ageMs >= 0 && ageMs <= CHECKPOINT_MAX_AGE_DAYS * 86_400_000)) return full('expired');
  const last = situation.lastExport;
  const seen = checkpoint.lastExport;
  if (last && last.size <= checkpoint.seq && !(seen && seen.size === last.size && seen.rootHash === last.rootHash)) return full('export-changed');
  return { use: true, checkpoint };
}

/**
 * What the screen says when a check ran in full although a checkpoint existed. Nothing for none and
 * requested (nothing to explain), nor for rewritten and gap (the verification reports those as
 * findings, with the entry).
 */
export const fullBecauseMessages: Partial<Record<FullBecause, string>> = {
  expired: `前回の完全な検証から${CHECKPOINT_MAX_AGE_DAYS}日を過ぎたため、すべての記録を検証しました。`,
  archived: '前回の完全な検証の後に記録の保存と整理が行われたため、すべての記録を検証しました。',
  unvouched: '前回の完全な検証の記録が、監査ログ上の検証の記録と一致しないため、すべての記録を検証しました。この端末で監査ログの保管データが書き換えられた可能性があります。',
  'export-changed': '前回の書出しの記録が、前回の完全な検証のときと違うため、すべての記録を検証しました。',
};
