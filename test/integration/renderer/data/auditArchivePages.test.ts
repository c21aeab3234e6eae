import { afterEach, describe, expect, it } from 'vitest';
import { completeAuditArchive, getAuditAnchor, listAudit, prepareAuditArchive, verifyAudit } from '../../../../renderer/data/auditRepository';
import { chainAuditEntries } from '../../../../shared/domain/auditChain';
import { buildAuditArchive } from '../../../../shared/domain/auditArchive';
import type { DaichoDb } from '../../../../renderer/data/db';
import { freshDb, operator, signIn } from './testDb';

let db: DaichoDb;
afterEach(() => db?.close());

const now = new Date('2026-05-01T03:00:00Z');
/** `n` entries a day apart from 2026-01-01 (Tokyo noon): the first 31 are older than 1 February. */
async function withDays(n: number) {
  db = await freshDb();
  await db.audit.bulkAdd(chainAuditEntries(undefined, Array.from({ length: n }, (_, i) => ({ at: new Date(Date.UTC(2026, 0, 1, 3) + i * 86_400_000).toISOString(), actor: '山田 "花子"', action: 'asset.update' as const, target: `id-${i}`, outcome: 'success' as const, detail: { i, text: '改行\nあり' } }))));
}
const noPause = () => Promise.resolve();

describe('prepareAuditArchive', () => {
  it.each([1, 2, 7, 1000])('archives what buildAuditArchive does, as the same file text, reading %i entries a page', async (pageSize) => {
    await withDays(60);
    const expected = buildAuditArchive(await listAudit(db), await getAuditAnchor(db), now);
    if (!expected.ok) throw new Error('nothing to archive');
    const pauses: number[] = [];
    const prepared = await prepareAuditArchive(db, now, async () => void pauses.push(1), pageSize);
    if (!prepared.ok) throw new Error('not prepared');
    expect(prepared.archive).toEqual(expected.archive);
    expect(prepared.archive.entries.map((e) => e.seq)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
    expect(new TextDecoder().decode(prepared.bytes)).toBe(JSON.stringify(expected.archive, null, 1));
    // It paused between pages (the window draws), not once per archive.
    expect(pauses.length).toBe(Math.ceil(32 / pageSize) - 1 || 0);
  });

  it('never takes the newest entry, however old', async () => {
    await withDays(5);
    const prepared = await prepareAuditArchive(db, new Date('2030-01-01T00:00:00Z'), noPause, 2);
    expect(prepared.ok && prepared.archive.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });

  it('answers empty when nothing is old enough, or the log is empty', async () => {
    await withDays(5);
    expect(await prepareAuditArchive(db, new Date('2026-01-02T00:00:00Z'), noPause)).toEqual({ ok: false, empty: true });
    db.close();
    db = await freshDb();
    expect(await prepareAuditArchive(db, now, noPause)).toEqual({ ok: false, empty: true });
  });

  it.each([1, 3, 1000])('refuses a broken chain with the first broken entry, as buildAuditArchive does (pages of %i)', async (pageSize) => {
    await withDays(60);
    await db.audit.update(9, { actor: '改ざん者' });
    await db.audit.delete(20);
    const expected = buildAuditArchive(await listAudit(db), await getAuditAnchor(db), now);
    expect(expected).toEqual({ ok: false, verification: { ok: false, brokenSeq: 9, reason: 'hash-mismatch' } });
    expect(await prepareAuditArchive(db, now, noPause, pageSize)).toEqual(expected);
  });

  it('is completed by completeAuditArchive, which refuses when an entry changed after the file was made', async () => {
    await withDays(60);
    await signIn(db, 'securityManager');
    const prepared = await prepareAuditArchive(db, now, noPause, 5);
    if (!prepared.ok) throw new Error('not prepared');
    await db.audit.update(17, { hash: 'f'.repeat(64) });
    expect(await completeAuditArchive(db, prepared.archive, operator('2026-05-01T03:00:00.000Z'))).toEqual({ ok: false, reason: 'failed' });
    expect(await db.audit.count()).toBe(60);
    await db.audit.update(17, { hash: prepared.archive.entries[16]!.hash });
    await db.audit.delete(31);
    expect(await completeAuditArchive(db, prepared.archive, operator('2026-05-01T03:00:00.000Z'))).toEqual({ ok: false, reason: 'failed' });
    await db.audit.put(prepared.archive.entries[30]!);
    expect(await completeAuditArchive(db, prepared.archive, operator('2026-05-01T03:00:00.000Z'))).toEqual({ ok: true, value: 31 });
    expect((await listAudit(db))[0]!.seq).toBe(32);
    expect(await verifyAudit(db)).toMatchObject({ ok: true, count: 30 });
  });
});
