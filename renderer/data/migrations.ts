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
  if (table === 'assets' && fromVersion < 2) upgradeAssetToV2(record as Partial<Asset>);
}
