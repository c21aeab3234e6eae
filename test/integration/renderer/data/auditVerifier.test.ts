import { afterEach, describe, expect, it } from 'vitest';
import { auditAnchorForNextExport, completeAuditArchive, getAuditAnchor, listAudit, planAuditVerification, recordExportAnchor, verifyAuditFully, verifyAuditInRanges, type FullAuditVerification } from '../../../../renderer/data/auditRepository';
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

describe('verifyAuditInRanges against records written by hand into the database', () => {
  /** 21 entries, the last export at 13 (the tree's cut falls inside a range for every number of parts). */
  async function exportedAt13() {
    await withEntries(13);
    await exportNow();
    let last = (await db.audit.get(13))!;
    for (let i = 13; i < 21; i++) await db.audit.add((last = chainAuditEntry(last, event(i))));
  }
  /** An entry under a key the app never writes, linked and hashed as if it followed entry `after`. */
  async function hostileKey(key: unknown, after: number) {
    const before = await db.audit.get(after);
    const body = { ...event(500), seq: key as number, prevHash: before?.hash ?? '0'.repeat(64) };
    await db.audit.put({ ...body, hash: typeof key === 'number' && Number.isFinite(key) ? hashAuditEntry(body) : 'a'.repeat(64) });
  }
  async function setExportSize(size: unknown) {
    const record = (await db.settings.get('auditLastExport'))!.value as { last: object };
    await db.settings.put({ key: 'auditLastExport', value: { ...record, last: { ...record.last, size } } });
  }
  /** Rewrites entries from `seq` to the end with every hash and link recomputed: a chain that verifies on its own. */
  async function rechain(seq: number) {
    let before = await db.audit.get(seq - 1);
    for (const entry of await db.audit.where('seq').aboveOrEqual(seq).toArray()) {
      const body = { ...entry, actor: entry.seq === seq ? '改ざん者' : entry.actor, prevHash: before?.hash ?? entry.prevHash };
      await db.audit.put((before = { ...body, hash: hashAuditEntry(body) }));
    }
  }
  /** Entries 1..20 archived properly (the archive entry is 22), then `change` applied to the archived leaves record. */
  async function archivedThen(change: (hashes: string) => string) {
    await exportedAt13();
    const built = buildAuditArchive(await listAudit(db), await getAuditAnchor(db), new Date('2026-05-01T00:00:00Z'));
    if (!built.ok) throw new Error('nothing to archive');
    expect(await completeAuditArchive(db, built.archive, operator('2026-05-01T00:00:00.000Z'))).toMatchObject({ ok: true });
    const record = (await db.settings.where('key').startsWith('auditLeaves:').first())!;
    const leaves = record.value as { fromSeq: number; toSeq: number; hashes: string };
    await db.settings.put({ key: record.key, value: { ...leaves, hashes: change(leaves.hashes) } });
  }
  const summary = (r: FullAuditVerification) => ({ chain: r.chain.ok ? `ok ${r.chain.count}` : `${r.chain.brokenSeq} ${r.chain.reason}`, lastExport: r.lastExport.ok ? 'ok' : r.lastExport.reason });
  const flipAt = (i: number) => (h: string) => h.slice(0, i) + (h[i] === '0' ? '1' : '0') + h.slice(i + 1);

  // [state, chain, last export, what the single pass (verifyAuditFully) says when it differs, and why].
  // Every row: the ranges answer the same in 1..4 parts, pages of 2 or 5,000.
  const cases: [string, () => Promise<void>, string, string, string | null][] = [
    ['a string key after the newest entry (shown on the screen, read by no range before)', async () => { await exportedAt13(); await hostileKey('22', 21); }, '22 sequence-gap', 'leaves-missing', null],
    ['the newest entry deleted and a string key of its number put in its place', async () => { await exportedAt13(); await db.audit.delete(21); await hostileKey('21', 20); }, '21 sequence-gap', 'leaves-missing', null],
    ['an array key after the newest entry', async () => { await exportedAt13(); await hostileKey([22], 21); }, '22 sequence-gap', 'leaves-missing', null],
    ['a date key after the newest entry', async () => { await exportedAt13(); await hostileKey(new Date(22), 21); }, '22 sequence-gap', 'leaves-missing', null],
    ['an Infinity key', async () => { await exportedAt13(); await hostileKey(Infinity, 21); }, '22 sequence-gap', 'leaves-missing', null],
    ['a key 21.5 after the newest entry', async () => { await exportedAt13(); await hostileKey(21.5, 21); }, '22 sequence-gap', 'leaves-missing', 'ok: its leaves\' pages resume at the number after a page\'s last (pages of 7 end at 7, 14, 21) and pass over a key x.5 there; its chain finds it by the count'],
    ['a key 10.5 (between the ranges of 2 parts)', async () => { await exportedAt13(); await hostileKey(10.5, 10); }, '11 sequence-gap', 'leaves-missing', null],
    ['a key 7.5 (between the ranges of 3 parts)', async () => { await exportedAt13(); await hostileKey(7.5, 7); }, '8 sequence-gap', 'leaves-missing', 'ok: its leaves\' pages resume at the number after a page\'s last (pages of 7 end at 7, 14, 21) and pass over a key x.5 there; its chain finds it by the count'],
    ['a key 5.5 (between the ranges of 4 parts)', async () => { await exportedAt13(); await hostileKey(5.5, 5); }, '6 sequence-gap', 'leaves-missing', null],
    ['a key 14.5 (between ranges, past the cut)', async () => { await exportedAt13(); await hostileKey(14.5, 14); }, '15 sequence-gap', 'leaves-missing', 'ok: its leaves\' pages resume at the number after a page\'s last (pages of 7 end at 7, 14, 21) and pass over a key x.5 there; its chain finds it by the count'],
    ['a key -Infinity', async () => { await exportedAt13(); await hostileKey(-Infinity, 0); }, '1 sequence-gap', 'leaves-missing', 'ok: its leaves start after the archive anchor; the ranges take any key before it for a gap'],
    ['a key 0 (before the first entry)', async () => { await exportedAt13(); await hostileKey(0, 0); }, '1 sequence-gap', 'leaves-missing', 'ok: as above'],
    ['a numeric hash', async () => { await exportedAt13(); await db.audit.update(7, { hash: 12345 as unknown as string }); }, '7 hash-mismatch', 'leaves-missing', 'throws: its tree hashes the stored hash as hex'],
    ['a hash that is not hex', async () => { await exportedAt13(); await db.audit.update(7, { hash: 'zz' }); }, '7 hash-mismatch', 'leaves-missing', 'throws: as above'],
    // The tree's leaf is over the entry hash's 32 bytes: the ranges refuse a hash of another length as they refuse non-hex (before 2026-11-30 they hashed it as noble does).
    ['a hash of 62 hex digits (its last byte cut off)', async () => { await exportedAt13(); const e = (await db.audit.get(7))!; await db.audit.update(7, { hash: e.hash.slice(0, 62) }); }, '7 hash-mismatch', 'leaves-missing', 'forked: its tree hashes any even number of hex digits into a leaf'],
    ['a hash of 66 hex digits (a byte appended)', async () => { await exportedAt13(); const e = (await db.audit.get(7))!; await db.audit.update(7, { hash: `${e.hash}00` }); }, '7 hash-mismatch', 'leaves-missing', 'forked: as above'],
    // The same 32 bytes: the tree cannot tell (both ways read hex in either case); the chain compares the text.
    ['a hash in upper case (the same bytes)', async () => { await exportedAt13(); const e = (await db.audit.get(7))!; await db.audit.update(7, { hash: e.hash.toUpperCase() }); }, '7 hash-mismatch', 'ok', null],
    ['an archived leaf in upper case (the same bytes)', () => archivedThen((h) => h.slice(0, 128) + h.slice(128, 192).toUpperCase() + h.slice(192)), 'ok 2', 'ok', null],
    // Values the app never writes and IndexedDB stores (a record changed by hand): no canonical form, so the entry is changed, not the verification aborted.
    ['a detail changed by hand to hold NaN', async () => { await exportedAt13(); await edit(7, { detail: { count: NaN } }); }, '7 hash-mismatch', 'ok', null],
    ['a detail holding -Infinity deep in an array', async () => { await exportedAt13(); await edit(7, { detail: { list: [1, { x: -Infinity }] } }); }, '7 hash-mismatch', 'ok', null],
    ['a detail holding a BigInt', async () => { await exportedAt13(); await edit(7, { detail: { n: 10n } }); }, '7 hash-mismatch', 'ok', null],
    ['a detail holding NaN and the stored hash null (no hash to compare either)', async () => { await exportedAt13(); await edit(7, { detail: { count: NaN }, hash: null as unknown as string }); }, '7 hash-mismatch', 'leaves-missing', 'throws: its tree hashes the stored hash as hex'],
    ['the entry at the cut deleted (13, the export\'s last)', async () => { await exportedAt13(); await db.audit.delete(13); }, '13 sequence-gap', 'leaves-missing', null],
    ['the entry after the cut deleted', async () => { await exportedAt13(); await db.audit.delete(14); }, '14 sequence-gap', 'leaves-missing', null],
    ['the entry at the boundary of 2 parts deleted', async () => { await exportedAt13(); await db.audit.delete(11); }, '11 sequence-gap', 'leaves-missing', null],
    ['the first entry deleted', async () => { await exportedAt13(); await db.audit.delete(1); }, '1 sequence-gap', 'leaves-missing', null],
    ['the newest entries after the export deleted (nothing can tell: never exported)', async () => { await exportedAt13(); await db.audit.bulkDelete([20, 21]); }, 'ok 19', 'ok', null],
    ['every entry from the cut on deleted', async () => { await exportedAt13(); await db.audit.bulkDelete([13, 14, 15, 16, 17, 18, 19, 20, 21]); }, 'ok 12', 'went-backwards', null],
    ['history before the cut rewritten and every later hash re-chained', async () => { await exportedAt13(); await rechain(5); }, 'ok 21', 'forked', null],
    ['the export\'s last entry rewritten and re-chained', async () => { await exportedAt13(); await rechain(13); }, 'ok 21', 'forked', null],
    ['entries after the export rewritten and re-chained (nothing can tell: never exported)', async () => { await exportedAt13(); await rechain(14); }, 'ok 21', 'ok', null],
    ['an export record whose size is beyond the log', async () => { await exportedAt13(); await setExportSize(30); }, 'ok 21', 'went-backwards', null],
    ['an export record whose size is not a whole number', async () => { await exportedAt13(); await setExportSize(7.5); }, 'ok 21', 'leaves-missing', 'throws: prefixRoot refuses the size'],
    ['an export record whose size is a string', async () => { await exportedAt13(); await setExportSize('13'); }, 'ok 21', 'leaves-missing', 'throws: as above'],
    ['an archived leaf altered', () => archivedThen(flipAt(64 * 2 + 5)), 'ok 2', 'forked', null],
    // The archive anchor pins only the last archived leaf: one between the export and it is the archive file's to vouch for.
    ['an archived leaf past the cut altered (nothing here can tell)', () => archivedThen(flipAt(64 * 15 + 5)), 'ok 2', 'ok', null],
    ['the archived leaves cut short', () => archivedThen((h) => h.slice(0, -64)), 'ok 2', 'leaves-missing', null],
    ['an archived leaf that is not hex', () => archivedThen((h) => `zz${h.slice(2)}`), 'ok 2', 'leaves-missing', 'throws: its tree hashes the leaf as hex'],
    ['the first entry after the archive anchor deleted', async () => { await archivedThen((h) => h); await db.audit.delete(21); }, '21 sequence-gap', 'leaves-missing', null],
  ];

  it.each(cases)('%s', async (_, setUp, chain, lastExport, reference) => {
    await setUp();
    for (const parts of [1, 2, 3, 4]) {
      for (const pageSize of [2, 5000]) expect({ parts, pageSize, ...summary(await verifyAuditInRanges(db, parts, undefined, pageSize)) }).toEqual({ parts, pageSize, chain, lastExport });
    }
    const single = verifyAuditFully(db, undefined, undefined, 7).then(summary);
    if (reference === null) expect(await single).toEqual({ chain, lastExport });
    else if (reference.startsWith('throws')) await expect(single).rejects.toThrow();
    else expect(await single).toEqual({ chain, lastExport: reference.split(':')[0] });
  });
});
