/**
 * Archiving old audit entries (【07】第17条: logs are kept at least 3 months and protected). Entries
 * younger than 3 months are never removed; older ones leave the database only as a verified archive
 * file, and the last archived entry becomes the anchor from which the remaining chain is verified.
 */
import { genesisHash, verifyAuditChain, type AuditEntry, type ChainVerification } from './auditChain';
import { addMonths } from '../registers/review';
import { tokyoDay } from './formatDate';

export const AUDIT_RETENTION_MONTHS = 3;

export interface AuditAnchor {
  seq: number;
  hash: string;
}

export const genesisAnchor: AuditAnchor = { seq: 0, hash: genesisHash };

export interface AuditArchive {
  format: 'daicho-audit-archive/1';
  /** The entry just before the first archived one (genesis when the archive starts the chain). */
  anchor: AuditAnchor;
  entries: AuditEntry[];
}

/**
 * The oldest entries, in order, that are older than the retention period on `now` (Tokyo day). The
 * newest entry always stays, so new entries keep chaining from one in the database.
 */
export function archivableEntries(entries: readonly AuditEntry[], now: Date): AuditEntry[] {
  const cutoff = archiveCutoff(now);
  const result: AuditEntry[] = [];
  for (const entry of entries.slice(0, -1)) {
    if (!olderThanCutoff(entry, cutoff)) break;
    result.push(entry);
  }
  return result;
}

/** The first Tokyo day (YYYY-MM-DD) whose entries must stay on `now`: three months back. */
export function archiveCutoff(now: Date): string {
  return addMonths(tokyoDay(now), -AUDIT_RETENTION_MONTHS);
}

/** Whether an entry is older than the cutoff day (archiveCutoff), so it may leave the database. */
export function olderThanCutoff(entry: Pick<AuditEntry, 'at'>, cutoff: string): boolean {
  return tokyoDay(new Date(entry.at)) < cutoff;
}

/**
 * The archive file's text in pieces, so a large archive is written page by page (issue 15: the window
 * never serialises a million entries in one go). The pieces joined are exactly
 * `JSON.stringify(archive, null, 1)`, the format archives have always had: the head, each entry
 * (auditArchiveEntryText, joined with auditArchiveSeparator), then the tail.
 */
export function auditArchiveHead(anchor: AuditAnchor): string {
  return `{\n "format": ${JSON.stringify('daicho-audit-archive/1')},\n "anchor": ${JSON.stringify(anchor, null, 1).replace(/\n/g, '\n ')},\n "entries": [\n`;
}
/** One entry as it appears in the archive (indented two levels; JSON strings never hold a raw newline). */
export function auditArchiveEntryText(entry: AuditEntry): string {
  return `  ${JSON.stringify(entry, null, 1).replace(/\n/g, '\n  ')}`;
}
export const auditArchiveSeparator = ',\n';
export const auditArchiveTail = '\n ]\n}';

/** Builds the archive of the archivable entries, verifying them against the current anchor first. */
export function buildAuditArchive(entries: readonly AuditEntry[], anchor: AuditAnchor, now: Date): { ok: true; archive: AuditArchive } | { ok: false; verification: ChainVerification } | { ok: false; empty: true } {
  const old = archivableEntries(entries, now);
  if (old.length === 0) return { ok: false, empty: true };
  const verification = verifyAuditChain(old, anchor);
  if (!verification.ok) return { ok: false, verification };
  return { ok: true, archive: { format: 'daicho-audit-archive/1', anchor, entries: old } };
}
