/**
 * The asset picker's search index, built without holding the UI thread (issue 15): folding 100,000
 * assets' number, name and location takes a few hundred milliseconds, so it is done in slices of a
 * few milliseconds with the thread yielded between them, and each asset is folded only once while its
 * record is unchanged. The in-memory ledger (data/assetCache.ts) keeps the same object for an asset a
 * write did not touch, so after an edit only the edited asset is folded again.
 */
import { pickerEntry, type PickableAsset, type PickerEntry } from '../../shared/domain/pickAssets';
import { runInSteps, SliceCancelled, SLICE_MS } from '../data/runInSteps';

/** Entries already folded, per asset record (let go with the record). */
const folded = new WeakMap<PickableAsset, PickerEntry<PickableAsset>>();

/** The entry of `asset`, folded now or remembered from before. */
export function cachedPickerEntry<T extends PickableAsset>(asset: T): PickerEntry<T> {
  let entry = folded.get(asset) as PickerEntry<T> | undefined;
  if (!entry) {
    entry = pickerEntry(asset);
    folded.set(asset, entry);
  }
  return entry;
}

/** The index built 256 assets per step (the clock is read between steps, not per asset). */
function* indexSteps<T extends PickableAsset>(assets: readonly T[]): Generator<void, PickerEntry<T>[], void> {
  const entries: PickerEntry<T>[] = [];
  for (let i = 0; i < assets.length; ) {
    for (const end = Math.min(assets.length, i + 256); i < end; i++) entries.push(cachedPickerEntry(assets[i]!));
    yield;
  }
  return entries;
}

/**
 * The index of `assets` (the same as `buildPickerIndex`), built in slices of about `sliceMs`; null when
 * `cancelled()` turned true meanwhile (the list changed again, or the picker went away).
 */
export async function pickerIndexInSlices<T extends PickableAsset>(assets: readonly T[], cancelled: () => boolean, sliceMs = SLICE_MS): Promise<PickerEntry<T>[] | null> {
  try {
    return await runInSteps(indexSteps(assets), { budgetMs: sliceMs, cancelled });
  } catch (error) {
    if (error instanceof SliceCancelled) return null;
    throw error;
  }
}
