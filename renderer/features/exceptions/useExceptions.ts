/** Live queries for the exception register (component -> hook -> repository). */
import { useLiveQuery } from 'dexie-react-hooks';
import { useDatabase } from '../../data/DatabaseContext';
import { listExceptions, listExceptionsForAsset } from '../../data/exceptionRepository';

export function useExceptions() {
  const db = useDatabase();
  return useLiveQuery(() => listExceptions(db), [db]);
}

export function useExceptionsForAsset(assetId: string) {
  const db = useDatabase();
  return useLiveQuery(() => listExceptionsForAsset(db, assetId), [db, assetId]);
}
