/** Counts shown above the ledger list: by status, by kind and by classification state. */
import { assetKinds, assetStatuses, type Asset, type AssetKind, type AssetStatus } from './asset';
import { classificationStateOf, type ClassificationState } from './classification';

export interface AssetCounts {
  total: number;
  byStatus: Record<AssetStatus, number>;
  byKind: Record<AssetKind, number>;
  byClassification: Record<ClassificationState | 'unclassified', number>;
}

/** Counts assets by status and by kind in one pass. */
export function countAssets(assets: readonly Pick<Asset, 'status' | 'kind' | 'classification'>[]): AssetCounts {
  const byStatus = Object.fromEntries(assetStatuses.map((s) => [s, 0])) as Record<AssetStatus, number>;
  const byKind = Object.fromEntries(assetKinds.map((k) => [k, 0])) as Record<AssetKind, number>;
  const byClassification = { unclassified: 0, proposed: 0, approved: 0, needsReview: 0 };
  for (const asset of assets) {
    byStatus[asset.status] += 1;
    byKind[asset.kind] += 1;
    byClassification[classificationStateOf(asset.classification)] += 1;
  }
  return { total: assets.length, byStatus, byKind, byClassification };
}
