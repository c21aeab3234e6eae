/** Counts shown above the ledger list: by status and by kind. */
import { assetKinds, assetStatuses, type Asset, type AssetKind, type AssetStatus } from './asset';

export interface AssetCounts {
  total: number;
  byStatus: Record<AssetStatus, number>;
  byKind: Record<AssetKind, number>;
}

/** Counts assets by status and by kind in one pass. */
export function countAssets(assets: readonly Pick<Asset, 'status' | 'kind'>[]): AssetCounts {
  const byStatus = Object.fromEntries(assetStatuses.map((s) => [s, 0])) as Record<AssetStatus, number>;
  const byKind = Object.fromEntries(assetKinds.map((k) => [k, 0])) as Record<AssetKind, number>;
  for (const asset of assets) {
    byStatus[asset.status] += 1;
    byKind[asset.kind] += 1;
  }
  return { total: assets.length, byStatus, byKind };
}
