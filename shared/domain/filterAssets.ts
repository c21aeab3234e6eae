/**
 * Filtering, free-text search and sorting of the ledger list. Runs on every keystroke over up to
 * 100,000 assets, so the search text of each asset is built once (`buildSearchIndex`) and reused.
 */
import { assetFieldLabels, choiceFieldLabels, displayValue, type Asset, type AssetInput } from './asset';
import { classificationStateOf, type ClassificationState } from './classification';

export type FilterableField = keyof AssetInput | 'status';
export type SortDirection = 'asc' | 'desc';

export interface LedgerFilter {
  /** Free text: every word (split on spaces, full- or half-width) must appear in some field. */
  text: string;
  /** Per-field filters ('' means any): value-list fields match exactly, text fields by substring. */
  fields: Partial<Record<FilterableField, string>>;
  /** Only assets whose classification is in this state ('unclassified' for none); absent means any. */
  classificationState?: ClassificationState | 'unclassified' | '';
  /** IPA 付録7: only assets whose risk value is at least this (needs `riskOf`); absent or 0 means any. */
  minRisk?: number;
}

/** An asset's risk value (riskValue.ts `assetRiskValue` via `riskSortKey`): -1 when it has none. */
export type RiskOf = (asset: Asset) => number;

export interface LedgerSort {
  field: FilterableField | 'updatedAt' | 'risk';
  direction: SortDirection;
}

export const filterableFields = Object.keys(assetFieldLabels) as FilterableField[];

/** Folds text for matching: NFKC (full-width ＡＢＣ１ -> ABC1, half-width ｶﾅ -> カナ), lower case. */
export function foldForSearch(value: string): string {
  return value.normalize('NFKC').toLowerCase();
}

/** A search index entry: one folded string per asset holding every field and its label text. */
export type SearchIndex = Map<string, string>;

/**
 * Builds the folded search text for each asset (stored values and their Japanese labels), into
 * `index` when given (so a large ledger can be indexed a part at a time and the parts kept in one map).
 */
export function buildSearchIndex(assets: readonly Asset[], index: SearchIndex = new Map()): SearchIndex {
  for (const asset of assets) {
    const parts: string[] = [];
    for (const field of filterableFields) parts.push(displayValue(asset, field));
    index.set(asset.id, foldForSearch(parts.join('\u0001')));
  }
  return index;
}

/**
 * Returns the assets that match the filter, in the order given (sort once with `sortAssets`, then
 * filter on every keystroke). The input array is not changed.
 */
export function filterAssets(assets: readonly Asset[], index: SearchIndex, filter: LedgerFilter, riskOf?: RiskOf): Asset[] {
  const words = foldForSearch(filter.text).split(/\s+/).filter(Boolean);
  const fieldFilters = (Object.entries(filter.fields) as [FilterableField, string | undefined][])
    .filter((entry): entry is [FilterableField, string] => Boolean(entry[1]))
    .map(([field, value]) => ({ field, value: field in choiceFieldLabels ? value : foldForSearch(value), exact: field in choiceFieldLabels }));
  const state = filter.classificationState || undefined;
  const minRisk = riskOf && filter.minRisk ? filter.minRisk : 0;
  if (words.length === 0 && fieldFilters.length === 0 && !state && !minRisk) return assets.slice();
  return assets.filter((asset) => {
    if (state && classificationStateOf(asset.classification) !== state) return false;
    if (minRisk && riskOf!(asset) < minRisk) return false;
    for (const { field, value, exact } of fieldFilters) {
      if (exact ? asset[field] !== value : !foldForSearch(asset[field]).includes(value)) return false;
    }
    if (words.length === 0) return true;
    const haystack = index.get(asset.id) ?? '';
    for (const word of words) if (!haystack.includes(word)) return false;
    return true;
  });
}

const collator = new Intl.Collator('ja', { numeric: true, sensitivity: 'base' });

/**
 * Sorts by the text a person sees in that column (Japanese collation, numbers in numeric order),
 * ties broken by 管理番号. Keys are computed once per asset, not once per comparison.
 */
export function sortAssets(assets: readonly Asset[], sort: LedgerSort, riskOf?: RiskOf): Asset[] {
  const keyOf = sortKeyOf(sort, riskOf);
  const compare = compareKeyed(sort);
  const keyed = assets.map((asset) => ({ asset, key: keyOf(asset) }));
  keyed.sort(compare);
  return keyed.map((entry) => entry.asset);
}

interface Keyed {
  asset: Asset;
  key: string;
}

/** The text an asset sorts by in `sort` (what a person sees in that column). */
function sortKeyOf(sort: LedgerSort, riskOf?: RiskOf): (asset: Asset) => string {
  // Risk sorts by number (collated numerically); an asset without a value sorts below every value.
  const riskKey = (asset: Asset) => {
    const value = riskOf ? riskOf(asset) : -1;
    return value < 0 ? '' : String(value);
  };
  return (asset) => (sort.field === 'updatedAt' ? asset.updatedAt : sort.field === 'risk' ? riskKey(asset) : displayValue(asset, sort.field));
}

