import { afterEach, describe, expect, it } from 'vitest';
import { addAsset, updateAsset } from '../../../../renderer/data/assetRepository';
import { auditAnchorForNextExport, checkAgainstLastExport, completeAuditArchive, getAuditAnchor, getExportAnchors, listAudit, listAuditActors, listAuditMatching, listAuditPage, recordExportAnchor, verifyAudit, verifyAuditFully, type AuditCursor } from '../../../../renderer/data/auditRepository';
import { auditActorName } from '../../../../shared/domain/auditRowText';
import { chainAuditEntries, type AuditEntry, type AuditEvent } from '../../../../shared/domain/auditChain';
import { auditCountText, type AuditFilter } from '../../../../shared/domain/filterAudit';
import { tokyoDay } from '../../../../shared/domain/formatDate';
import { makeAsset } from '../../../fixtures/assets';
import { startAuditVerification } from '../../../../renderer/data/auditVerifier';
import { checkAuditHead, type AuditAnchorInFile } from '../../../../shared/domain/auditLog';
import { buildAuditArchive } from '../../../../shared/domain/auditArchive';
import type { DaichoDb } from '../../../../renderer/data/db';
import { assetInput } from '../../../fixtures/assets';
import { freshDb, freshFactory, operator, signIn } from './testDb';

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

