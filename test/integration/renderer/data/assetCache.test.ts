import { afterEach, describe, expect, it } from 'vitest';
import { addAsset, bulkAddAssets, listAssets, retireAsset, updateAsset } from '../../../../renderer/data/assetRepository';
import { adjustCounts, assetCache, singleKeys } from '../../../../renderer/data/assetCache';
import type { DaichoDb } from '../../../../renderer/data/db';
import { countAssets } from '../../../../shared/domain/countAssets';
import { assetInput, makeAsset, makeAssets } from '../../../fixtures/assets';
import { freshDb, operator } from './testDb';

let db: DaichoDb;
let unsubscribe: (() => void) | undefined;
afterEach(() => {
  unsubscribe?.();
  unsubscribe = undefined;
  db?.close();
});

/** Subscribes as a screen would and waits for the first read. */
async function watch(d: DaichoDb) {
  const cache = assetCache(d);
  let renders = 0;
  unsubscribe = cache.subscribe(() => renders++);
  await cache.settled();
  return { cache, renders: () => renders };
}

describe('assetCache', () => {
  it('patches the edited row after a write, without reading the ledger again, and keeps the counts', async () => {
    db = await freshDb();
    await bulkAddAssets(db, makeAssets(120), operator());
    const { cache } = await watch(db);
    expect(cache.stats.fullReads).toBe(1);
    const first = cache.snapshot!;
    expect(first.all).toHaveLength(120);

    const result = await updateAsset(db, 'id-5', assetInput({ managementNumber: 'SM-000006', name: '改名した資産', kind: 'equipment' }), operator());
    expect(result.ok).toBe(true);
    const patched = await cache.settled();
    expect(cache.stats.fullReads).toBe(1);
    expect(cache.stats.patchedRows).toBe(1);
    expect(patched.changes).toHaveLength(1);
    expect(patched.previous).toBe(first);
    expect(patched.all.find((a) => a.id === 'id-5')?.name).toBe('改名した資産');
    // Untouched rows are the same objects: screens can tell what changed by identity.
    expect(patched.all.find((a) => a.id === 'id-6')).toBe(first.all.find((a) => a.id === 'id-6'));
    expect(patched.counts).toEqual(countAssets(await listAssets(db)));
  });

  it('adds a new asset and a retirement to the list and the counts', async () => {
    db = await freshDb();
    await bulkAddAssets(db, makeAssets(60), operator());
    const { cache } = await watch(db);
    await addAsset(db, assetInput({ managementNumber: 'SM-900000' }), 'new-1', operator());
    await retireAsset(db, 'id-1', '廃止のため', operator());
    const snapshot = await cache.settled();
    expect(cache.stats.fullReads).toBe(1);
    expect(snapshot.all).toHaveLength(61);
    expect(snapshot.all.find((a) => a.id === 'id-1')?.status).toBe('retired');
    expect(snapshot.counts).toEqual(countAssets(await listAssets(db)));
  });

  it('reads everything again after a write of 50 or more assets (reported as a range)', async () => {
    db = await freshDb();
    await bulkAddAssets(db, makeAssets(10), operator());
    const { cache } = await watch(db);
    await bulkAddAssets(db, Array.from({ length: 60 }, (_, i) => makeAsset(100 + i)), operator());
    const snapshot = await cache.settled();
    expect(cache.stats.fullReads).toBe(2);
    expect(snapshot.changes).toBeNull();
    expect(snapshot.all).toHaveLength(70);
  });

  it('sees a write made through another connection to the same database (as Dexie relays another window\'s writes)', async () => {
    db = await freshDb();
    await bulkAddAssets(db, makeAssets(5), operator());
    const { cache } = await watch(db);
    // A second Dexie instance on the same factory stands in for another window.
    const other = new (db.constructor as new (name: string, options: unknown) => DaichoDb)(db.name, { indexedDB: (db as unknown as { _options: { indexedDB: unknown } })._options.indexedDB, IDBKeyRange: (db as unknown as { _options: { IDBKeyRange: unknown } })._options.IDBKeyRange });
    await other.open();
    await other.assets.update('id-2', { name: '別の窓で変更' });
    other.close();
    const snapshot = await cache.settled();
    expect(snapshot.all.find((a) => a.id === 'id-2')?.name).toBe('別の窓で変更');
  });
});