function compareKeyed(sort: LedgerSort): (a: Keyed, b: Keyed) => number {
  const sign = sort.direction === 'asc' ? 1 : -1;
  return (a, b) => sign * (collator.compare(a.key, b.key) || collator.compare(a.asset.managementNumber, b.asset.managementNumber));
}

/** Units of work (keys made, items placed) between two pauses of `sortAssetsInSteps`: well under a millisecond each. */
const STEP = 256;
/**
 * Items sorted at once before the runs are merged: one run's sort is one step (a native sort cannot
 * pause), about 2,000 comparisons, a millisecond or two. Runs of 1,024 made steps of up to ~100 ms on a
 * loaded terminal; shorter runs mean more merge passes but about as many comparisons in all.
 */
const RUN = 256;

/**
 * `sortAssets` as a generator that pauses (yields) after every few hundred units of work, so a caller
 * on the UI thread can sort 100,000 assets across many short tasks instead of one long one. Returns
 * exactly what `sortAssets` returns: runs of RUN assets are sorted with the same stable comparison and
 * merged stably (an item of an earlier run comes first on a tie), which is what a stable sort of the
 * whole gives. The input array is not changed.
 */
export function* sortAssetsInSteps(assets: readonly Asset[], sort: LedgerSort, riskOf?: RiskOf): Generator<void, Asset[], void> {
  const keyOf = sortKeyOf(sort, riskOf);
  const compare = compareKeyed(sort);
  let from: Keyed[] = new Array<Keyed>(assets.length);
  for (let i = 0; i < assets.length; i++) {
    from[i] = { asset: assets[i]!, key: keyOf(assets[i]!) };
    if (i % STEP === STEP - 1) yield;
  }
  for (let start = 0; start < from.length; start += RUN) {
    const run = from.slice(start, start + RUN).sort(compare);
    for (let i = 0; i < run.length; i++) from[start + i] = run[i]!;
    yield;
  }
  // Bottom-up merge of neighbouring runs, doubling the width each pass.
  let into: Keyed[] = new Array<Keyed>(from.length);
  for (let width = RUN; width < from.length; width *= 2) {
    let work = 0;
    for (let left = 0; left < from.length; left += 2 * width) {
      const mid = Math.min(left + width, from.length);
      const end = Math.min(left + 2 * width, from.length);
      let i = left;
      let j = mid;
      let k = left;
      while (k < end) {
        // `<= 0`: on a tie the left (earlier) run's item first, as a stable sort keeps it.
        into[k++] = j >= end || (i < mid && compare(from[i]!, from[j]!) <= 0) ? from[i++]! : from[j++]!;
        if (++work % STEP === 0) yield;
      }
    }
    [from, into] = [into, from];
  }
  const sorted = new Array<Asset>(from.length);
  for (let i = 0; i < from.length; i++) sorted[i] = from[i]!.asset;
  return sorted;
}

/**
 * `buildSearchIndex` as a generator that pauses (yields) after every few hundred assets; returns the
 * same index.
 */
export function* buildSearchIndexInSteps(assets: readonly Asset[]): Generator<void, SearchIndex, void> {
  const index: SearchIndex = new Map();
  for (let start = 0; start < assets.length; start += STEP) {
    buildSearchIndex(assets.slice(start, start + STEP), index);
    yield;
  }
  return index;
}

/**
 * True when every asset matching `next` also matches `previous`, so `next` can be applied to the
 * previous result instead of the whole ledger: the same field filters and free text that only grew
 * (typing one more character). Keeps each keystroke fast on a large ledger.
 */
export function narrowsFilter(previous: LedgerFilter, next: LedgerFilter): boolean {
  const keys = new Set([...Object.keys(previous.fields), ...Object.keys(next.fields)]) as Set<FilterableField>;
  for (const key of keys) if ((previous.fields[key] ?? '') !== (next.fields[key] ?? '')) return false;
  if ((previous.classificationState ?? '') !== (next.classificationState ?? '')) return false;
  if ((previous.minRisk ?? 0) !== (next.minRisk ?? 0)) return false;
  return foldForSearch(next.text).startsWith(foldForSearch(previous.text));
}

/**
 * The order `sortAssets` gives, as a comparison of two assets (keys computed on each call): for
 * placing a few changed assets into an already sorted list without sorting it again.
 */
export function compareAssetsFor(sort: LedgerSort): (a: Asset, b: Asset) => number {
  const sign = sort.direction === 'asc' ? 1 : -1;
  // The risk order depends on the profile, so it is never patched: the ledger screen sorts it in full.
  const key = (asset: Asset) => (sort.field === 'updatedAt' ? asset.updatedAt : sort.field === 'risk' ? '' : displayValue(asset, sort.field));
  return (a, b) => sign * (collator.compare(key(a), key(b)) || collator.compare(a.managementNumber, b.managementNumber));
}
