/** The audit log in the database: append inside the caller's transaction, list, verify. */
import { chainAuditEntries, verifyAuditChain, type AuditEntry, type AuditEvent, type ChainVerification } from '../../shared/domain/auditChain';
import type { DaichoDb } from './db';
import { genesisAnchor, type AuditAnchor, type AuditArchive } from '../../shared/domain/auditArchive';
import { signedContext, type WriteContext } from './session';
import { runWrite, WriteAbort, type WriteResult } from './writeResult';

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
export async function completeAuditArchive(db: DaichoDb, archive: AuditArchive, at: WriteContext): Promise<WriteResult<number>> {
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.audit, db.settings, async () => {
      const context = await signedContext(db, 'audit.archive', at);
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

/**
 * Records that the signed-in person checked or exported the log (who looked at it is itself
 * audit-worthy, 【07】第17条); the actor comes from the session.
 */
export function recordAuditAccess(db: DaichoDb, event: Omit<AuditEvent, 'target' | 'actor'>): Promise<WriteResult<void>> {
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.audit, async () => {
      const context = await signedContext(db, 'audit.access', { now: event.at });
      await appendAudit(db, [{ ...event, at: context.now, actor: context.actor, target: '' }]);
    }),
  );
}
