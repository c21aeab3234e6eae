/** Live-query hooks: screens re-render when the ledger changes (in this or another window). */
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { proposedOf } from './classificationRepository';
import { nextManagementNumber } from '../../shared/domain/managementNumber';
import type { Asset } from '../../shared/domain/asset';
import type { LedgerSort } from '../../shared/domain/filterAssets';
import { getAsset, getAssets, listFirstAssets, listHistory } from './assetRepository';
import { assetCache, type AssetSnapshot } from './assetCache';
import { ledgerList } from './ledgerList';
import { useDatabase } from './DatabaseContext';
import { getSettings } from './settingsRepository';
import { getBackupSchedule } from './backupRepository';
import { getPrintOffset, listLabelPrints, listLabelProfiles } from './labelRepository';
import { countAccounts, getAccount, getSecurityPolicy, listAccounts } from './accountRepository';
import { listDisposals, listTakeOuts } from './registerRepository';
import { listProfiles } from './profileRepository';
import { listSigningKeys, listTrustedKeys } from './keyRepository';
import { nishinomiyaProfile } from '../../shared/domain/profiles/bundledProfiles';
import type { PolicyProfile } from '../../shared/domain/policyProfile';

/** undefined while loading, null when first-run setup has not been done. */
export function useSettings() {
  const db = useDatabase();
  return useLiveQuery(() => getSettings(db), [db]);
}

/**
 * The whole ledger (`all`, undefined while loading) with its counts and, until it is there, its first
 * page read straight from the 管理番号 index (`firstPage`): reading 100,000 assets takes over a
 * second, the first page a few milliseconds. The ledger is read once per database and then patched
 * by the changed rows of each write (see assetCache.ts), shared by every screen.
 */
/** The rows the ledger list shows first, read straight from the index before the whole ledger. */
export const LEDGER_FIRST_PAGE_SIZE = 60;

export function useAssets(firstPageSize: number) {
  const snapshot = useAssetSnapshot(firstPageSize);
  return { all: snapshot.current?.all, counts: snapshot.current?.counts, firstPage: snapshot.firstPage, snapshot: snapshot.current };
}

function useAssetSnapshot(firstPageSize: number): { current: AssetSnapshot | undefined; firstPage: Asset[] | undefined } {
  const db = useDatabase();
  const cache = assetCache(db);
  const { firstPage, ready } = useFirstPage(firstPageSize);
  const subscribe = useCallback((listener: () => void) => (ready ? cache.subscribe(listener) : () => {}), [cache, ready]);
  const current = useSyncExternalStore(subscribe, () => (ready ? cache.snapshot : undefined));
  return { current, firstPage };
}

/**
 * The list's first page, and whether the whole ledger may be read now: only once the first page is
 * there (or the ledger already read), so the long read does not delay it.
 */
function useFirstPage(firstPageSize: number): { firstPage: Asset[] | undefined; ready: boolean } {
  const db = useDatabase();
  const firstPage = useLiveQuery(() => listFirstAssets(db, firstPageSize), [db, firstPageSize]);
  return { firstPage, ready: firstPage !== undefined || assetCache(db).snapshot !== undefined };
}

/**
 * The ledger sorted for the list and its search index (ledgerList.ts): built in short steps after
 * the whole ledger is read or after a large write, patched with the changed rows after a small one.
 * `all` and `counts` are those of the snapshot the list was built from, so the counts, the rows and
 * the search always agree; they stay undefined until the first list is built. `updating` says when
 * another order or a newer ledger is being prepared (the rows shown are still the previous ones).
 */
export function useSortedAssets(firstPageSize: number, sort: LedgerSort) {
  const db = useDatabase();
  const list = ledgerList(db);
  const cache = assetCache(db);
  const { firstPage, ready } = useFirstPage(firstPageSize);
  const subscribe = useCallback((listener: () => void) => (ready ? list.subscribe(listener, sort) : () => {}), [list, ready, sort]);
  const current = useSyncExternalStore(subscribe, () => (ready ? list.shown : undefined));
  // The newest ledger too, only to say when the rows shown are not yet its (after a large write).
  const subscribeCache = useCallback((listener: () => void) => (ready ? cache.subscribe(listener) : () => {}), [cache, ready]);
  const latest = useSyncExternalStore(subscribeCache, () => (ready ? cache.snapshot : undefined));
  const updating: LedgerListUpdate | null =
    current === undefined ? null : current.sort.field !== sort.field || current.sort.direction !== sort.direction ? 'sorting' : latest !== undefined && current.snapshot !== latest ? 'refreshing' : null;
  return { all: current?.snapshot.all, counts: current?.snapshot.counts, firstPage, sorted: current?.sorted, index: current?.index, updating };
}