describe('listAuditPage', () => {
  const actors = ['山田 花子', '佐藤 一郎', '監査 太郎'];
  const actions = ['asset.update', 'auth.login', 'asset.create', 'label.print'] as const;
  const targets = ['id-0', 'id-1', 'id-2', ''];
  /** 250 entries an hour apart from 2026-04-01 09:00 Tokyo, cycling actors (3), actions (4) and targets (4). */
  const events: AuditEvent[] = Array.from({ length: 250 }, (_, i) => ({
    at: new Date(Date.UTC(2026, 3, 1) + i * 3600_000).toISOString(),
    actor: actors[i % 3]!, action: actions[i % 4]!, target: targets[(i >> 2) % 4]!, outcome: 'success', detail: { i },
  }));

  async function seeded(): Promise<AuditEntry[]> {
    db = await freshDb();
    await db.assets.bulkAdd([makeAsset(0), makeAsset(1), makeAsset(2)]);
    const entries = chainAuditEntries(undefined, events);
    await db.audit.bulkAdd(entries);
    return entries;
  }

  /** The reference: every entry, filtered one by one, newest first. */
  const reference = (entries: AuditEntry[], f: AuditFilter) => {
    const id = f.managementNumber ? { 'SM-000001': 'id-0', 'SM-000002': 'id-1', 'SM-000003': 'id-2' }[f.managementNumber.trim().toUpperCase()] : undefined;
    return entries
      .filter((e) => (!f.actor || e.actor === f.actor) && (!f.action || e.action === f.action) && (!f.managementNumber || e.target === id))
      .filter((e) => (!f.from || tokyoDay(new Date(e.at)) >= f.from) && (!f.to || tokyoDay(new Date(e.at)) <= f.to))
      .map((e) => e.seq)
      .reverse();
  };

  /** Every page of a filter, following the cursor. */
  async function allPages(f: AuditFilter, size: number) {
    const seqs: number[] = [];
    const totals: (number | null)[] = [];
    let before: AuditCursor | null = null;
    for (let guard = 0; guard < 100; guard++) {
      const page = await listAuditPage(db, f, before, size);
      seqs.push(...page.entries.map((e) => e.seq));
      totals.push(page.total);
      expect(page.entries.length).toBeLessThanOrEqual(size);
      if (!page.next) break;
      before = page.next;
    }
    return { seqs, totals };
  }

  it('returns the first page newest first with the total, then the next page from the cursor, then the end', async () => {
    const entries = await seeded();
    const first = await listAuditPage(db, {}, null, 100);
    expect(first.entries.map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => 250 - i));
    expect(first.total).toBe(250);
    expect(first.next).toEqual({ at: entries[150]!.at, seq: 151 });
    const second = await listAuditPage(db, {}, first.next, 100);
    expect(second.entries[0]!.seq).toBe(150);
    const third = await listAuditPage(db, {}, second.next, 100);
    expect(third.entries.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 50 - i));
    expect(third.next).toBeNull();
  });

  it.each<[string, AuditFilter]>([
    ['an actor', { actor: '佐藤 一郎' }],
    ['an action', { action: 'auth.login' }],
    ['an asset, typed in lower case with spaces', { managementNumber: ' sm-000002 ' }],
    ['a period of Tokyo days', { from: '2026-04-03', to: '2026-04-05' }],
    ['a period open at the start', { to: '2026-04-02' }],
    ['a period open at the end', { from: '2026-04-10' }],
    ['actor and action', { actor: '山田 花子', action: 'asset.update' }],
    ['action and period', { action: 'asset.create', from: '2026-04-02', to: '2026-04-06' }],
    ['actor and period', { actor: '監査 太郎', from: '2026-04-04', to: '2026-04-04' }],
    ['asset, actor, action and period', { managementNumber: 'SM-000001', actor: '山田 花子', action: 'asset.update', from: '2026-04-01', to: '2026-04-09' }],
    ['a combination nothing matches', { actor: '山田 花子', action: 'auth.login' }],
  ])('pages through %s exactly as filtering every entry would, without repeats or gaps', async (_what, f) => {
    const entries = await seeded();
    const expected = reference(entries, f);
    const { seqs, totals } = await allPages(f, 7);
    expect(seqs).toEqual(expected);
    // The total is either the true count or unknown; never a wrong number.
    for (const total of totals) if (total !== null) expect(total).toBe(expected.length);
  });

  it('counts with the index when one condition and a period answer the filter', async () => {
    const entries = await seeded();
    const page = await listAuditPage(db, { action: 'label.print', from: '2026-04-02' }, null, 5);
    expect(page.total).toBe(reference(entries, { action: 'label.print', from: '2026-04-02' }).length);
    expect(page.total).toBeGreaterThan(5);
  });

  it('counts up to the cap and then says "at least" (an exact count walks the whole range)', async () => {
    const entries = await seeded();
    const matching = reference(entries, { action: 'label.print' }).length;
    const capped = await listAuditPage(db, { action: 'label.print' }, null, 5, matching - 1);
    expect(capped).toMatchObject({ total: matching - 1, totalAtLeast: true });
    expect(await listAuditPage(db, { action: 'label.print' }, null, 5, matching)).toMatchObject({ total: matching, totalAtLeast: false });
    expect(await listAuditPage(db, {}, null, 5, 100)).toMatchObject({ total: 100, totalAtLeast: true });
    expect(await listAuditPage(db, {}, null, 5, entries.length)).toMatchObject({ total: entries.length, totalAtLeast: false });
  });

  it('names the assets of the page by 管理番号 and leaves other targets unnamed', async () => {
    await seeded();
    const page = await listAuditPage(db, { managementNumber: 'SM-000003' }, null, 3);
    expect(page.entries.every((e) => e.target === 'id-2')).toBe(true);
    expect(page.numbers).toEqual({ 'id-2': 'SM-000003' });
  });

  it.each(['ｓｍ－０００００２', 'ＳＭ－000002', ' sm-000002\u3000'])('finds the asset whatever width its 管理番号 was typed in (%j), as the ledger search does', async (typed) => {
    await seeded();
    const page = await listAuditPage(db, { managementNumber: typed }, null, 100);
    expect(page.unknownAsset).toBe(false);
    expect(page.entries.length).toBeGreaterThan(0);
    expect(page.entries.every((e) => e.target === 'id-1')).toBe(true);
    expect((await listAuditMatching(db, { managementNumber: typed })).entries.map((e) => e.seq)).toEqual(page.entries.map((e) => e.seq));
  });

  it.each<[string, AuditFilter, boolean]>([
    ['a 管理番号 not in the ledger', { managementNumber: 'SM-999999' }, true],
    ['a period that ends before it starts', { from: '2026-04-05', to: '2026-04-04' }, false],
    ['a day that does not exist', { from: '2026-02-30' }, false],
    ['a period with no entries', { from: '2030-01-01' }, false],
    ['an action nobody did', { action: 'key.revoke' }, false],
    ['a hostile actor name', { actor: "'; DROP TABLE audit; --" }, false],
  ])('returns an empty page for %s', async (_what, f, unknownAsset) => {
    await seeded();
    const page = await listAuditPage(db, f);
    expect(page).toMatchObject({ entries: [], next: null, total: 0, unknownAsset });
  });

  it('returns an empty page with total 0 for an empty log', async () => {
    db = await freshDb();
    expect(await listAuditPage(db, {})).toEqual({ entries: [], next: null, total: 0, totalAtLeast: false, numbers: {}, unknownAsset: false });
  });

  it('orders by time when the clock went back, and still visits every entry once', async () => {
    db = await freshDb();
    const at = (h: number) => new Date(Date.UTC(2026, 3, 1, h)).toISOString();
    await db.audit.bulkAdd(chainAuditEntries(undefined, [1, 5, 3, 4].map((h) => ({ at: at(h), actor: '山田', action: 'asset.update', target: '', outcome: 'success' as const, detail: {} }))));
    expect((await allPages({}, 1)).seqs).toEqual([2, 4, 3, 1]);
  });

  it('lists every matching entry for the export, and the actors from the index', async () => {
    const entries = await seeded();
    expect((await listAuditMatching(db, { actor: '佐藤 一郎' })).entries.map((e) => e.seq)).toEqual(reference(entries, { actor: '佐藤 一郎' }));
    expect(await listAuditActors(db)).toEqual([...actors].sort());
  });

  // The count stops at the cap (issue 15): whatever the filter and the cap, a total is never more than
  // the truth, 「以上」 is said exactly when there are more, and without it the total is the truth.
  it.each([0, 1, 7, 62, 63, 250, 1000])('never counts more than match, with a cap of %i', async (cap) => {
    const entries = await seeded();
    const filters: AuditFilter[] = [{}, { actor: '佐藤 一郎' }, { action: 'label.print' }, { from: '2026-04-03', to: '2026-04-05' }, { managementNumber: 'SM-000002' }, { actor: '山田 花子', action: 'asset.update' }, { from: '2030-01-01' }];
    for (const f of filters) {
      const truth = reference(entries, f).length;
      const page = await listAuditPage(db, f, null, 5, cap);
      if (page.total === null) continue;
      // 「以上」: the cap, and more match; else the true count.
      expect({ f, total: page.total, more: page.totalAtLeast }).toEqual({ f, total: page.totalAtLeast ? cap : truth, more: page.totalAtLeast && truth > cap });
      expect(page.total).toBeLessThanOrEqual(truth);
    }
  });

  // The count line as the screen writes it, walking every page of a filter: never more than match, and
  // the truth on the last page (before 2026-11-30 a later page said only its own entries 「以上」).
  it.each<AuditFilter>([{ actor: '山田 花子', action: 'asset.update' }, { managementNumber: 'SM-000002', actor: '佐藤 一郎' }, { actor: '佐藤 一郎' }, {}])('counts, page by page, no more than match for %j', async (f) => {
    const entries = await seeded();
    const truth = reference(entries, f).length;
    const said: string[] = [];
    for (let before: AuditCursor | null = null, pages = 0; ; pages++) {
      const page = await listAuditPage(db, f, before, 5, 12);
      const text = auditCountText({ total: page.total, totalAtLeast: page.totalAtLeast, shown: page.entries.length, more: page.next !== null }, pages, 5);
      const n = Number(text.replace(/[^\d]/g, ''));
      expect(n).toBeLessThanOrEqual(truth);
      said.push(text);
      if (!page.next) {
        expect(text).toBe(truth > 12 && page.total !== null ? '12 件以上' : `${truth} 件`);
        break;
      }
      before = page.next;
    }
    expect(said.length).toBeGreaterThan(0);
  });
});

