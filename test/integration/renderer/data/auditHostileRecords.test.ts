/**
 * The audit screen's rows and CSV export against records a colleague edited by hand in IndexedDB
 * (DevTools at the same terminal): read back through the screen's own queries (listAuditPage,
 * listAuditMatching) from fake-indexeddb, which stores what the browser stores (structured clone).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { getAuditEntry, listAuditMatching, listAuditPage, listAuditSegments, SEGMENT_PREFIX, verifyAudit } from '../../../../renderer/data/auditRepository';
import { chainAuditEntries, genesisHash, hashAuditEntry, type AuditEntry } from '../../../../shared/domain/auditChain';
import { auditCsvHeader, auditCsvRow, auditRowText, NOT_TEXT } from '../../../../shared/domain/auditRowText';
import { toCsv } from '../../../../shared/domain/toCsv';
import { AUDIT_SEGMENT_FORMAT } from '../../../../shared/domain/auditSegment';
import type { DaichoDb } from '../../../../renderer/data/db';
import { freshDb } from './testDb';

let db: DaichoDb;
afterEach(() => db?.close());

/** Five entries as the app writes them (asset updates by 佐藤). */
async function withEntries(): Promise<AuditEntry[]> {
  db = await freshDb();
  const entries = chainAuditEntries(undefined, Array.from({ length: 5 }, (_, i) => ({ at: new Date(Date.UTC(2026, 3, 1) + i * 60_000).toISOString(), actor: '佐藤', action: 'asset.update' as const, target: '', outcome: 'success' as const, detail: { managementNumber: `SM-${i + 1}`, count: 0 } })));
  await db.audit.bulkAdd(entries);
  return entries;
}

/** Replaces entry `seq` as someone with DevTools would (any field, any value the browser stores). */
async function edit(seq: number, change: Record<string, unknown>, rehash = false) {
  const entry = (await db.audit.get(seq))!;
  const body = { ...entry, ...change } as AuditEntry;
  await db.audit.put(rehash ? { ...body, hash: hashAuditEntry(body) } : body);
}

const rows = () => listAuditPage(db, {});

