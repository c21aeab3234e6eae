/**
 * The asset picker's search index, built without holding the UI thread (issue 15): folding 100,000
 * assets' number, name and location takes a few hundred milliseconds, so it is done in slices of a
 * few milliseconds with the thread yielded between them, and each asset is folded only once while its
 * record is unchanged. The in-memory ledger (data/assetCache.ts) keeps the same object for an asset a
 * write did not touch, so after an edit only the edited asset is folded again.
 */
import { pickerEntry, type PickableAsset, type PickerEntry } from '../../shared/domain/pickAssets';

/** Entries already folded, per asset record (let go with the record). */
const folded = new WeakMap<PickableAsset, PickerEntry<PickableAsset>>();

/** Work per slice before the UI thread is yielded: well under a frame, even on a busy terminal. */
export const SLICE_MS = 8;

const yieldToUi = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The entry of `asset`, folded now or remembered from before. */
export function cachedPickerEntry<T extends PickableAsset>(asset: T): PickerEntry<T> {
  let entry = folded.get(asset) as PickerEntry<T> | undefined;
  if (!entry) {
    entry = pickerEntry(asset);
    folded.set(asset, entry);
  }
  return entry;
}

/**
 * The index of `assets` (the same as `buildPickerIndex`), built in slices of about `sliceMs`; null when
 * `cancelled()` turned true meanwhile (the list changed again, or the picker went away).
 */
export async function pickerIndexInSlices<T extends PickableAsset>(assets: readonly T[], cancelled: () => boolean, sliceMs = SLICE_MS): Promise<PickerEntry<T>[] | null> {
  const entries: PickerEntry<T>[] = [];
  let i = 0;
  while (i < assets.length) {
    const until = performance.now() + sliceMs;
    // At least 256 assets per slice, and the clock read only every 256 (per asset it would cost more
    // than most folds).
    do {
      for (const end = Math.min(assets.length, i + 256); i < end; i++) entries.push(cachedPickerEntry(assets[i]!));
    } while (i < assets.length && performance.now() < until);
    if (i < assets.length) {
      await yieldToUi();
      if (cancelled()) return null;
    }
  }
  return entries;
}
