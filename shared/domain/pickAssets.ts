/**
 * The search behind the asset picker (contents, take-out, disposal): people find an asset by what they
 * know of it — its 管理番号, its name or where it is — instead of typing a number from memory. Runs on
 * every keystroke over up to 100,000 assets, so each asset's search text is folded once
 * (`buildPickerIndex`), matching is a substring test per word, and only the first `limit` matches are
 * returned (with the total, so the picker can say how many more there are).
 */
import type { Asset } from './asset';
import { foldForSearch } from './filterAssets';

/** What the picker shows and searches of an asset. */
export type PickableAsset = Pick<Asset, 'id' | 'managementNumber' | 'name' | 'location' | 'status' | 'kind'>;

export interface PickerEntry<T extends PickableAsset> {
  asset: T;
  /** Folded 管理番号 (for exact and prefix ranking). */
  number: string;
  /** Folded 管理番号, name and location, separated so a word cannot match across two fields. */
  text: string;
}

/** One asset's entry: its number, name and location folded in one NFKC pass (the three joined first). */
export function pickerEntry<T extends PickableAsset>(asset: T): PickerEntry<T> {
  const text = foldForSearch(`${asset.managementNumber}\u0001${asset.name}\u0001${asset.location}`);
  return { asset, number: text.slice(0, text.indexOf('\u0001')), text };
}

/** Folds each asset once; keep the index while the asset list is unchanged. */
export function buildPickerIndex<T extends PickableAsset>(assets: readonly T[]): PickerEntry<T>[] {
  return assets.map(pickerEntry);
}

export interface PickerQuery<T extends PickableAsset> {
  /** Free text: every word (split on half- or full-width spaces) must appear in the number, name or location. */
  text: string;
  /** Ids never offered (the container itself, contents already there). */
  exclude?: ReadonlySet<string>;
  /** Only assets this accepts are offered (e.g. not disposed). */
  accept?: (asset: T) => boolean;
  /** At most this many matches are returned (the list stays small however large the ledger). */
  limit: number;
}

export interface PickerResult<T extends PickableAsset> {
  matches: T[];
  /** How many assets match in all (matches holds at most `limit` of them). */
  total: number;
  /** The folded text searched for, and every matching entry: the next keystroke narrows from these. */
  text: string;
  within: readonly PickerEntry<T>[];
}

/**
 * The assets matching `query`, best first: the one whose 管理番号 is exactly the text, then those whose
 * 管理番号 starts with it, then the rest, each group in index order (the ledger's order). Full-width
 * and half-width, upper and lower case are the same (「ｓｍ－００１」 finds SM-001).
 */
export function pickAssets<T extends PickableAsset>(index: readonly PickerEntry<T>[], query: PickerQuery<T>, previous?: PickerResult<T>): PickerResult<T> {
  const folded = foldForSearch(query.text).trim();
  // Typing one more character can only narrow: search the previous matches instead of the whole ledger.
  // `previous` must come from the same index, exclude and accept (the picker keeps them together).
  const source = previous && folded.startsWith(previous.text) ? previous.within : index;
  const within: PickerEntry<T>[] = [];
  const words = folded.split(/\s+/u).filter(Boolean);
  const limit = Math.max(0, Math.floor(query.limit));
  const exact: T[] = [];
  const prefix: T[] = [];
  const rest: T[] = [];
  let total = 0;
  for (const entry of source) {
    if (query.exclude?.has(entry.asset.id)) continue;
    if (query.accept && !query.accept(entry.asset)) continue;
    let all = true;
    for (const word of words) {
      if (!entry.text.includes(word)) {
        all = false;
        break;
      }
    }
    if (!all) continue;
    total += 1;
    within.push(entry);
    // Enough kept in every group to fill `limit` from the best ones; the rest are only counted.
    if (folded !== '' && entry.number === folded) exact.push(entry.asset);
    else if (folded !== '' && words.length === 1 && entry.number.startsWith(folded)) {
      if (prefix.length < limit) prefix.push(entry.asset);
    } else if (rest.length < limit) rest.push(entry.asset);
  }
  return { matches: [...exact, ...prefix, ...rest].slice(0, limit), total, text: folded, within };
}

/** One line for an asset in the picker and beside a chosen one: 「SM-00001 住民基本台帳（本庁舎3階）」. */
export function pickerLabel(asset: Pick<PickableAsset, 'managementNumber' | 'name' | 'location'>): string {
  return asset.location ? `${asset.managementNumber} ${asset.name}（${asset.location}）` : `${asset.managementNumber} ${asset.name}`;
}
