/** The audit log in the database: append inside the caller's transaction, list, verify. */
import { chainAuditEntries, verifyAuditChain, type AuditEntry, type AuditEvent, type ChainVerification } from '../../shared/domain/auditChain';
import type { DaichoDb } from './db';

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

export async function verifyAudit(db: DaichoDb): Promise<ChainVerification> {
  return verifyAuditChain(await listAudit(db));
}

/** Records that someone checked or exported the log (who looked at it is itself audit-worthy). */
export async function recordAuditAccess(db: DaichoDb, event: Omit<AuditEvent, 'target'>): Promise<void> {
  await db.transaction('rw', db.audit, () => appendAudit(db, [{ ...event, target: '' }]));
}