describe('the audit screen against records edited by hand', () => {
  const cyclic: Record<string, unknown> = { name: 'x' };
  cyclic.self = cyclic;
  // [what, the edit, what the screen's row must show]. Before 2026-11-30 the first three stopped the
  // screen from drawing (null.managementNumber; an object as a React child).
  it.each<[string, Record<string, unknown>, Partial<Record<keyof ReturnType<typeof auditRowText>, unknown>>]>([
    ['a detail of null', { detail: null }, { details: [], target: '' }],
    ['an object as the actor', { actor: { name: '山田' } }, { actor: `${NOT_TEXT}名称 山田` }],
    ['a Date as the actor', { actor: new Date(0) }, { actor: `${NOT_TEXT}なし` }],
    ['a number as the actor (not to pass for the name 「5」)', { actor: 5 }, { actor: `${NOT_TEXT}5` }],
    ['an array as the action', { action: ['asset.update'] }, { action: `${NOT_TEXT}asset.update` }],
    ['an action this build does not know, with an RTL override', { action: 'x\u202Eetadpu.tessa' }, { action: '未登録の操作（x〔U+202E〕etadpu.tessa）' }],
    ['an RTL override in the actor', { actor: '\u202E藤佐' }, { actor: '〔U+202E〕藤佐' }],
    ['U+0000 and a lone surrogate in the actor', { actor: '佐藤\u0000\ud800' }, { actor: '佐藤〔U+0000〕〔U+D800〕' }],
    ['a number as the time', { at: 1 }, { at: `${NOT_TEXT}1` }],
    ['an outcome the app never writes', { outcome: 'succes' }, { outcome: '不明な結果（succes）', failure: false }],
    ['a cyclic detail', { detail: cyclic }, { details: ['名称: x', 'self: 名称 x、self 名称 x、self 名称 x、self …'] }],
    ['a BigInt, NaN, a Map and a Blob in the detail', { detail: { a: 10n, b: Number.NaN, c: new Map([[1, 1]]), d: new Blob(['x']) } }, { details: ['a: 10', 'b: NaN', 'c: なし', 'd: なし'] }],
    ['a managementNumber that is not text', { detail: { managementNumber: { toString: null } } }, { target: '' }],
  ])('draws a row of text for %s', async (_, change, expected) => {
    await withEntries();
    await edit(3, change);
    const page = await rows();
    const row = auditRowText(page.entries.find((e) => e.seq === 3)!, page.numbers, 'seireki');
    expect(row).toMatchObject(expected);
    for (const entry of page.entries) {
      const text = auditRowText(entry, page.numbers, 'seireki');
      for (const cell of Object.values(text).flat()) expect(typeof cell === 'string' || typeof cell === 'boolean').toBe(true);
    }
    // And the CSV of the shown records is written.
    const { entries, numbers } = await listAuditMatching(db, {});
    expect(() => toCsv(auditCsvHeader, entries.map((e) => auditCsvRow(e, numbers, 'seireki')))).not.toThrow();
  });

  // A time that is not a key leaves the entry out of every index the pages read: the screen shows the
  // entry the verification names by its number, so the forged entry is not hidden from the reader.
  it.each<[string, unknown]>([['null', null], ['an object', { at: 1 }], ['a boolean', true]])('reads an entry whose time is %s by its number, though no page lists it', async (_, at) => {
    await withEntries();
    await edit(3, { at, actor: '改ざん者' });
    expect((await listAuditMatching(db, {})).entries.map((e) => e.seq)).toEqual([5, 4, 2, 1]);
    expect(await verifyAudit(db)).toEqual({ ok: false, brokenSeq: 3, reason: 'hash-mismatch' });
    expect(auditRowText((await getAuditEntry(db, 3))!, {}, 'seireki')).toMatchObject({ seq: '3', actor: '改ざん者' });
    expect(await getAuditEntry(db, 99)).toBeNull();
  });

  it('draws the row of an asset whose 管理番号 was edited by hand into something other than text', async () => {
    await withEntries();
    await edit(3, { target: 'a1' });
    const row = auditRowText((await db.audit.get(3))!, { a1: { n: 1 } } as unknown as Record<string, string>, 'seireki');
    expect(auditCsvRow((await db.audit.get(3))!, { a1: 5 } as unknown as Record<string, string>, 'seireki')[5]).toBe('a1');
    expect(row.target).toBe('SM-3');
  });

  it.each<[string, unknown]>([
    ['a Date', new Date(3)],
    ['a string', '3'],
    ['an array', [3]],
  ])('draws a row for %s as the key (seq) of an entry', async (_, key) => {
    await withEntries();
    const entry = (await db.audit.get(5))!;
    await db.audit.put({ ...entry, seq: key as number, at: '2026-04-02T00:00:00.000Z' });
    const row = auditRowText((await rows()).entries[0]!, {}, 'seireki');
    expect(row.seq).toMatch(new RegExp(`^${NOT_TEXT}(なし|3)$`));
  });

  // The worst case: the verification finds nothing changed while the screen shows forged text.
  it.each<[string, Record<string, unknown>]>([
    ['a key of any text with no value', { detail: { managementNumber: 'SM-3', count: 0, 'セキュリティ管理者が承認しました': undefined } }],
    ['a known key with no value', { detail: { managementNumber: 'SM-3', count: 0, reason: undefined, before: undefined } }],
    ['zero as -0', { detail: { managementNumber: 'SM-3', count: -0 } }],
  ])('shows exactly what was verified after %s', async (_, change) => {
    await withEntries();
    const before = auditRowText((await db.audit.get(3))!, {}, 'seireki');
    const csvBefore = auditCsvRow((await db.audit.get(3))!, {}, 'seireki');
    await edit(3, change);
    expect(await verifyAudit(db)).toMatchObject({ ok: true, count: 5 });
    expect(auditRowText((await db.audit.get(3))!, {}, 'seireki')).toEqual(before);
    expect(auditCsvRow((await db.audit.get(3))!, {}, 'seireki')).toEqual(csvBefore);
  });

  it('writes a CSV that runs no formula and says where a detail has no canonical form', async () => {
    await withEntries();
    await edit(2, { actor: '=HYPERLINK("http://example.invalid","佐藤")', detail: { name: '+cmd|\' /C calc\'!A0', note: '-1+1\r\n=1+1' } }, true);
    await edit(4, { detail: { count: Number.NaN } });
    await edit(5, { actor: '@SUM(A1)', detail: { big: 10n } });
    const { entries, numbers } = await listAuditMatching(db, {});
    const csv = toCsv(auditCsvHeader, entries.map((e) => auditCsvRow(e, numbers, 'seireki')));
    expect(csv.startsWith('\uFEFF"番号"')).toBe(true);
    // No cell starts with a formula character (quoted cells: `"` then the cell).
    expect(csv).not.toMatch(/(^|,)"[=+\-@\t\r]/m);
    expect(csv).toContain(`"'=HYPERLINK(""http://example.invalid"",""佐藤"")"`);
    expect(csv.match(/ハッシュを計算できない値を含みます/g)).toHaveLength(2);
  });
});

// Set-aside segments are settings records: edited by hand into something else, the list threw and the
// audit screen went blank (useLiveQuery rethrows while drawing); so did a restore entry whose detail is null.
describe('listAuditSegments against records edited by hand', () => {
  it.each<[string, unknown]>([
    ['null', null],
    ['an empty record', {}],
    ['entries that are not a list', { setAsideAt: '2026-04-01T00:00:00.000Z', setAsideBy: '佐藤', backupCreatedAt: '2026-03-01T00:00:00.000Z', anchor: { seq: 0, hash: genesisHash }, entries: { length: 1 } }],
    ['an entry of null', { setAsideAt: '2026-04-01T00:00:00.000Z', setAsideBy: '佐藤', backupCreatedAt: '2026-03-01T00:00:00.000Z', anchor: { seq: 0, hash: genesisHash }, entries: [null] }],
    ['no anchor', { setAsideAt: '2026-04-01T00:00:00.000Z', setAsideBy: '佐藤', backupCreatedAt: '2026-03-01T00:00:00.000Z', anchor: null, entries: [] }],
    ['a time that is not text', { setAsideAt: 5, setAsideBy: '佐藤', backupCreatedAt: '2026-03-01T00:00:00.000Z', anchor: { seq: 0, hash: genesisHash }, entries: [] }],
  ])('lists a segment record of %s as unreadable, beside a readable one', async (_, value) => {
    const entries = await withEntries();
    await edit(2, { action: 'backup.restore', detail: null });
    const segment = { format: AUDIT_SEGMENT_FORMAT, reason: 'backup.restore', setAsideAt: '2026-04-02T00:00:00.000Z', setAsideBy: '佐藤', backupCreatedAt: '2026-03-01T00:00:00.000Z', anchor: { seq: 0, hash: genesisHash }, entries };
    await db.settings.bulkPut([{ key: `${SEGMENT_PREFIX}good`, value: segment }, { key: `${SEGMENT_PREFIX}bad`, value }]);
    const listed = await listAuditSegments(db);
    expect(listed.map((s) => [s.key, s.verification.ok, s.unreadable ?? false])).toEqual([[`${SEGMENT_PREFIX}good`, true, false], [`${SEGMENT_PREFIX}bad`, false, true]]);
  });
});
