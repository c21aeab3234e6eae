import { describe, expect, it } from 'vitest';
import { IDBKeyRange } from 'fake-indexeddb';
import Dexie from 'dexie';
import { makeAsset } from '../../../fixtures/assets';
import { DaichoDb, SCHEMA_VERSION } from '../../../../renderer/data/db';
import { openDatabase } from '../../../../renderer/data/openDatabase';
import { listAuditPage } from '../../../../renderer/data/auditRepository';
import { chainAuditEntries } from '../../../../shared/domain/auditChain';
import { freshFactory } from './testDb';

/** Creates a database the raw IndexedDB way, as an app version with another schema would have left it. */
function createRaw(factory: IDBFactory, name: string, version: number, fill: (db: IDBDatabase) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name, version);
    request.onupgradeneeded = () => fill(request.result);
    request.onsuccess = () => {
      request.result.close();
      resolve();
    };
    request.onerror = () => reject(request.error);
  });
}

describe('DaichoDb schema', () => {
  it('creates the tables with their indexes, the 管理番号 unique and contents multi-entry', async () => {
    const db = new DaichoDb('schema-test', { indexedDB: freshFactory(), IDBKeyRange });
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect(db.tables.map((t) => t.name).sort()).toEqual(['accounts', 'assets', 'audit', 'disposals', 'exceptions', 'history', 'labelPrints', 'settings', 'signingKeys', 'stockTakeScans', 'stockTakes', 'takeOuts', 'trustedKeys']);
    expect(db.table('accounts').schema.primKey.name).toBe('userId');
    const assets = db.table('assets').schema;
    expect(assets.primKey.name).toBe('id');
    expect(assets.idxByName.managementNumber?.unique).toBe(true);
    expect(assets.idxByName.contents?.multi).toBe(true);
    expect(Object.keys(assets.idxByName).sort()).toEqual(['contents', 'kind', 'managementNumber', 'status', 'updatedAt']);
    expect(db.table('audit').schema.primKey.name).toBe('seq');
    db.close();
  });

  it('v1 -> v2 (2026-11-22): upgrades v1 assets with empty contents and no derived class, keeping every field', async () => {
    const factory = freshFactory();
    // The v1 schema exactly as the first release declared it.
    const v1 = new Dexie('daicho', { indexedDB: factory, IDBKeyRange });
    v1.version(1).stores({ assets: 'id, &managementNumber, status, kind, updatedAt', history: '++id, assetId, at', audit: 'seq, at, actor, action, target', settings: 'key' });
    const { contents: _c, derived: _d, ...v1Asset } = makeAsset(0);
    await v1.table('assets').add(v1Asset);
    await v1.table('history').add({ assetId: v1Asset.id, at: v1Asset.createdAt, actor: '山田', action: 'create', changes: [] });
    v1.close();

    const result = await openDatabase({ name: 'daicho', indexedDB: factory, IDBKeyRange });
    if (!result.ok) throw new Error(result.reason);
    const upgraded = await result.db.assets.get(v1Asset.id);
    expect(upgraded).toEqual({ ...v1Asset, contents: [], derived: null });
    expect(await result.db.history.count()).toBe(1);
    expect(await result.db.assets.where('contents').equals('x').count()).toBe(0);
    result.db.close();
  });
});

describe('DaichoDb v2 -> v4 (2026-11-22)', () => {
  it('adds the label print record, accounts and registers, and keeps every asset', async () => {
    const factory = freshFactory();
    const v2 = new Dexie('daicho', { indexedDB: factory, IDBKeyRange });
    v2.version(1).stores({ assets: 'id, &managementNumber, status, kind, updatedAt', history: '++id, assetId, at', audit: 'seq, at, actor, action, target', settings: 'key' });
    v2.version(2).stores({ assets: 'id, &managementNumber, status, kind, updatedAt, *contents' });
    await v2.table('assets').add(makeAsset(1));
    v2.close();
    const result = await openDatabase({ name: 'daicho', indexedDB: factory, IDBKeyRange });
    if (!result.ok) throw new Error(result.reason);
    expect(await result.db.assets.get(makeAsset(1).id)).toEqual(makeAsset(1));
    expect(await result.db.labelPrints.count()).toBe(0);
    expect(await result.db.accounts.count()).toBe(0);
    expect(await result.db.takeOuts.count()).toBe(0);
    result.db.close();
  });
});

