import { afterEach, describe, expect, it, vi } from 'vitest';
import { addAsset, bulkAddAssets, completeAssetReviews, getAsset, listAssets, listHistory, listManagementNumbers, registerAssets, retireAsset, updateAsset } from '../../../../renderer/data/assetRepository';
import { listAudit, verifyAudit } from '../../../../renderer/data/auditRepository';
import type { DaichoDb } from '../../../../renderer/data/db';
import { assetInput, makeAssets } from '../../../fixtures/assets';
import { freshDb, operator, signIn } from './testDb';
import { nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';

let db: DaichoDb;
afterEach(() => db?.close());

describe('addAsset', () => {
  it('returns the new asset and records history and a chained audit entry in the same write', async () => {
    db = await freshDb();
    const result = await addAsset(db, assetInput(), 'a1', operator());
    expect(result).toMatchObject({ ok: true, value: { id: 'a1', status: 'active', createdBy: '山田 花子' } });
    expect(await listHistory(db, 'a1')).toMatchObject([{ action: 'create', actor: '山田 花子' }]);
    expect(await listAudit(db)).toMatchObject([{ seq: 1, action: 'asset.create', target: 'a1' }]);
    expect(await verifyAudit(db)).toMatchObject({ ok: true, count: 1 });
  });

  it('returns duplicate-number and changes nothing when the 管理番号 is taken', async () => {
    db = await freshDb();
    await addAsset(db, assetInput(), 'a1', operator());
    const result = await addAsset(db, assetInput({ name: '別の資産' }), 'a2', operator());
    expect(result).toEqual({ ok: false, reason: 'duplicate-number' });
    expect(await listAssets(db)).toHaveLength(1);
    expect(await listAudit(db)).toHaveLength(1);
    expect(await listHistory(db, 'a2')).toEqual([]);
  });
});

describe('updateAsset', () => {
  it('returns the updated asset and keeps each changed field in the history', async () => {
    db = await freshDb();
    await addAsset(db, assetInput(), 'a1', operator());
    await signIn(db, 'staff');
    const result = await updateAsset(db, 'a1', assetInput({ location: '別館2階', retentionPeriod: '30年' }), { now: '2026-05-01T00:00:00.000Z' });
    expect(result).toMatchObject({ ok: true, value: { location: '別館2階', updatedBy: '佐藤 一郎' } });
    const history = await listHistory(db, 'a1');
    expect(history.at(-1)).toMatchObject({
      action: 'update',
      actor: '佐藤 一郎',
      changes: [
        { field: 'location', from: '本庁舎3階 市民課', to: '別館2階' },
        { field: 'retentionPeriod', from: '常用', to: '30年' },
      ],
    });
    expect(await verifyAudit(db)).toMatchObject({ ok: true, count: 2 });
  });

  it('writes nothing when nothing changed', async () => {
    db = await freshDb();
    await addAsset(db, assetInput(), 'a1', operator());
    await updateAsset(db, 'a1', assetInput(), operator('2026-06-01T00:00:00.000Z'));
    expect(await listHistory(db, 'a1')).toHaveLength(1);
    expect(await listAudit(db)).toHaveLength(1);
  });

  it('returns duplicate-number when renumbering onto another asset, and keeps both as they were', async () => {
    db = await freshDb();
    await addAsset(db, assetInput(), 'a1', operator());
    await addAsset(db, assetInput({ managementNumber: 'SM-00002', name: 'USBメモリ' }), 'a2', operator());
    const result = await updateAsset(db, 'a2', assetInput({ managementNumber: 'SM-00001', name: 'USBメモリ' }), operator());
    expect(result).toEqual({ ok: false, reason: 'duplicate-number' });
    expect((await getAsset(db, 'a2'))?.managementNumber).toBe('SM-00002');
  });

  it('returns not-found for an unknown id', async () => {
    db = await freshDb();
    expect(await updateAsset(db, 'nope', assetInput(), operator())).toEqual({ ok: false, reason: 'not-found' });
  });
});

describe('retireAsset', () => {
  it('returns the asset as 廃止; it stays in the ledger with the reason in the audit log', async () => {
    db = await freshDb();
    await addAsset(db, assetInput(), 'a1', operator());
    const result = await retireAsset(db, 'a1', 'システム更改のため', operator());
    expect(result).toMatchObject({ ok: true, value: { status: 'retired' } });
    expect(await listAssets(db)).toHaveLength(1);
    expect((await listAudit(db)).at(-1)).toMatchObject({ action: 'asset.retire', detail: { reason: 'システム更改のため' } });
    expect(await retireAsset(db, 'a1', '二度目', operator())).toEqual({ ok: false, reason: 'not-active' });
  });
});

describe('bulkAddAssets', () => {
  it('returns the count and adds all assets with one audit entry', async () => {
    db = await freshDb();
    const result = await bulkAddAssets(db, makeAssets(500), operator());
    expect(result).toEqual({ ok: true, value: 500 });
    expect(await db.assets.count()).toBe(500);
    expect(await listAudit(db)).toMatchObject([{ action: 'asset.bulkCreate', detail: { count: 500 } }]);
  });

  it('returns duplicate-number and adds nothing when a number repeats within the batch or the ledger', async () => {
    db = await freshDb();
    const assets = makeAssets(10);
    const withRepeat = [...assets, { ...assets[3]!, id: 'other' }];
    expect(await bulkAddAssets(db, withRepeat, operator())).toEqual({ ok: false, reason: 'duplicate-number' });
    expect(await db.assets.count()).toBe(0);
    await bulkAddAssets(db, assets.slice(0, 5), operator());
    expect(await bulkAddAssets(db, assets.slice(4), operator())).toEqual({ ok: false, reason: 'duplicate-number' });
    expect(await db.assets.count()).toBe(5);
    expect(await listAudit(db)).toHaveLength(1);
  });
});

describe('listManagementNumbers', () => {
  it('returns the numbers in use', async () => {
    db = await freshDb();
    await bulkAddAssets(db, makeAssets(3), operator());
    expect(await listManagementNumbers(db)).toEqual(['SM-000001', 'SM-000002', 'SM-000003']);
  });
});

describe('write failures', () => {
  it('returns quota and leaves the ledger as it was when the disk is full', async () => {
    db = await freshDb();
    await addAsset(db, assetInput(), 'a1', operator());
    const quota = Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
    const spy = vi.spyOn(db.history, 'add').mockRejectedValueOnce(quota);
    const result = await updateAsset(db, 'a1', assetInput({ name: '新しい名称' }), operator());
    spy.mockRestore();
    expect(result).toEqual({ ok: false, reason: 'quota' });
    expect((await getAsset(db, 'a1'))?.name).toBe('住民基本台帳');
    expect(await listAudit(db)).toHaveLength(1);
  });
});

describe('registerAssets (pasted rows)', () => {
  const row = (managementNumber: string, levels: Record<string, string> = {}) => ({ input: assetInput({ managementNumber, name: `資産 ${managementNumber}` }), status: 'active' as const, levels });

  it('registers every row with its own history and audit entry; classes given arrive as proposals', async () => {
    db = await freshDb();
    let n = 0;
    const result = await registerAssets(db, [row('P-1'), row('P-2', { importance: 'A' })], nishinomiyaProfile, () => `p${++n}`, operator());
    expect(result).toMatchObject({ ok: true });
    expect(await listManagementNumbers(db)).toEqual(['P-1', 'P-2']);
    expect((await getAsset(db, 'p2'))?.classification).toMatchObject({ state: 'proposed', levels: { importance: 'A' } });
    expect((await getAsset(db, 'p1'))?.classification).toBeNull();
    expect(await listHistory(db, 'p1')).toMatchObject([{ action: 'create' }]);
    expect((await listAudit(db)).map((e) => [e.action, e.target])).toEqual([['asset.create', 'p1'], ['asset.create', 'p2']]);
    expect(await verifyAudit(db)).toMatchObject({ ok: true, count: 2 });
  });

  it('registers nothing when one 管理番号 is already in the ledger or repeated', async () => {
    db = await freshDb();
    await addAsset(db, assetInput({ managementNumber: 'P-2' }), 'a1', operator());
    let n = 0;
    expect(await registerAssets(db, [row('P-1'), row('P-2')], nishinomiyaProfile, () => `p${++n}`, operator())).toEqual({ ok: false, reason: 'duplicate-number' });
    expect(await registerAssets(db, [row('P-3'), row('P-3')], nishinomiyaProfile, () => `p${++n}`, operator())).toEqual({ ok: false, reason: 'duplicate-number' });
    expect(await listManagementNumbers(db)).toEqual(['P-2']);
    expect(await listAudit(db)).toHaveLength(1);
  });
});

describe('completeAssetReviews', () => {
  it('marks every chosen asset reviewed, each with its own history line and audit entry', async () => {
    db = await freshDb();
    await addAsset(db, assetInput(), 'a1', operator());
    await addAsset(db, assetInput({ managementNumber: 'SM-00002', name: '窓口端末' }), 'a2', operator());
    const result = await completeAssetReviews(db, ['a1', 'a2'], '2027-11-29', operator('2026-11-29T01:00:00.000Z'));
    expect(result).toMatchObject({ ok: true, value: [{ id: 'a1', nextReviewDate: '2027-11-29' }, { id: 'a2', nextReviewDate: '2027-11-29' }] });
    for (const id of ['a1', 'a2']) expect((await listHistory(db, id)).at(-1)).toMatchObject({ action: 'review', changes: [{ field: 'nextReviewDate', to: '2027-11-29' }] });
    expect((await listAudit(db)).slice(-2)).toMatchObject([
      { action: 'asset.review', target: 'a1', detail: { managementNumber: 'SM-00001' } },
      { action: 'asset.review', target: 'a2', detail: { managementNumber: 'SM-00002' } },
    ]);
    expect(await verifyAudit(db)).toMatchObject({ ok: true, count: 4 });
  });

  it.each([
    ['one of them is not in the ledger', ['a1', 'missing'], 'not-found'],
    ['one of them is retired', ['a1', 'a2'], 'not-active'],
    ['nothing was chosen', [], 'not-found'],
  ])('reviews none of them when %s', async (_, ids, reason) => {
    db = await freshDb();
    await addAsset(db, assetInput(), 'a1', operator());
    await addAsset(db, assetInput({ managementNumber: 'SM-00002', name: '窓口端末' }), 'a2', operator());
    await retireAsset(db, 'a2', 'システム更改のため', operator());
    const auditBefore = (await listAudit(db)).length;
    expect(await completeAssetReviews(db, ids, '2027-11-29', operator())).toEqual({ ok: false, reason });
    expect((await getAsset(db, 'a1'))?.nextReviewDate).toBe(assetInput().nextReviewDate);
    expect(await listAudit(db)).toHaveLength(auditBefore);
  });
});