describe('singleKeys', () => {
  it.each<[string, unknown, string[] | null]>([
    ['one key', { from: 'a', to: 'a', d: 1, l: null, r: null }, ['a']],
    ['a tree of keys', { from: 'b', to: 'b', d: 2, l: { from: 'a', to: 'a', d: 1 }, r: { from: 'c', to: 'c', d: 1 } }, ['b', 'c', 'a']],
    ['an empty set', { d: 0 }, []],
    ['a range', { from: 'a', to: 'c', d: 1 }, null],
    ['the whole table (cleared or a large write)', { from: -Infinity, to: [[]], d: 1 }, null],
    ['a number key', { from: 1, to: 1, d: 1 }, null],
    ['more keys than the limit', { from: 'b', to: 'b', l: { from: 'a', to: 'a', l: { from: '0', to: '0' } }, r: { from: 'c', to: 'c' } }, null],
  ])('returns the keys of %s', (_name, set, expected) => {
    const keys = singleKeys(set, 3);
    expect(keys === null ? null : [...keys].sort()).toEqual(expected === null ? null : [...expected].sort());
  });
});

describe('adjustCounts', () => {
  it('returns the counts of the changed ledger from the old counts and the changed rows only', () => {
    const before = makeAssets(40);
    const after = before.map((a, i) => (i % 7 === 0 ? { ...a, status: 'retired' as const, kind: 'equipment' as const } : a));
    const changedBefore = before.filter((_, i) => i % 7 === 0);
    const changedAfter = after.filter((_, i) => i % 7 === 0);
    expect(adjustCounts(countAssets(before), countAssets(changedBefore), countAssets([...changedAfter, makeAsset(99)]))).toEqual(countAssets([...after, makeAsset(99)]));
  });
});


describe('assetCache read in pages', () => {
  it('ends with exactly the rows in the database, in primary-key order, with their counts', async () => {
    db = await freshDb();
    await bulkAddAssets(db, makeAssets(53), operator());
    let pages = 0;
    const cache = assetCache(db, { pageSize: 5, afterPage: () => void pages++ });
    unsubscribe = cache.subscribe(() => {});
    const snapshot = await cache.settled();
    // 53 assets in pages of 5: 10 full pages, then the 11th (3 assets) ends the read.
    expect(pages).toBe(10);
    expect(cache.stats.fullReads).toBe(1);
    expect(snapshot.all).toEqual(await listAssets(db));
    expect(snapshot.counts).toEqual(countAssets(snapshot.all));
  });

  it.each([
    ['an edit of a row already read', async (d: DaichoDb) => void (await updateAsset(d, 'id-0', assetInput({ managementNumber: 'SM-000001', name: '読んだ後に変更' }), operator()))],
    ['an edit of a row not read yet', async (d: DaichoDb) => void (await updateAsset(d, 'id-9', assetInput({ managementNumber: 'SM-000010', name: '読む前に変更' }), operator()))],
    ['a new asset', async (d: DaichoDb) => void (await addAsset(d, assetInput({ managementNumber: 'SM-900001' }), 'id-00', operator()))],
    ['a retirement', async (d: DaichoDb) => void (await retireAsset(d, 'id-3', '廃止のため', operator()))],
    ['a row deleted outright (another window)', async (d: DaichoDb) => void (await d.assets.delete('id-8'))],
    ['a large write (read again in pages)', async (d: DaichoDb) => void (await bulkAddAssets(d, Array.from({ length: 60 }, (_, i) => makeAsset(500 + i)), operator()))],
  ])('applies %s committed while the ledger is being read', async (_name, write) => {
    db = await freshDb();
    await bulkAddAssets(db, makeAssets(40), operator());
    const d = db;
    let written = false;
    const cache = assetCache(d, {
      pageSize: 4,
      afterPage: async (pagesRead) => {
        if (pagesRead !== 2 || written) return;
        written = true;
        await write(d);
      },
    });
    unsubscribe = cache.subscribe(() => {});
    const snapshot = await cache.settled();
    expect(written).toBe(true);
    const inDb = await listAssets(d);
    expect([...snapshot.all].sort((a, b) => a.id.localeCompare(b.id))).toEqual([...inDb].sort((a, b) => a.id.localeCompare(b.id)));
    expect(snapshot.counts).toEqual(countAssets(inDb));
  });
});