describe('DaichoDb v4 -> v5 (2026-11-22)', () => {
  it('adds the signing and trusted key tables and keeps assets and registers', async () => {
    const factory = freshFactory();
    const v4 = new Dexie('daicho', { indexedDB: factory, IDBKeyRange });
    v4.version(1).stores({ assets: 'id, &managementNumber, status, kind, updatedAt', history: '++id, assetId, at', audit: 'seq, at, actor, action, target', settings: 'key' });
    v4.version(2).stores({ assets: 'id, &managementNumber, status, kind, updatedAt, *contents' });
    v4.version(3).stores({ labelPrints: '++id, at' });
    v4.version(4).stores({ accounts: 'userId', takeOuts: '++id, assetId, state', disposals: '++id, assetId, state' });
    await v4.table('assets').add(makeAsset(2));
    await v4.table('takeOuts').add({ assetId: 'x', state: 'requested' });
    v4.close();
    const result = await openDatabase({ name: 'daicho', indexedDB: factory, IDBKeyRange });
    if (!result.ok) throw new Error(result.reason);
    expect(await result.db.assets.get(makeAsset(2).id)).toEqual(makeAsset(2));
    expect(await result.db.takeOuts.count()).toBe(1);
    expect(await result.db.signingKeys.count()).toBe(0);
    expect(await result.db.trustedKeys.count()).toBe(0);
    result.db.close();
  });
});

describe('openDatabase', () => {
  it('returns newer-version and leaves the data untouched for a database from a newer app', async () => {
    const factory = freshFactory();
    await createRaw(factory, 'daicho', (SCHEMA_VERSION + 1) * 10, (raw) => {
      const store = raw.createObjectStore('assets', { keyPath: 'id' });
      store.add({ id: 'future', name: '将来の資産' });
    });
    const result = await openDatabase({ name: 'daicho', indexedDB: factory, IDBKeyRange });
    expect(result).toMatchObject({ ok: false, reason: 'newer-version' });

    const stillThere = await new Promise<unknown>((resolve) => {
      const request = factory.open('daicho');
      request.onsuccess = () => {
        const raw = request.result;
        expect(raw.version).toBe((SCHEMA_VERSION + 1) * 10);
        const get = raw.transaction('assets').objectStore('assets').get('future');
        get.onsuccess = () => {
          raw.close();
          resolve(get.result);
        };
      };
    });
    expect(stillThere).toEqual({ id: 'future', name: '将来の資産' });
  });

  it('returns the open database for an empty profile', async () => {
    const result = await openDatabase({ name: 'daicho', indexedDB: freshFactory(), IDBKeyRange });
    expect(result.ok).toBe(true);
    if (result.ok) result.db.close();
  });

  it('closes the database and reports it when a newer version asks to upgrade', async () => {
    const factory = freshFactory();
    let reported = false;
    const result = await openDatabase({ name: 'daicho', indexedDB: factory, IDBKeyRange, onClosedForUpgrade: () => (reported = true) });
    expect(result.ok).toBe(true);
    await new Promise<void>((resolve, reject) => {
      const upgrade = factory.open('daicho', (SCHEMA_VERSION + 1) * 10);
      upgrade.onsuccess = () => {
        upgrade.result.close();
        resolve();
      };
      upgrade.onerror = () => reject(upgrade.error);
    });
    expect(reported).toBe(true);
    if (result.ok) expect(result.db.isOpen()).toBe(false);
  });
});

describe('DaichoDb v5 -> v6 (2026-11-29)', () => {
  it('keeps accounts without a 職員番号 usable, indexes new ones uniquely and refuses a second account for the same number', async () => {
    const factory = freshFactory();
    // The v5 schema exactly as it was declared.
    const v5 = new Dexie('daicho', { indexedDB: factory, IDBKeyRange });
    v5.version(5).stores({
      assets: 'id, &managementNumber, status, kind, updatedAt, *contents', history: '++id, assetId, at', audit: 'seq, at, actor, action, target', settings: 'key',
      labelPrints: '++id, at', accounts: 'userId', takeOuts: '++id, assetId, state', disposals: '++id, assetId, state', signingKeys: 'keyId, state', trustedKeys: 'keyId',
    });
    const old = { userId: 'tanaka', displayName: '田中 課長', role: 'securityManager', disabled: false };
    await v5.table('accounts').bulkAdd([old, { ...old, userId: 'sato', displayName: '佐藤' }]);
    v5.close();

    const result = await openDatabase({ name: 'daicho', indexedDB: factory, IDBKeyRange });
    if (!result.ok) throw new Error(result.reason);
    const db = result.db;
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect(db.table('accounts').schema.idxByName.employeeNumber?.unique).toBe(true);
    expect(await db.accounts.toArray()).toEqual([{ ...old, userId: 'sato', displayName: '佐藤' }, old]);
    await db.accounts.update('tanaka', { employeeNumber: 'E001' });
    expect((await db.accounts.where('employeeNumber').equals('E001').first())?.userId).toBe('tanaka');
    await expect(db.accounts.update('sato', { employeeNumber: 'E001' })).rejects.toThrow(/ConstraintError/);
    db.close();
  });
});

