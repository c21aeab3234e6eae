import { afterEach, describe, expect, it } from 'vitest';
import { auditAnchorForNextExport, completeAuditArchive, getAuditAnchor, listAudit, planAuditVerification, recordExportAnchor, verifyAuditFully, verifyAuditInRanges } from '../../../../renderer/data/auditRepository';
import { auditWorkerCount, startAuditVerification } from '../../../../renderer/data/auditVerifier';
import { chainAuditEntries, chainAuditEntry, hashAuditEntry, type AuditEntry } from '../../../../shared/domain/auditChain';
import { buildAuditArchive } from '../../../../shared/domain/auditArchive';
import type { DaichoDb } from '../../../../renderer/data/db';
import { freshDb, operator } from './testDb';

let db: DaichoDb;
afterEach(() => db?.close());

const event = (i: number) => ({ at: new Date(Date.UTC(2026, 0, 5) + i * 3_600_000).toISOString(), actor: '山田', action: 'asset.update' as const, target: `id-${i % 3}`, outcome: 'success' as const, detail: { i } });

/** A fresh database with `n` chained entries (seq 1..n). */
async function withEntries(n: number) {
  db = await freshDb();
  await db.audit.bulkAdd(chainAuditEntries(undefined, Array.from({ length: n }, (_, i) => event(i))));
}
async function exportNow() {
  const made = await auditAnchorForNextExport(db);
  if (!made.ok) throw new Error(made.reason);
  await db.transaction('rw', db.settings, () => recordExportAnchor(db, made.anchor, { at: '2026-02-01T00:00:00.000Z', fileName: '台帳.xlsx' }));
}
const edit = (seq: number, change: Partial<AuditEntry>) => db.audit.update(seq, change);
const reforge = async (seq: number, change: Partial<AuditEntry>) => {
  const entry = { ...(await db.audit.get(seq))!, ...change };
  await db.audit.put({ ...entry, hash: hashAuditEntry(entry) });
};

describe('verifyAuditInRanges', () => {
  // Each state of the database, verified in 1..7 ranges and pages of 2 or 5,000, must give exactly
  // what the single-pass verifyAuditFully gives (the chain's first break and the last-export check).
  const cases: [string, () => Promise<void>, boolean, boolean][] = [
    ['an intact log with no export', () => withEntries(30), true, true],
    ['an intact log with an export', async () => { await withEntries(30); await exportNow(); }, true, true],
    ['an empty log', async () => { db = await freshDb(); }, true, true],
    ['content edited at a range boundary (seq 16 of 30)', async () => { await withEntries(30); await exportNow(); await edit(16, { actor: '改ざん者' }); }, false, true],
    ['the first entry of a later range forged with its hash recomputed', async () => { await withEntries(30); await reforge(11, { detail: { i: 'x' } }); }, false, true],
    ['an entry deleted at a range boundary, after an export', async () => { await withEntries(30); await exportNow(); await db.audit.delete(16); }, false, false],
    ['the first entry deleted', async () => { await withEntries(30); await db.audit.delete(1); }, false, false],
    ['two entries reordered (bodies swapped)', async () => {
      await withEntries(30);
      const [a, b] = [(await db.audit.get(20))!, (await db.audit.get(21))!];
      await db.audit.bulkPut([{ ...b, seq: 20 }, { ...a, seq: 21 }]);
    }, false, true],
    ['the newest entries deleted after an export (the chain still verifies)', async () => { await withEntries(30); await exportNow(); await db.audit.bulkDelete([29, 30]); }, true, false],
    ['a log truncated and regrown after an export', async () => {
      await withEntries(30);
      await exportNow();
      await db.audit.bulkDelete([28, 29, 30]);
      let last = (await db.audit.get(27))!;
      for (let i = 0; i < 5; i++) await db.audit.add((last = chainAuditEntry(last, event(100 + i))));
    }, true, false],
    ['an archive anchor moved to hide deleted old entries', async () => {
      await withEntries(30);
      await exportNow();
      const entries = await listAudit(db);
      await db.audit.bulkDelete([1, 2, 3]);
      await db.settings.put({ key: 'auditAnchor', value: { seq: 3, hash: entries[2]!.hash } });
    }, true, false],
    ['a log archived properly, then edited', async () => {
      await withEntries(30);
      await exportNow();
      const built = buildAuditArchive(await listAudit(db), await getAuditAnchor(db), new Date('2026-05-01T00:00:00Z'));
      if (!built.ok) throw new Error('nothing to archive');
      expect(await completeAuditArchive(db, built.archive, operator('2026-05-01T00:00:00.000Z'))).toMatchObject({ ok: true });
      await db.audit.delete(30);
    }, false, false],
  ];

  it.each(cases)('answers as the single pass does for %s', async (_, setUp, chainOk, lastExportOk) => {
    await setUp();
    const single = await verifyAuditFully(db, undefined, undefined, 7);
    expect([single.chain.ok, single.lastExport.ok]).toEqual([chainOk, lastExportOk]);
    for (const parts of [1, 2, 3, 7]) {
      for (const pageSize of [2, 5000]) {
        const progress: number[] = [];
        const result = await verifyAuditInRanges(db, parts, (p) => p.phase === 'chain' && progress.push(p.done), pageSize);
        expect({ parts, pageSize, result }).toEqual({ parts, pageSize, result: single });
        // Progress only grows, and ends at the number of entries.
        expect(progress).toEqual([...progress].sort((a, b) => a - b));
        expect(progress.at(-1) ?? 0).toBe(await db.audit.count());
      }
    }
  });
});

describe('planAuditVerification', () => {
  it('splits the numbers in the database, and sees a gap and an export from indexes', async () => {
    await withEntries(10);
    // A full verification always collects the leaves: its tree gives the checkpoint's right edge.
    expect(await planAuditVerification(db, 3)).toMatchObject({ total: 10, ranges: [{ from: 1, to: 3 }, { from: 4, to: 6 }, { from: 7, to: 10 }], contiguous: true, checkTree: true, scope: { kind: 'full', because: 'none', checkpoint: null }, finding: null });
    await exportNow();
    await db.audit.delete(5);
    expect(await planAuditVerification(db, 2)).toMatchObject({ total: 9, ranges: [{ from: 1, to: 5 }, { from: 6, to: 10 }], contiguous: false, checkTree: true });
  });
});

describe('auditWorkerCount', () => {
  it.each([
    [undefined, 1],
    [0, 1],
    [1, 1],
    [2, 2],
    [3.7, 3],
    [16, 4],
    [Number.NaN, 1],
  ])('uses %s cores as %i workers', (cores, workers) => {
    expect(auditWorkerCount(cores)).toBe(workers);
  });
});

describe('startAuditVerification in this thread (no Worker in Node)', () => {
  it('reports the first broken entry through the ranges', async () => {
    await withEntries(12);
    await edit(7, { actor: '改ざん者' });
    const run = startAuditVerification(db, () => {}, { kind: 'full' }, 3);
    expect(await run.result).toEqual({ ok: true, value: { chain: { ok: false, brokenSeq: 7, reason: 'hash-mismatch' }, lastExport: { ok: true, last: null }, scope: { kind: 'full', because: 'none', checkpoint: null }, anchor: { seq: 0, hash: expect.any(String) }, frontier: null } });
  });
});