/** Why the rows shown are not yet the final ones: another order, or a newer ledger being prepared. */
export type LedgerListUpdate = 'sorting' | 'refreshing';

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
export function useNextManagementNumber(prefix: string | null) {
  // From the ledger kept in memory (assetCache.ts), a few milliseconds at 100,000 assets. The index
  // cannot answer it quickly: in text order "SM-10001" sorts after "SM-100000", so a search for the
  // longest serial walked past every shorter one (about 30 s once numbers passed 99999).
  const { all } = useAssets(0);
  return useMemo(() => (prefix === null ? null : all ? nextManagementNumber(prefix, all.map((a) => a.managementNumber)) : undefined), [prefix, all]);
}

/** Every profile the section may use (bundled and loaded from files). */
export function useProfiles() {
  const db = useDatabase();
  return useLiveQuery(() => listProfiles(db), [db]);
}

/**
 * The section's profile. While the list loads, or if a loaded profile has gone missing, the bundled
 * default stands in (and `missing` says so, for a warning on screen).
 */
export function useActiveProfile(profileId: string): { profile: PolicyProfile; missing: boolean } {
  const profiles = useProfiles();
  const found = profiles?.find((p) => p.id === profileId);
  return { profile: found ?? nishinomiyaProfile, missing: profiles !== undefined && !found };
}

/** Assets by id, for showing a container's contents. */
export function useAssetsById(ids: readonly string[]) {
  const db = useDatabase();
  const key = ids.join(',');
  // `key` stands for `ids`, a new array on every render.
  return useLiveQuery(() => getAssets(db, ids), [db, key]);
}

/** The backup interval and when the last backup was saved. */
export function useBackupSchedule() {
  const db = useDatabase();
  return useLiveQuery(() => getBackupSchedule(db), [db]);
}

export function useLabelProfiles() {
  const db = useDatabase();
  return useLiveQuery(() => listLabelProfiles(db), [db]);
}

export function usePrintOffset() {
  const db = useDatabase();
  return useLiveQuery(() => getPrintOffset(db), [db]);
}

export function useLabelPrints() {
  const db = useDatabase();
  return useLiveQuery(() => listLabelPrints(db), [db]);
}

export function useAccountCount() {
  const db = useDatabase();
  return useLiveQuery(() => countAccounts(db), [db]);
}

/** undefined while loading, null when there is no such account. */
export function useAccount(userId: string) {
  const db = useDatabase();
  return useLiveQuery(() => getAccount(db, userId), [db, userId]);
}

export function useAccounts() {
  const db = useDatabase();
  return useLiveQuery(() => listAccounts(db), [db]);
}

export function useSecurityPolicy() {
  const db = useDatabase();
  return useLiveQuery(() => getSecurityPolicy(db), [db]);
}

export function useTakeOuts() {
  const db = useDatabase();
  return useLiveQuery(() => listTakeOuts(db), [db]);
}

export function useDisposals() {
  const db = useDatabase();
  return useLiveQuery(() => listDisposals(db), [db]);
}

/** This terminal's signing keys, newest first. */
export function useSigningKeys() {
  const db = useDatabase();
  return useLiveQuery(() => listSigningKeys(db), [db]);
}

export function useTrustedKeys() {
  const db = useDatabase();
  return useLiveQuery(() => listTrustedKeys(db), [db]);
}

/** Assets whose proposed class waits for approval (the 承認待ち screen and its count in the navigation). */
export function useProposedAssets() {
  // From the ledger kept in memory and patched per write (assetCache.ts): a live query scanned all
  // 100,000 assets after every write, for the count in the top bar on every screen. With the list's
  // page size, so the whole ledger is read after the list's first page, not before it.
  const { all } = useAssets(LEDGER_FIRST_PAGE_SIZE);
  return useMemo(() => (all ? proposedOf(all) : undefined), [all]);
}