describe('DaichoDb v6 -> v7 (2026-11-29)', () => {
  it('keeps every audit entry, adds the paging indexes, drops the single at/target ones, and pages the old entries', async () => {
    const factory = freshFactory();
    // The v6 schema exactly as it was declared.
    const v6 = new Dexie('daicho', { indexedDB: factory, IDBKeyRange });
    v6.version(6).stores({
      assets: 'id, &managementNumber, status, kind, updatedAt, *contents', history: '++id, assetId, at', audit: 'seq, at, actor, action, target', settings: 'key',
      labelPrints: '++id, at', accounts: 'userId, &employeeNumber', takeOuts: '++id, assetId, state', disposals: '++id, assetId, state', signingKeys: 'keyId, state', trustedKeys: 'keyId',
    });
    const entries = chainAuditEntries(undefined, [
      { at: '2026-04-01T00:00:00.000Z', actor: '山田', action: 'asset.create', target: 'a1', outcome: 'success', detail: { managementNumber: 'SM-00001' } },
      { at: '2026-04-02T00:00:00.000Z', actor: '佐藤', action: 'auth.login', target: 'sato', outcome: 'failure', detail: { reason: 'wrong-password' } },
      { at: '2026-04-03T00:00:00.000Z', actor: '山田', action: 'asset.update', target: 'a1', outcome: 'success', detail: {} },
    ]);
    await v6.table('audit').bulkAdd(entries);
    v6.close();

    const result = await openDatabase({ name: 'daicho', indexedDB: factory, IDBKeyRange });
    if (!result.ok) throw new Error(result.reason);
    const db = result.db;
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect(Object.keys(db.table('audit').schema.idxByName).sort()).toEqual(['[action+at+seq]', '[actor+at+seq]', '[at+seq]', '[target+at+seq]', 'action', 'actor']);
    expect(await db.audit.orderBy('seq').toArray()).toEqual(entries);
    expect((await db.audit.where('target').equals('a1').toArray()).map((e) => e.seq)).toEqual([1, 3]);
    expect((await listAuditPage(db, { actor: '山田' })).entries.map((e) => e.seq)).toEqual([3, 1]);
    expect((await listAuditPage(db, { action: 'auth.login', from: '2026-04-02', to: '2026-04-02' })).total).toBe(1);
    db.close();
  });
});

describe('DaichoDb v6 -> v9 (2026-11-29)', () => {
  it('adds the stock-take and exception tables and keeps assets, accounts and registers', async () => {
    const factory = freshFactory();
    // The v6 schema exactly as it was declared.
    const v6 = new Dexie('daicho', { indexedDB: factory, IDBKeyRange });
    v6.version(6).stores({
      assets: 'id, &managementNumber, status, kind, updatedAt, *contents', history: '++id, assetId, at', audit: 'seq, at, actor, action, target', settings: 'key',
      labelPrints: '++id, at', accounts: 'userId, &employeeNumber', takeOuts: '++id, assetId, state', disposals: '++id, assetId, state', signingKeys: 'keyId, state', trustedKeys: 'keyId',
    });
    const asset = { id: 'a1', managementNumber: 'SM-00001', status: 'active', kind: 'recordingMedium', updatedAt: 'x', contents: [] };
    await v6.table('assets').add(asset);
    await v6.table('accounts').add({ userId: 'tanaka', employeeNumber: 'E1', displayName: '田中' });
    await v6.table('takeOuts').add({ assetId: 'a1', state: 'requested' });
    v6.close();

    const result = await openDatabase({ name: 'daicho', indexedDB: factory, IDBKeyRange });
    if (!result.ok) throw new Error(result.reason);
    const db = result.db;
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect(await db.assets.toArray()).toEqual([asset]);
    expect(await db.accounts.count()).toBe(1);
    expect(await db.takeOuts.toArray()).toEqual([{ id: 1, assetId: 'a1', state: 'requested' }]);
    expect(await db.stockTakes.count()).toBe(0);
    expect(db.table('stockTakeScans').schema.idxByName.sessionId).toBeDefined();
    expect(db.table('exceptions').schema.idxByName.assetIds?.multi).toBe(true);
    await db.exceptions.add({ assetIds: ['a1', 'a2'], state: 'requested' } as never);
    expect(await db.exceptions.where('assetIds').equals('a2').count()).toBe(1);
    db.close();
  });
});