describe('listAuditActors', () => {
  it.each<[string, unknown[]]>([
    ['names that begin with another name, and the empty name', ['山田 花子', '山田', '', '山田花子', '山田 ', '山', 'a', 'A', '山田 花子']],
    ['many actors, each with many entries, interleaved', Array.from({ length: 1200 }, (_, i) => `職員${(i * 7) % 300}`)],
    ['names that are not strings in records written by hand', ['佐藤', 5, ['配列'], '佐藤']],
    // The next actor is sought at `name + U+0000`: names that are exactly that, and more, are actors too.
    ['names ending in U+0000', ['山田\u0000', '山田', '山田\u0000\u0000', '山田\u0000a', '\u0000', '']],
  ])('lists each actor once, in order: %s', async (_, names) => {
    db = await freshDb();
    await db.audit.bulkAdd(chainAuditEntries(undefined, names.map((actor, i) => ({ at: new Date(Date.UTC(2026, 3, 1) + i * 60_000).toISOString(), actor: actor as string, action: 'asset.update', target: '', outcome: 'success' as const, detail: {} }))));
    const listed = await listAuditActors(db);
    // What the index's distinct keys give (uniqueKeys, which this replaced for speed), and the names themselves.
    expect(listed).toEqual((await db.audit.orderBy('actor').uniqueKeys()).map(auditActorName).sort());
    expect(new Set(listed)).toEqual(new Set(names.map((n) => auditActorName(n as string))));
  });

  // Keys of every type IndexedDB orders (numbers < dates < strings < binary < arrays), written by hand after
  // the chain (a key the app never writes): each distinct key once, whatever its type or neighbours; values
  // that are not keys (null, booleans, objects, NaN) are in no index. The truth is counted with indexedDB.cmp.
  it.each<[string, unknown[]]>([
    ['numbers and dates around strings', [-Infinity, -1, -0, 0, 1.5, Infinity, new Date(-1), new Date(0), new Date(0), '', '0', 0]],
    ['strings at U+0000, lone surrogates and U+FFFF', ['', '\u0000', '\u0000\u0000', '\ud800', '\ud800\u0000', '\udfff', 'a\ud800', 'a\udfff\ud800', '\uffff', '\uffff\u0000', '\uffff\uffff', '\ud800', '']],
    ['a string followed by binary and array keys (greater than every string)', ['\uffff\uffff', Uint8Array.of(0), Uint8Array.of(0, 0), Uint8Array.of(255), new Uint8Array([0]).buffer, [], [''], ['\u0000'], [[]], [[], []], [0], ['a', 1], 'a']],
    ['only keys of other types (no string to seek from)', [5, new Date(5), [5], Uint8Array.of(5), 5, [5]]],
    ['values that are not keys between keys', ['佐藤', null, true, { a: 1 }, NaN, '佐藤', undefined, '鈴木']],
  ])('lists each distinct key of the index once: %s', async (_, keys) => {
    db = await freshDb();
    const entries = chainAuditEntries(undefined, keys.map((_, i) => ({ at: new Date(Date.UTC(2026, 3, 1) + i * 60_000).toISOString(), actor: 'x', action: 'asset.update', target: '', outcome: 'success' as const, detail: {} })));
    await db.audit.bulkAdd(entries.map((e, i) => ({ ...e, actor: keys[i] as string })));
    const { cmp } = freshFactory();
    const distinct: unknown[] = [];
    for (const key of keys) {
      if (key === undefined) continue; // no key (cmp would take it for a missing argument)
      try {
        if (!distinct.some((k) => cmp(k, key) === 0)) distinct.push(key);
      } catch (e) {
        if ((e as Error).name !== 'DataError') throw e; // else not a key: not indexed
      }
    }
    const listed = await listAuditActors(db);
    expect(listed).toHaveLength(distinct.length);
    expect(listed).toEqual((await db.audit.orderBy('actor').uniqueKeys()).map(auditActorName).sort());
    // Each key reads differently (the number 0 is not the name 「0」, nor an array ['a'] the name 「a」).
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('lists nobody for an empty log', async () => {
    db = await freshDb();
    expect(await listAuditActors(db)).toEqual([]);
  });
});

describe('verifyAuditFully and startAuditVerification', () => {
  it('verifies the chain and the last export in one read, reporting progress up to the total', async () => {
    db = await freshDb();
    await db.audit.bulkAdd(chainAuditEntries(undefined, Array.from({ length: 23 }, (_, i) => ({ at: new Date(Date.UTC(2026, 3, 1) + i * 1000).toISOString(), actor: '山田', action: 'asset.update' as const, target: '', outcome: 'success' as const, detail: { i } }))));
    const progress: number[] = [];
    const result = await verifyAuditFully(db, (p) => p.phase === 'chain' && progress.push(p.done), undefined, 10);
    expect(result.chain).toMatchObject({ ok: true, count: 23 });
    expect(result.lastExport).toMatchObject({ ok: true });
    expect(progress).toEqual([10, 20, 23]);
  });

  it('reports the first broken entry and the last-export check exactly as the separate checks do', async () => {
    db = await freshDb();
    await addAsset(db, assetInput(), 'a1', operator());
    await updateAsset(db, 'a1', assetInput({ name: '変更1' }), operator());
    const anchor = await auditAnchorForNextExport(db);
    if (!anchor.ok) throw new Error('no anchor');
    await db.transaction('rw', db.settings, () => recordExportAnchor(db, anchor.anchor, { at: operator().now, fileName: '台帳.xlsx' }));
    await db.audit.update(2, { actor: '改ざん者' });
    const result = await verifyAuditFully(db, undefined, undefined, 1);
    expect(result.chain).toEqual(await verifyAudit(db));
    expect(result.chain).toEqual({ ok: false, brokenSeq: 2, reason: 'hash-mismatch' });
    expect(result.lastExport).toEqual(await checkAgainstLastExport(db));
    // The tree is over the stored hashes, which the edit left alone: the chain check is what catches it.
    expect(result.lastExport).toMatchObject({ ok: true });
  });

  it('finds a deleted entry in the middle as a sequence gap', async () => {
    db = await freshDb();
    await db.audit.bulkAdd(chainAuditEntries(undefined, Array.from({ length: 6 }, (_, i) => ({ at: operator().now, actor: '山田', action: 'asset.update' as const, target: '', outcome: 'success' as const, detail: { i } }))));
    await db.audit.delete(4);
    expect((await verifyAuditFully(db, undefined, undefined, 2)).chain).toEqual({ ok: false, brokenSeq: 4, reason: 'sequence-gap' });
  });

  it('runs in this thread where there is no Worker, and a cancelled run answers cancelled', async () => {
    db = await freshDb();
    await addAsset(db, assetInput(), 'a1', operator());
    const done = startAuditVerification(db, () => {});
    expect(await done.result).toMatchObject({ ok: true, value: { chain: { ok: true, count: 1 } } });
    const cancelled = startAuditVerification(db, () => {});
    cancelled.cancel();
    expect(await cancelled.result).toEqual({ ok: false, reason: 'cancelled' });
  });
});
