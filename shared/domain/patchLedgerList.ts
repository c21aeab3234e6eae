/**
 * Keeps the ledger list's derived state (its sorted order and its search index) up to date with a
 * few changed assets, instead of sorting 100,000 assets and folding all their text again after each
 * single edit.
 */
import type { Asset } from './asset';
import { buildSearchIndex, compareAssetsFor, sortAssets, type LedgerSort, type SearchIndex } from './filterAssets';

/** One changed asset: what it was (null when new) and what it is (null when gone). */
export interface ListChange {
  before: Asset | null;
  after: Asset | null;
}

/** Above this many changes a full sort is about as quick as placing each one. */
const MAX_PLACED = 200;

/**
 * `sorted` with each changed asset taken out and its new version placed where `sortAssets` puts it
 * (binary search in the same order). `all` is the whole new ledger, sorted afresh when there are many
 * changes. Assets whose sort keys and 管理番号 compare equal (e.g. "SM-1" and "SM-01") may come out in
 * another order among themselves than a full sort gives. The input array is not changed.
 */
export function patchSorted(sorted: readonly Asset[], all: readonly Asset[], changes: readonly ListChange[], sort: LedgerSort): Asset[] {
  if (changes.length > MAX_PLACED) return sortAssets(all, sort);
  const compare = compareAssetsFor(sort);
  const next = sorted.slice();
  for (const { before } of changes) {
    if (!before) continue;
    const at = next.indexOf(before);
    // Not in the list it is patched from: that list was not derived from the same ledger.
    if (at < 0) return sortAssets(all, sort);
    next.splice(at, 1);
  }
  for (const { after } of changes) {
    if (!after) continue;
    let low = 0;
    let high = next.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compare(next[mid]!, after) <= 0) low = mid + 1;
      else high = mid;
    }
    next.splice(low, 0, after);
  }
  return next;
}

/**
 * The search index with the changed assets' entries replaced (and removed ones dropped). Returns a
 * new map; the one given is not changed.
 */
export function patchSearchIndex(index: SearchIndex, changes: readonly ListChange[]): SearchIndex {
  const next = new Map(index);
  for (const { before } of changes) if (before) next.delete(before.id);
  const added = changes.flatMap((c) => (c.after ? [c.after] : []));
  for (const [id, text] of buildSearchIndex(added)) next.set(id, text);
  return next;
}
