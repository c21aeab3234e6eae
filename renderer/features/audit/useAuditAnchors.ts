/** Live queries for the audit screen: where the log was last anchored, its last full verification, and the set-aside segments. */
import { useLiveQuery } from 'dexie-react-hooks';
import { getAuditCheckpoint, getExportAnchors, listAuditSegments } from '../../data/auditRepository';
import { useDatabase } from '../../data/DatabaseContext';

export function useExportAnchors() {
  const db = useDatabase();
  return useLiveQuery(() => getExportAnchors(db), [db]);
}

export function useAuditSegments() {
  const db = useDatabase();
  return useLiveQuery(() => listAuditSegments(db), [db]);
}

export function useAuditCheckpoint() {
  const db = useDatabase();
  return useLiveQuery(() => getAuditCheckpoint(db), [db]);
}
