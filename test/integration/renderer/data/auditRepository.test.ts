import { afterEach, describe, expect, it } from 'vitest';
import { addAsset, updateAsset } from '../../../../renderer/data/assetRepository';
import { completeAuditArchive, getAuditAnchor, listAudit, verifyAudit } from '../../../../renderer/data/auditRepository';
import { buildAuditArchive } from '../../../../shared/domain/auditArchive';
import type { DaichoDb } from '../../../../renderer/data/db';
import { assetInput } from '../../../fixtures/assets';
import { freshDb, operator, signIn } from './testDb';

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

describe('completeAuditArchive', () => {
  it('removes archived entries, keeps the rest verifiable from the anchor, and new entries chain on', async () => {
    db = await freshDb();
    await addAsset(db, assetInput(), 'a1', operator('2026-01-05T00:00:00.000Z'));
    await updateAsset(db, 'a1', assetInput({ name: '変更1' }), operator('2026-01-20T00:00:00.000Z'));
    await updateAsset(db, 'a1', assetInput({ name: '変更2' }), operator('2026-04-20T00:00:00.000Z'));
    const built = buildAuditArchive(await listAudit(db), await getAuditAnchor(db), new Date('2026-05-01T00:00:00Z'));
    if (!built.ok) throw new Error('nothing to archive');
    expect(built.archive.entries.map((e) => e.seq)).toEqual([1, 2]);

    await signIn(db, 'staff');
    expect(await completeAuditArchive(db, built.archive, { now: '2026-05-01T00:00:00.000Z' })).toEqual({ ok: false, reason: 'not-permitted' });
    await signIn(db, 'securityManager');
    expect(await completeAuditArchive(db, built.archive, { now: '2026-05-01T00:00:00.000Z' })).toEqual({ ok: true, value: 2 });
    expect((await listAudit(db)).map((e) => e.seq)).toEqual([3, 4]);
    expect(await getAuditAnchor(db)).toEqual({ seq: 2, hash: built.archive.entries[1]!.hash });
    expect(await verifyAudit(db)).toMatchObject({ ok: true, count: 2 });

    await updateAsset(db, 'a1', assetInput({ name: '変更3' }), operator('2026-05-02T00:00:00.000Z'));
    expect(await verifyAudit(db)).toMatchObject({ ok: true, count: 3 });
    await db.audit.update(3, { actor: '改ざん' });
    expect(await verifyAudit(db)).toEqual({ ok: false, brokenSeq: 3, reason: 'hash-mismatch' });
  });
});
