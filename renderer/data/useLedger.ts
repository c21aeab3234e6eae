/** Live-query hooks: screens re-render when the ledger changes (in this or another window). */
import { useLiveQuery } from 'dexie-react-hooks';
import { nextManagementNumber } from '../../shared/domain/managementNumber';
import { getAsset, listAssets, listFirstAssets, listHistory, listManagementNumbers } from './assetRepository';
import { useDatabase } from './DatabaseContext';
import { getSettings } from './settingsRepository';

/** undefined while loading, null when first-run setup has not been done. */
export function useSettings() {
  const db = useDatabase();
  return useLiveQuery(() => getSettings(db), [db]);
}

/**
 * The whole ledger (`all`, undefined while loading) and, until it is there, its first page read
 * straight from the 管理番号 index (`firstPage`): reading 100,000 assets takes over a second, the
 * first page a few milliseconds.
 */
export function useAssets(firstPageSize: number) {
  const db = useDatabase();
  const firstPage = useLiveQuery(() => listFirstAssets(db, firstPageSize), [db, firstPageSize]);
  // Read everything only once the first page is there, so the long read does not delay it.
  const firstPageRead = firstPage !== undefined;
  const all = useLiveQuery(() => (firstPageRead ? listAssets(db) : undefined), [db, firstPageRead]);
  return { all, firstPage };
}

/** undefined while loading, null when there is no such asset. */
export function useAsset(id: string) {
  const db = useDatabase();
  return useLiveQuery(() => getAsset(db, id), [db, id]);
}

export function useHistory(assetId: string) {
  const db = useDatabase();
  return useLiveQuery(() => listHistory(db, assetId), [db, assetId]);
}

/** The next free 管理番号 with the section's prefix (undefined while loading). */
export function useNextManagementNumber(prefix: string) {
  const db = useDatabase();
  return useLiveQuery(async () => nextManagementNumber(prefix, await listManagementNumbers(db)), [db, prefix]);
}
