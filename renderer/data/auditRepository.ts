/** The audit log in the database: append inside the caller's transaction, list, verify. */
import { chainAuditEntries, verifyAuditChain, type AuditEntry, type AuditEvent, type ChainVerification } from '../../shared/domain/auditChain';
import type { DaichoDb } from './db';
import { genesisAnchor, type AuditAnchor, type AuditArchive } from '../../shared/domain/auditArchive';
import type { AccountRole } from '../../shared/accounts/account';
import { requireManager, runWrite, WriteAbort, type WriteResult } from './writeResult';
import { segmentHead, verifyAuditSegment, type AuditSegment } from '../../shared/domain/auditSegment';

/**
 * Appends events after the last entry. Call inside a read-write transaction that includes `db.audit`
 * so the entry and the change it records are committed together (or not at all).
 */
export async function appendAudit(db: DaichoDb, events: readonly AuditEvent[]): Promise<AuditEntry[]> {
  const last = await db.audit.orderBy('seq').last();
  const entries = chainAuditEntries(last, events);
  await db.audit.bulkAdd(entries);
  return entries;
}

export function listAudit(db: DaichoDb): Promise<AuditEntry[]> {
  return db.audit.orderBy('seq').toArray();
}

const ANCHOR_KEY = 'auditAnchor';
/** Settings records holding set-aside segments, keyed by the segment's head hash (content-addressed). */
export const SEGMENT_PREFIX = 'auditSegment:';
/** The anchor recorded at the last signed export (see recordExportAnchor). */
export const LAST_EXPORT_KEY = 'auditLastExport';
/** Leaf hashes of archived entries (the Merkle log needs every entry since the first). */
export const ARCHIVED_LEAVES_PREFIX = 'auditLeaves:';

/**
 * Settings records that belong to the audit log, not to the ledger: a restore keeps this terminal's
 * own (it never rolls the log, its anchors or its segments back to a backup's).
 */
export function isAuditSettingKey(key: string): boolean {
  return key === ANCHOR_KEY || key === LAST_EXPORT_KEY || key.startsWith(SEGMENT_PREFIX) || key.startsWith(ARCHIVED_LEAVES_PREFIX);
}

/**
 * Every set-aside segment, oldest first, with its chain verification and whether a 'backup.restore'
 * entry of the live chain names its head and count (a segment swapped for another, even a
 * self-consistent one, is no longer named by the chain).
 */
export async function listAuditSegments(db: DaichoDb): Promise<{ key: string; segment: AuditSegment; verification: ChainVerification; named: boolean }[]> {
  const records = await db.settings.where('key').startsWith(SEGMENT_PREFIX).toArray();
  const restores = await db.audit.where('action').equals('backup.restore').toArray();
  const named = new Set(
    restores.map((e) => {
      const setAside = (e.detail as { setAside?: { head?: { hash?: string } | null; count?: number } }).setAside;
      return `${setAside?.head?.hash ?? ''}/${setAside?.count ?? ''}`;
    }),
  );
  return records
    .map((r) => ({ key: r.key, segment: r.value as AuditSegment }))
    .sort((a, b) => a.segment.setAsideAt.localeCompare(b.segment.setAsideAt))
    .map((s) => ({ ...s, verification: verifyAuditSegment(s.segment), named: named.has(`${segmentHead(s.segment)?.hash ?? ''}/${s.segment.entries.length}`) }));
}

/** The last archived entry (the chain in the database continues from it), or the genesis anchor. */
export async function getAuditAnchor(db: DaichoDb): Promise<AuditAnchor> {
  const record = await db.settings.get(ANCHOR_KEY);
  return (record?.value as AuditAnchor | undefined) ?? genesisAnchor;
}

/** Verifies the chain in the database, from the archive anchor when older entries were archived. */
export async function verifyAudit(db: DaichoDb): Promise<ChainVerification> {
  const [entries, anchor] = await Promise.all([listAudit(db), getAuditAnchor(db)]);
  return verifyAuditChain(entries, anchor);
}

/**
 * Removes archived entries (already saved by the caller) and moves the anchor past them, in one
 * transaction that first checks the entries are still exactly those saved. Managers only.
 */
export async function completeAuditArchive(db: DaichoDb, archive: AuditArchive, context: { actor: string; role: AccountRole; now: string }): Promise<WriteResult<number>> {
  return runWrite(() =>
    db.transaction('rw', db.audit, db.settings, async () => {
      requireManager(context.role);
      const current = await db.audit.bulkGet(archive.entries.map((e) => e.seq));
      if (current.some((entry, i) => entry?.hash !== archive.entries[i]!.hash)) throw new WriteAbort('failed');
      const last = archive.entries.at(-1)!;
      await db.audit.bulkDelete(archive.entries.map((e) => e.seq));
      await db.settings.put({ key: ANCHOR_KEY, value: { seq: last.seq, hash: last.hash } });
      await appendAudit(db, [{ at: context.now, actor: context.actor, action: 'audit.archive', target: '', outcome: 'success', detail: { fromSeq: archive.entries[0]!.seq, toSeq: last.seq, count: archive.entries.length, anchorHash: last.hash } }]);
      return archive.entries.length;
    }),
  );
}

/** Records that someone checked or exported the log (who looked at it is itself audit-worthy). */
export async function recordAuditAccess(db: DaichoDb, event: Omit<AuditEvent, 'target'>): Promise<void> {
  await db.transaction('rw', db.audit, () => appendAudit(db, [{ ...event, target: '' }]));
}
