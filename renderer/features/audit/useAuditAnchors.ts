/** Live queries for the audit screen: where the log was last anchored, and the set-aside segments. */
import { useLiveQuery } from 'dexie-react-hooks';
import { getExportAnchors, listAuditSegments } from '../../data/auditRepository';
import { useDatabase } from '../../data/DatabaseContext';

export function useExportAnchors() {
  const db = useDatabase();
  return useLiveQuery(() => getExportAnchors(db), [db]);
}

export function useAuditSegments() {
  const db = useDatabase();
  return useLiveQuery(() => listAuditSegments(db), [db]);
}
