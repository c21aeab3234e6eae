/**
 * The whole ledger in memory for the screens that list, filter and count it, kept up to date by the
 * changed rows only. A live query over `assets.toArray()` re-read all 100,000 assets (about 1.5 s of
 * work) after every single write; here the ledger is read once, and each committed write patches it.
 *
 * Where the changes come from: Dexie reports every committed write (in this window and, through its
 * BroadcastChannel, in another window of the app) as `storagemutated` with the primary keys it wrote.
 * That covers every repository (asset edits, approvals, registers, import, restore) without each one
 * having to announce its writes. Dexie names single keys for writes of fewer than 50 records; a larger
 * write (an import, a restore) or a cleared table is reported as a range, and then the whole ledger
 * is read again, as before: correct first, fast for the common case.
 *
 * The whole ledger is read in pages by primary key (READ_PAGE assets per request, each its own
 * short read): one `toArray()` of 100,000 assets cloned them all in one task of several seconds on
 * the UI thread. Pages read at different moments may straddle a write; that write's notification,
 * heard from before the first page, is applied once the read is complete, so the snapshot still ends
 * with exactly the rows in the database.
 *
 * Counts (by status, kind and classification state) are kept with the list: the changed rows' old
 * values are taken out and their new values added, so no change recounts 100,000 assets.
 */
import Dexie, { type ObservabilitySet } from 'dexie';
import { countAssets, type AssetCounts } from '../../shared/domain/countAssets';
import type { Asset } from '../../shared/domain/asset';
import type { DaichoDb } from './db';
import { getAssets, listAssetsAfter } from './assetRepository';

/** What a changed row was and is now (null: not there before / not there any more). */
export interface AssetChange {
  before: Asset | null;
  after: Asset | null;
}

export interface AssetSnapshot {
  /** Every asset, in the order first read and then patched (screens sort for themselves). */
  all: readonly Asset[];
  counts: AssetCounts;
  /**
   * The rows changed since the previous snapshot, or null when the whole ledger was read (the first
   * read, or a large write). Lets a screen patch what it derived from `all` instead of redoing it.
   */
  changes: readonly AssetChange[] | null;
  /** The snapshot this one was patched from (for matching `changes` to a screen's derived state). */
  previous: AssetSnapshot | null;
}

/**
 * Assets per request while the whole ledger is read: Chromium clones the page in the request's
 * success task, about 10 µs per asset on an idle 2-core terminal and several times that on a busy one
 * (2,000 took up to ~180 ms in a bench run at load 12), so 1,000 keep that task short.
 */
export const READ_PAGE = 1_000;

/** More changed ids than this in one notification: reading everything is about as quick. */
const MAX_PATCH = 2_000;
/** How long an unused cache stays, so switching screens does not read the ledger again. */
const KEEP_MS = 30_000;

type Pending = { kind: 'none' } | { kind: 'ids'; ids: Set<string> } | { kind: 'all' };

/** Figures for tests and the bench: how often the whole ledger was read and how many rows were patched. */
export interface AssetCacheStats {
  fullReads: number;
  patchedRows: number;
}

class AssetCache {
  snapshot: AssetSnapshot | undefined;
  readonly stats: AssetCacheStats = { fullReads: 0, patchedRows: 0 };
  private readonly listeners = new Set<() => void>();
  private pending: Pending = { kind: 'all' };
  private running = false;
  private byId = new Map<string, Asset>();
  private releaseTimer: ReturnType<typeof setTimeout> | undefined;
  private active = false;
  private readonly part: string;
  private readonly onMutated = (parts: ObservabilitySet) => this.mutated(parts);

  constructor(
    private readonly db: DaichoDb,
    private readonly options: AssetCacheOptions = {},
  ) {
    this.part = `idb://${db.name}/assets/`;
  }

