/** Live queries for the audit screen: where the log was last anchored, its last full verification, and the set-aside segments. */
import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { AuditCheckpoint } from '../../../shared/domain/auditCheckpoint';
import { checkpointInUse, getExportAnchors, listAuditSegments } from '../../data/auditRepository';
import { useDatabase } from '../../data/DatabaseContext';

export function useExportAnchors() {
  const db = useDatabase();
  return useLiveQuery(() => getExportAnchors(db), [db]);
}

export function useAuditSegments() {
  const db = useDatabase();
  return useLiveQuery(() => listAuditSegments(db), [db]);
}

/**
 * The checkpoint 「監査ログを検証」 would start from now (null: it would verify every entry), read when
 * the screen opens and again whenever `after` changes (each verification), not after every write:
 * deciding re-hashes the checkpoint's entry.
 */
export function useAuditCheckpoint(after: unknown): AuditCheckpoint | null {
  const db = useDatabase();
  const [checkpoint, setCheckpoint] = useState<AuditCheckpoint | null>(null);
  useEffect(() => {
    let current = true;
    void checkpointInUse(db, new Date()).then((found) => current && setCheckpoint(found));
    return () => void (current = false);
  }, [db, after]);
  return checkpoint;
}
