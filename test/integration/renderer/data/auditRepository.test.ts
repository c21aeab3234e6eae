import { afterEach, describe, expect, it } from 'vitest';
import { addAsset, updateAsset } from '../../../../renderer/data/assetRepository';
import { verifyAudit } from '../../../../renderer/data/auditRepository';
import type { DaichoDb } from '../../../../renderer/data/db';
import { assetInput } from '../../../fixtures/assets';
import { freshDb, operator } from './testDb';

let db: DaichoDb;
afterEach(() => db?.close());

describe('verifyAudit', () => {
  it('returns the first broken entry when an entry is edited directly in IndexedDB', async () => {
    db = await freshDb();
    await addAsset(db, assetInput(), 'a1', operator());
    await updateAsset(db, 'a1', assetInput({ name: '変更1' }), operator());
    await updateAsset(db, 'a1', assetInput({ name: '変更2' }), operator());
    expect(await verifyAudit(db)).toMatchObject({ ok: true, count: 3 });
    await db.audit.update(2, { actor: '改ざん者' });
    expect(await verifyAudit(db)).toEqual({ ok: false, brokenSeq: 2, reason: 'hash-mismatch' });
  });

  it('returns a sequence gap when an entry is deleted', async () => {
    db = await freshDb();
    await addAsset(db, assetInput(), 'a1', operator());
    await updateAsset(db, 'a1', assetInput({ name: '変更1' }), operator());
    await db.audit.delete(1);
    expect(await verifyAudit(db)).toEqual({ ok: false, brokenSeq: 1, reason: 'sequence-gap' });
  });
});
