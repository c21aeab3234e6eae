/**
 * Schema v7 (2026-11-29): containers stored before handling was derived are recomputed once at the
 * upgrade, so a medium whose contents are all decided stops reading as undecided; without a known
 * profile nothing changes (the strict reading stays).
 */
import { describe, expect, it } from 'vitest';
import { IDBKeyRange } from 'fake-indexeddb';
import Dexie from 'dexie';
import { openDatabase } from '../../../../renderer/data/openDatabase';
import { assetHandling } from '../../../../shared/domain/deriveClass';
import { nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';
import type { AssetClassification } from '../../../../shared/domain/classification';
import { makeAsset } from '../../../fixtures/assets';
import { freshFactory } from './testDb';

const approvedC: AssetClassification = {
  profileId: 'nishinomiya', profileVersion: '1', levels: { importance: 'C' }, recommended: { importance: 'C' }, answers: {}, reasons: [], justification: '',
  referredToManager: false, state: 'approved', proposedBy: '佐藤', proposedAt: '2026-04-01', approvedBy: '山田', approvedAt: '2026-04-02',
};

/** A v6 database as the previous build left it: a USB memory whose stored derived class has no `undecided`. */
async function v6With(settings: { key: string; value: unknown }[]) {
  const factory = freshFactory();
  const v6 = new Dexie('daicho', { indexedDB: factory, IDBKeyRange });
  v6.version(6).stores({
    assets: 'id, &managementNumber, status, kind, updatedAt, *contents', history: '++id, assetId, at', audit: 'seq, at, actor, action, target', settings: 'key',
    labelPrints: '++id, at', accounts: 'userId, &employeeNumber', takeOuts: '++id, assetId, state', disposals: '++id, assetId, state', signingKeys: 'keyId, state', trustedKeys: 'keyId',
  });
  const content = makeAsset(0, { personalInfoKind: 'none', classification: approvedC });
  const usb = makeAsset(6, { kind: 'recordingMedium', personalInfoKind: 'none', classification: approvedC, contents: [content.id], derived: { levels: { importance: 'C' }, sources: { importance: [content.managementNumber] } } });
  await v6.table('assets').bulkAdd([content, usb]);
  await v6.table('settings').bulkAdd(settings);
  v6.close();
  return { factory, usb };
}

describe('DaichoDb v6 -> v7 (2026-11-29)', () => {
  it('recomputes a container stored before handling was derived: it no longer reads as undecided', async () => {
    const { factory, usb } = await v6With([{ key: 'section', value: { organisation: '西宮市', section: '市民課', managementPrefix: 'SM-', dateStyle: 'seireki', profileId: 'nishinomiya' } }]);
    expect(assetHandling(nishinomiyaProfile, usb).undecided).toEqual([{ kind: 'notDerived' }]);
    const result = await openDatabase({ name: 'daicho', indexedDB: factory, IDBKeyRange });
    if (!result.ok) throw new Error(result.reason);
    const upgraded = (await result.db.assets.get(usb.id))!;
    expect(upgraded.derived).toMatchObject({ levels: { importance: 'C' }, undecided: [], handling: { importance: 'C' } });
    expect(assetHandling(nishinomiyaProfile, upgraded)).toEqual({ levels: { importance: 'C' }, undecided: [] });
    result.db.close();
  });

  it.each([
    ['no section settings', []],
    ['a profile the terminal does not have', [{ key: 'section', value: { profileId: 'kobe' } }]],
  ])('changes nothing with %s (the strict reading stays)', async (_name, settings) => {
    const { factory, usb } = await v6With(settings);
    const result = await openDatabase({ name: 'daicho', indexedDB: factory, IDBKeyRange });
    if (!result.ok) throw new Error(result.reason);
    expect((await result.db.assets.get(usb.id))!.derived).toEqual(usb.derived);
    result.db.close();
  });
});
