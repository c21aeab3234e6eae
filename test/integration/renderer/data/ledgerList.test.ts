/**
 * The ledger list's sort and search index, built in steps outside React (issue 15): the list must
 * be exactly what sorting and indexing the cached ledger gives, after the first read, a small write
 * (patched), a new order (sorted again, index kept) and a large write (built again).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { bulkAddAssets, updateAsset } from '../../../../renderer/data/assetRepository';
import { assetCache } from '../../../../renderer/data/assetCache';
import type { DaichoDb } from '../../../../renderer/data/db';
import { ledgerList } from '../../../../renderer/data/ledgerList';
import { buildSearchIndex, sortAssets, type LedgerSort } from '../../../../shared/domain/filterAssets';
import { assetInput, makeAsset, makeAssets } from '../../../fixtures/assets';
import { freshDb, operator } from './testDb';

let db: DaichoDb;
const unsubscribes: (() => void)[] = [];
afterEach(() => {
  for (const unsubscribe of unsubscribes.splice(0)) unsubscribe();
  db?.close();
});

const byNumber: LedgerSort = { field: 'managementNumber', direction: 'asc' };
const byName: LedgerSort = { field: 'name', direction: 'desc' };
const ids = (assets: readonly { id: string }[]) => assets.map((a) => a.id);

/** A fresh database of `count` assets and its list, pausing through a counter (budget 0: a pause after every step). */
async function setUp(count: number) {
  db = await freshDb();
  await bulkAddAssets(db, makeAssets(count), operator());
  let pauses = 0;
  const list = ledgerList(db, { budgetMs: 0, pause: () => new Promise((resolve) => setTimeout(() => resolve(void pauses++), 0)) });
  return { list, pauses: () => pauses };
}

describe('ledgerList', () => {
  it('returns the cached ledger sorted and indexed, built in many slices and shown only when complete', async () => {
    const { list, pauses } = await setUp(700);
    const seen: (number | undefined)[] = [];
    unsubscribes.push(list.subscribe(() => seen.push(list.current?.sorted.length), byName));
    const built = await list.settled();
    const all = assetCache(db).snapshot!.all;
    expect(built.snapshot).toBe(assetCache(db).snapshot);
    expect(ids(built.sorted)).toEqual(ids(sortAssets(all, byName)));
    expect([...built.index]).toEqual([...buildSearchIndex(all)]);
    expect(pauses()).toBeGreaterThan(4);
    // Listeners hear of a list only once it is whole (never a part of the ledger).
    expect(seen).toEqual([700]);
    expect(list.stats).toEqual({ built: 1, resorted: 0, patched: 0 });
  });

  it('returns the edited row in its new place after a small write, patched without a new build', async () => {
    const { list } = await setUp(300);
    unsubscribes.push(list.subscribe(() => {}, byName));
    await list.settled();
    await updateAsset(db, 'id-5', assetInput({ managementNumber: 'SM-000006', name: '＿最後に並ぶ名前' }), operator());
    await assetCache(db).settled();
    const patched = await list.settled();
    expect(list.stats).toEqual({ built: 1, resorted: 0, patched: 1 });
    expect(ids(patched.sorted)).toEqual(ids(sortAssets(patched.snapshot.all, byName)));
    expect(patched.index.get('id-5')).toContain('最後に並ぶ名前');
  });

  it('returns the list in a new order with the same index when the order changes, and builds again after a large write', async () => {
    const { list } = await setUp(300);
    unsubscribes.push(list.subscribe(() => {}, byName));
    const first = await list.settled();
    unsubscribes.push(list.subscribe(() => {}, byNumber));
    const resorted = await list.settled();
    expect(resorted.index).toBe(first.index);
    expect(ids(resorted.sorted)).toEqual(ids(sortAssets(resorted.snapshot.all, byNumber)));
    expect(list.stats).toEqual({ built: 1, resorted: 1, patched: 0 });

    await bulkAddAssets(db, Array.from({ length: 80 }, (_, i) => makeAsset(1_000 + i)), operator());
    await assetCache(db).settled();
    const rebuilt = await list.settled();
    expect(list.stats.built).toBe(2);
    expect(rebuilt.sorted).toHaveLength(380);
    expect(ids(rebuilt.sorted)).toEqual(ids(sortAssets(rebuilt.snapshot.all, byNumber)));
  });

  it('stops building when nobody watches any more, and builds when watched again', async () => {
    const { list, pauses } = await setUp(500);
    const stop = list.subscribe(() => {}, byNumber);
    await assetCache(db).settled();
    const before = pauses();
    while (pauses() < before + 3) await new Promise((resolve) => setTimeout(resolve, 0));
    stop();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(list.current).toBeUndefined();
    unsubscribes.push(list.subscribe(() => {}, byNumber));
    expect((await list.settled()).sorted).toHaveLength(500);
  });
});
