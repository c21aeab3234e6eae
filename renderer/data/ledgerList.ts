/**
 * The ledger list's derived state (its sorted order and its search index), kept per database beside
 * the ledger cache (assetCache.ts) and built outside React's render (issue 15). Sorting 100,000
 * assets and folding all their text took 1–3 s in one render on the UI thread after login; here a
 * full build runs in steps of a few milliseconds (runInSteps.ts), yielding between slices, and the
 * list keeps showing what it showed before (the first page, or the previous list) until it is done.
 * A few changed rows are still patched at once, as before: that is quick.
 *
 * Kept beside the cache rather than in the screen: going back to the list (after an edit, from
 * another screen) then sorts and indexes nothing again.
 */
import type { Asset } from '../../shared/domain/asset';
import { buildSearchIndexInSteps, sortAssetsInSteps, type LedgerSort, type SearchIndex } from '../../shared/domain/filterAssets';
import { patchSearchIndex, patchSorted } from '../../shared/domain/patchLedgerList';
import { assetCache, type AssetSnapshot } from './assetCache';
import type { DaichoDb } from './db';
import { runInSteps, SliceCancelled } from './runInSteps';

export interface SortedList {
  /** The ledger snapshot this list was derived from (its `all` and `counts` go with it). */
  snapshot: AssetSnapshot;
  sort: LedgerSort;
  sorted: Asset[];
  index: SearchIndex;
}

/** More changed rows than this are placed by a sort in steps rather than one by one (patchSorted's own limit). */
const MAX_PLACED = 200;

const sameSort = (a: LedgerSort, b: LedgerSort) => a.field === b.field && a.direction === b.direction;

/** Figures for tests: how many lists were built in full, re-sorted, or patched. */
export interface LedgerListStats {
  built: number;
  resorted: number;
  patched: number;
}

class LedgerList {
  current: SortedList | undefined;
  readonly stats: LedgerListStats = { built: 0, resorted: 0, patched: 0 };
  private wanted: LedgerSort | undefined;
  private readonly listeners = new Set<() => void>();
  private stopWatching: (() => void) | undefined;
  private running = false;

  constructor(
    private readonly db: DaichoDb,
    private readonly options: { pause?: () => Promise<void>; budgetMs?: number } = {},
  ) {}

  /**
   * The list to show, or undefined while there is none to trust: a list built before the ledger
   * cache let go of its snapshot (unused for a while) may miss writes made since, so it is not shown.
   */
  get shown(): SortedList | undefined {
    return assetCache(this.db).snapshot ? this.current : undefined;
  }

  /** Listens for a new list in `sort` order (the newest subscriber's order is the one built). */
  subscribe(listener: () => void, sort: LedgerSort): () => void {
    this.wanted = sort;
    this.listeners.add(listener);
    if (!this.stopWatching) {
      const cache = assetCache(this.db);
      if (!cache.snapshot) this.current = undefined;
      this.stopWatching = cache.subscribe(() => void this.run());
    }
    void this.run();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.stopWatching?.();
        this.stopWatching = undefined;
      }
    };
  }

  /** Resolves once the list matches the cache's snapshot and the wanted order (tests). */
  async settled(): Promise<SortedList> {
    for (;;) {
      const snapshot = assetCache(this.db).snapshot;
      const current = this.current;
      if (!this.running && snapshot && current && current.snapshot === snapshot && this.wanted && sameSort(current.sort, this.wanted)) return current;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  /** Brings the list up to the cache's newest snapshot and the wanted order, one change at a time. */
  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const snapshot = assetCache(this.db).snapshot;
        const sort = this.wanted;
        const last = this.current;
        if (!snapshot || !sort || this.listeners.size === 0) return;
        if (last && last.snapshot === snapshot && sameSort(last.sort, sort)) return;
        this.publish(await this.next(snapshot, sort, last));
      }
    } catch (error) {
      // Nobody is watching any more (cancelled between slices): the next subscriber starts again.
      if (!(error instanceof SliceCancelled)) throw error;
    } finally {
      this.running = false;
    }
  }

  private async next(snapshot: AssetSnapshot, sort: LedgerSort, last: SortedList | undefined): Promise<SortedList> {
    const steps = <T>(work: Generator<void, T, void>) => runInSteps(work, { ...this.options, cancelled: () => this.listeners.size === 0 });
    if (last && last.snapshot === snapshot) {
      this.stats.resorted++;
      return { ...last, sort, sorted: await steps(sortAssetsInSteps(snapshot.all, sort)) };
    }
    if (last && snapshot.changes && snapshot.previous === last.snapshot) {
      const index = patchSearchIndex(last.index, snapshot.changes);
      if (sameSort(last.sort, sort) && snapshot.changes.length <= MAX_PLACED) {
        this.stats.patched++;
        return { snapshot, sort, sorted: patchSorted(last.sorted, snapshot.all, snapshot.changes, sort), index };
      }
      this.stats.resorted++;
      return { snapshot, sort, index, sorted: await steps(sortAssetsInSteps(snapshot.all, sort)) };
    }
    // The first read, a large write (read again in full) or a chain of writes this list missed.
    this.stats.built++;
    const index = await steps(buildSearchIndexInSteps(snapshot.all));
    return { snapshot, sort, index, sorted: await steps(sortAssetsInSteps(snapshot.all, sort)) };
  }

  private publish(list: SortedList): void {
    this.current = list;
    for (const listener of this.listeners) listener();
  }
}

const lists = new WeakMap<DaichoDb, LedgerList>();

/**
 * The ledger list of this database (one per open database). `options` (tests: a pause and a budget)
 * count only when it is made, on the first call for a database.
 */
export function ledgerList(db: DaichoDb, options?: { pause?: () => Promise<void>; budgetMs?: number }): LedgerList {
  let list = lists.get(db);
  if (!list) {
    list = new LedgerList(db, options);
    lists.set(db, list);
  }
  return list;
}
