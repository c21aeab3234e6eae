/**
 * Record upgrades between schema versions, shared by the database upgrade (db.ts) and the restore of
 * an older backup, so both give the same result.
 */
import type { Asset } from '../../shared/domain/asset';

/** v1 -> v2 (2026-11-22): assets gain `contents` (containment) and `derived` (highest class). */
export function upgradeAssetToV2(asset: Partial<Asset>): void {
  asset.contents ??= [];
  asset.derived ??= null;
  asset.classification ??= null;
}

/** Brings one stored record of `table` from `fromVersion` to the current schema, in place. */
export function upgradeRecord(table: string, record: Record<string, unknown>, fromVersion: number): void {
  if (recordUpgradeNeeded(table, fromVersion)) upgradeAssetToV2(record as Partial<Asset>);
}

/** Whether upgradeRecord changes the records of `table` stored at `fromVersion` (a restore then copies them first). */
export function recordUpgradeNeeded(table: string, fromVersion: number): boolean {
  return table === 'assets' && fromVersion < 2;
}
