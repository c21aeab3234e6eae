import { afterEach, describe, expect, it } from 'vitest';
import { addAsset, updateAsset } from '../../../../renderer/data/assetRepository';
import { auditAnchorForNextExport, checkAgainstLastExport, completeAuditArchive, getAuditAnchor, getExportAnchors, listAudit, recordExportAnchor, verifyAudit } from '../../../../renderer/data/auditRepository';
import { checkAuditHead, type AuditAnchorInFile } from '../../../../shared/domain/auditLog';
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

describe('the audit log anchored outside the terminal (truncation, rewrite, restore)', () => {
  async function withEntries(count: number) {
    db = await freshDb();
    await addAsset(db, assetInput(), 'a1', operator('2026-01-05T00:00:00.000Z'));
    for (let i = 1; i < count; i++) await updateAsset(db, 'a1', assetInput({ name: `変更${i}` }), operator(`2026-01-${String(5 + i).padStart(2, '0')}T00:00:00.000Z`));
  }
  /** An export as the exchange screen makes it: the anchor computed, then recorded with the export. */
  async function exportNow(fileName: string) {
    const made = await auditAnchorForNextExport(db);
    if (!made.ok) throw new Error(made.reason);
    await db.transaction('rw', db.settings, () => recordExportAnchor(db, made.anchor, { at: '2026-02-01T00:00:00.000Z', fileName }));
    return made.anchor;
  }
  const headOf = (anchor: AuditAnchorInFile) => ({ size: anchor.size, rootHash: anchor.rootHash });

  it('returns an anchor over every entry, recorded as the last export, which the next export extends', async () => {
    await withEntries(4);
    const first = await exportNow('台帳1.xlsx');
    expect(first).toMatchObject({ size: 4, head: { seq: 4, hash: (await listAudit(db)).at(-1)!.hash }, proofs: [] });
    expect(await getExportAnchors(db)).toMatchObject({ last: { fileName: '台帳1.xlsx', size: 4, rootHash: first.rootHash }, heads: [{ size: 4 }] });
    await updateAsset(db, 'a1', assetInput({ name: 'その後' }), operator('2026-02-02T00:00:00.000Z'));
    const second = await exportNow('台帳2.xlsx');
    expect(checkAuditHead(headOf(first), second)).toEqual({ ok: true });
    expect(await checkAgainstLastExport(db)).toMatchObject({ ok: true, last: { fileName: '台帳2.xlsx' } });
  });

  it('detects deleting the newest entries, which the chain alone does not', async () => {
    await withEntries(6);
    const exported = await exportNow('台帳.xlsx');
    await db.audit.bulkDelete([5, 6]);
    expect(await verifyAudit(db)).toMatchObject({ ok: true, count: 4 }); // the chain still verifies
    expect(await checkAgainstLastExport(db)).toMatchObject({ ok: false, reason: 'went-backwards' });
    const next = await auditAnchorForNextExport(db);
    expect(next.ok && checkAuditHead(headOf(exported), next.anchor)).toEqual({ ok: false, reason: 'went-backwards' });
  });

  it('detects a log truncated and regrown past the exported size (rewritten history)', async () => {
    await withEntries(5);
    const exported = await exportNow('台帳.xlsx');
    await db.audit.bulkDelete([4, 5]);
    for (let i = 0; i < 4; i++) await updateAsset(db, 'a1', assetInput({ name: `書き直し${i}` }), operator('2026-03-01T00:00:00.000Z'));
    expect(await verifyAudit(db)).toMatchObject({ ok: true, count: 7 });
    expect(await checkAgainstLastExport(db)).toMatchObject({ ok: false, reason: 'forked' });
    const next = await auditAnchorForNextExport(db);
    expect(next.ok && checkAuditHead(headOf(exported), next.anchor)).toEqual({ ok: false, reason: 'forked' });
  });

  it('detects an archive anchor rewritten to hide deleted old entries', async () => {
    await withEntries(5);
    await exportNow('台帳.xlsx');
    const entries = await listAudit(db);
    await db.audit.bulkDelete([1, 2]);
    await db.settings.put({ key: 'auditAnchor', value: { seq: 2, hash: entries[1]!.hash } });
    expect(await verifyAudit(db)).toMatchObject({ ok: true }); // the chain verifies from the moved anchor
    expect(await checkAgainstLastExport(db)).toMatchObject({ ok: false, reason: 'leaves-missing' });
    expect(await auditAnchorForNextExport(db)).toEqual({ ok: false, reason: 'leaves-missing', seq: 1 });
  });

  it('keeps the leaves of archived entries, so the tree and the last export still agree after archiving', async () => {
    await withEntries(3);
    await updateAsset(db, 'a1', assetInput({ name: '新しい' }), operator('2026-04-20T00:00:00.000Z'));
    const exported = await exportNow('台帳.xlsx');
    const built = buildAuditArchive(await listAudit(db), await getAuditAnchor(db), new Date('2026-05-01T00:00:00Z'));
    if (!built.ok) throw new Error('nothing to archive');
    expect(await completeAuditArchive(db, built.archive, operator('2026-05-01T00:00:00.000Z'))).toMatchObject({ ok: true });
    expect(await checkAgainstLastExport(db)).toMatchObject({ ok: true });
    const next = await auditAnchorForNextExport(db);
    expect(next.ok && checkAuditHead(headOf(exported), next.anchor)).toEqual({ ok: true });
    expect(next.ok && next.anchor.size).toBe(5);
  });
});
