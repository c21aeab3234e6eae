/** Live-query hooks: screens re-render when the ledger changes (in this or another window). */
import { useLiveQuery } from 'dexie-react-hooks';
import { nextManagementNumber } from '../../shared/domain/managementNumber';
import { getAsset, listAssets, listHistory, listManagementNumbers } from './assetRepository';
import { useDatabase } from './DatabaseContext';
import { getSettings } from './settingsRepository';

/** undefined while loading, null when first-run setup has not been done. */
export function useSettings() {
  const db = useDatabase();
  return useLiveQuery(() => getSettings(db), [db]);
}

export function useAssets() {
  const db = useDatabase();
  return useLiveQuery(() => listAssets(db), [db]);
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