  subscribe(listener: () => void): () => void {
    if (this.releaseTimer !== undefined) clearTimeout(this.releaseTimer);
    this.releaseTimer = undefined;
    if (this.listeners.size === 0 && !this.active) this.start();
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.releaseTimer = setTimeout(() => this.release(), KEEP_MS);
    };
  }

  /** Resolves once every write notified so far is in the snapshot (tests and the bench). */
  async settled(): Promise<AssetSnapshot> {
    while (this.running || this.pending.kind !== 'none' || this.snapshot === undefined) await new Promise((resolve) => setTimeout(resolve, 1));
    return this.snapshot;
  }

  private start(): void {
    this.active = true;
    // Listen before the first read, so a write committed during it is applied after it.
    Dexie.on('storagemutated', this.onMutated);
    this.pending = { kind: 'all' };
    void this.run();
  }

  private release(): void {
    if (this.listeners.size > 0) return;
    Dexie.on.storagemutated.unsubscribe(this.onMutated);
    this.active = false;
    this.snapshot = undefined;
    this.byId = new Map();
    this.pending = { kind: 'all' };
  }

  private mutated(parts: ObservabilitySet): void {
    const keys = parts[this.part];
    if (!keys || this.pending.kind === 'all') return;
    const ids = singleKeys(keys, MAX_PATCH);
    if (ids === null) this.pending = { kind: 'all' };
    else if (ids.length === 0) return;
    else {
      const into = this.pending.kind === 'ids' ? this.pending.ids : new Set<string>();
      for (const id of ids) into.add(id);
      this.pending = into.size > MAX_PATCH ? { kind: 'all' } : { kind: 'ids', ids: into };
    }
    void this.run();
  }

  /** Applies pending changes one batch at a time, in order, until none are left. */
  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.active && this.pending.kind !== 'none') {
        const work = this.pending;
        this.pending = { kind: 'none' };
        if (work.kind === 'all') await this.readAll();
        else if (this.snapshot === undefined) this.pending = { kind: 'all' };
        else await this.patch([...work.ids]);
      }
    } catch {
      // A failed read (the database closing on logout, a versionchange) leaves the last snapshot;
      // the next write or subscription reads again.
      this.pending = { kind: 'all' };
    } finally {
      this.running = false;
    }
  }

  /**
   * Reads the whole ledger a page at a time, by primary key (so in the order one `toArray()` gives).
   * The next page is asked for before this one is taken in, so the database reads while the UI
   * thread works. The old snapshot stays on screen until the new one is complete.
   */
  private async readAll(): Promise<void> {
    const size = this.options.pageSize ?? READ_PAGE;
    const all: Asset[] = [];
    const byId = new Map<string, Asset>();
    let counts = noCounts;
    let next = listAssetsAfter(this.db, null, size);
    for (let pages = 1; ; pages++) {
      const page = await next;
      const more = page.length === size;
      if (more) next = listAssetsAfter(this.db, page[page.length - 1]!.id, size);
      for (const asset of page) {
        all.push(asset);
        byId.set(asset.id, asset);
      }
      counts = adjustCounts(counts, noCounts, countAssets(page));
      if (!more) break;
      await this.options.afterPage?.(pages);
    }
    this.stats.fullReads++;
    this.byId = byId;
    this.publish({ all, counts, changes: null, previous: null });
  }

  private async patch(ids: string[]): Promise<void> {
    const current = this.snapshot!;
    const fresh = new Map((await getAssets(this.db, ids)).map((a) => [a.id, a]));
    const changes: AssetChange[] = [];
    for (const id of ids) {
      const before = this.byId.get(id) ?? null;
      const after = fresh.get(id) ?? null;
      if (before === null && after === null) continue;
      changes.push({ before, after });
    }
    if (changes.length === 0) return;
    this.stats.patchedRows += changes.length;
    const replaced = new Map<string, Asset | null>();
    const added: Asset[] = [];
    for (const { before, after } of changes) {
      if (after) this.byId.set(after.id, after);
      else this.byId.delete(before!.id);
      if (before) replaced.set(before.id, after);
      else added.push(after!);
    }
    const all: Asset[] = [];
    for (const asset of current.all) {
      if (!replaced.has(asset.id)) all.push(asset);
      else {
        const next = replaced.get(asset.id);
        if (next) all.push(next);
      }
    }
    all.push(...added);
    const removedCounts = countAssets(changes.flatMap((c) => (c.before ? [c.before] : [])));
    const addedCounts = countAssets(changes.flatMap((c) => (c.after ? [c.after] : [])));
    this.publish({ all, counts: adjustCounts(current.counts, removedCounts, addedCounts), changes, previous: current });
  }

  private publish(snapshot: AssetSnapshot): void {
    if (!this.active) return;
    // Only the newest snapshot needs its predecessor; older ones are let go.
    if (snapshot.previous) snapshot.previous.previous = null;
    this.snapshot = snapshot;
    for (const listener of this.listeners) listener();
  }
}

const noCounts = countAssets([]);

/** `counts` with `removed` taken out and `added` put in, each count on its own (no full recount). */
export function adjustCounts(counts: AssetCounts, removed: AssetCounts, added: AssetCounts): AssetCounts {
  const each = <K extends string>(base: Record<K, number>, minus: Record<K, number>, plus: Record<K, number>) =>
    Object.fromEntries(Object.keys(base).map((k) => [k, base[k as K] - minus[k as K] + plus[k as K]])) as Record<K, number>;
  return {
    total: counts.total - removed.total + added.total,
    byStatus: each(counts.byStatus, removed.byStatus, added.byStatus),
    byKind: each(counts.byKind, removed.byKind, added.byKind),
    byClassification: each(counts.byClassification, removed.byClassification, added.byClassification),
  };
}

interface RangeNode {
  from: unknown;
  to: unknown;
  l?: RangeNode | null;
  r?: RangeNode | null;
}

/**
 * The single string keys of a Dexie range set (its nodes, which arrive as plain objects from another
 * window too), or null when it holds a range, a non-string key or more than `limit` keys.
 */
export function singleKeys(set: unknown, limit: number): string[] | null {
  const keys: string[] = [];
  const stack: unknown[] = [set];
  while (stack.length > 0) {
    const node = stack.pop() as RangeNode | null | undefined;
    if (!node || typeof node !== 'object' || !('from' in node)) continue;
    if (typeof node.from !== 'string' || node.from !== node.to) return null;
    keys.push(node.from);
    if (keys.length > limit) return null;
    stack.push(node.l, node.r);
  }
  return keys;
}

/** For tests: a smaller page, and a hook after each page (to write while the ledger is being read). */
export interface AssetCacheOptions {
  pageSize?: number;
  afterPage?: (pagesRead: number) => void | Promise<void>;
}

const caches = new WeakMap<DaichoDb, AssetCache>();

/**
 * The ledger cache of this database (one per open database, shared by every screen). `options` count
 * only when the cache is made, on the first call for a database.
 */
export function assetCache(db: DaichoDb, options?: AssetCacheOptions): AssetCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = new AssetCache(db, options);
    caches.set(db, cache);
  }
  return cache;
}
