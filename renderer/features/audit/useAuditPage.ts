/**
 * The audit screen's reads: one page of the log for the filter (live: a new entry shows on the first
 * page at once), and the actors for the filter. Both read indexes, never the whole log (issue 15).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { listAuditActors, listAuditPage, type AuditCursor } from '../../data/auditRepository';
import { useDatabase } from '../../data/DatabaseContext';
import type { AuditFilter } from '../../../shared/domain/filterAudit';

export function useAuditPage(filter: AuditFilter, before: AuditCursor | null) {
  const db = useDatabase();
  return useLiveQuery(async () => ({ filter, before, page: await listAuditPage(db, filter, before) }), [db, filter, before]);
}

export function useAuditActors() {
  const db = useDatabase();
  return useLiveQuery(() => listAuditActors(db), [db]);
}
