import { afterEach, describe, expect, it } from 'vitest';
import { addAsset } from '../../../../renderer/data/assetRepository';
import { listAudit, verifyAudit } from '../../../../renderer/data/auditRepository';
import type { DaichoDb } from '../../../../renderer/data/db';
import { advanceException, listExceptions, listExceptionsForAsset, requestExceptionFor } from '../../../../renderer/data/exceptionRepository';
import { assetInput } from '../../../fixtures/assets';
import { freshDb, operator, signIn } from './testDb';

let db: DaichoDb;
afterEach(() => db?.close());
const day = { now: '2026-04-01T00:00:00.000Z', today: '2026-04-01' };
const request = {
  rule: '【03】第7条4 暗号化',
  reason: '暗号化ソフトの更新を待っているため使えない',
  compensatingMeasures: '施錠できる保管庫に入れ、持出しを禁止する',
  periodFrom: '2026-04-01',
  periodTo: '2026-06-30',
  checkIntervalDays: 30,
  assetIds: ['a1'],
};

async function seeded() {
  db = await freshDb();
  await addAsset(db, assetInput({ managementNumber: 'SM-00001' }), 'a1', operator());
  await signIn(db, 'staff');
}

describe('exception register', () => {
  it('runs request -> approval by another manager -> check -> withdraw, each in the audit log', async () => {
    await seeded();
    const created = await requestExceptionFor(db, request, day);
    if (!created.ok) throw new Error(created.reason);
    const id = created.value.id!;
    expect(created.value).toMatchObject({ state: 'requested', requestedBy: '佐藤 一郎', managementNumbers: ['SM-00001'] });
    expect(await advanceException(db, id, { kind: 'decide', approve: true, reason: '' }, day)).toEqual({ ok: false, reason: 'not-permitted' });

    // Promoted meanwhile, 佐藤 still cannot approve his own request; the refusal is logged.
    await db.accounts.update('sato', { role: 'securityManager' });
    expect(await advanceException(db, id, { kind: 'decide', approve: true, reason: '' }, day)).toEqual({ ok: false, reason: 'own-request' });
    expect((await listAudit(db)).at(-1)).toMatchObject({ action: 'exception.approve', outcome: 'failure', detail: { reason: 'own-request' } });

    await signIn(db, 'securityManager');
    expect(await advanceException(db, id, { kind: 'decide', approve: true, reason: '' }, day)).toMatchObject({ ok: true, value: { state: 'approved', decidedBy: '山田 花子' } });
    expect(await advanceException(db, id, { kind: 'check', stillNeeded: true, note: '保管庫を確認した' }, { now: 'x', today: '2026-05-01' })).toMatchObject({ ok: true, value: { checks: [{ by: '山田 花子' }] } });
    expect(await advanceException(db, id, { kind: 'withdraw' }, { now: 'y', today: '2026-05-02' })).toMatchObject({ ok: true, value: { state: 'withdrawn' } });
    expect((await listExceptionsForAsset(db, 'a1')).map((e) => e.state)).toEqual(['withdrawn']);
    const actions = (await listAudit(db)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['exception.request', 'exception.approve', 'exception.check', 'exception.withdraw']));
    expect((await verifyAudit(db)).ok).toBe(true);
  });

  it('refuses a request for an asset not in the ledger, and a bad request with the fields named', async () => {
    await seeded();
    expect(await requestExceptionFor(db, { ...request, assetIds: ['a1', 'nope'] }, day)).toEqual({ ok: false, reason: 'unknown-asset' });
    const bad = await requestExceptionFor(db, { ...request, reason: '短い' }, day);
    expect(bad).toMatchObject({ ok: false, reason: 'invalid', issues: [{ field: 'reason' }] });
    expect(await db.exceptions.count()).toBe(0);
  });

  // A clerk who types a number twice (「SM-00001 SM-00002 SM-00001」): the record keeps each asset once,
  // and each 管理番号 beside its own asset (the screen opens assetIds[i] for managementNumbers[i]).
  it('keeps each asset once with its own 管理番号 when a number is given twice', async () => {
    await seeded();
    await addAsset(db, assetInput({ managementNumber: 'SM-00002' }), 'a2', operator());
    const created = await requestExceptionFor(db, { ...request, assetIds: ['a1', 'a2', 'a1'] }, day);
    if (!created.ok) throw new Error(created.reason);
    expect(created.value).toMatchObject({ assetIds: ['a1', 'a2'], managementNumbers: ['SM-00001', 'SM-00002'] });
    expect((await db.exceptions.get(created.value.id!))?.managementNumbers).toEqual(['SM-00001', 'SM-00002']);
    expect((await listAudit(db)).at(-1)).toMatchObject({ action: 'exception.request', detail: { managementNumbers: ['SM-00001', 'SM-00002'] } });
  });

  // A record edited by hand in IndexedDB is named by the list and never advanced (a step built on a
  // record whose checks are not a list, or whose period is not a date, would write more of the same).
  it('lists a record edited by hand as unreadable and refuses to advance it, changing nothing', async () => {
    await seeded();
    const created = await requestExceptionFor(db, request, day);
    if (!created.ok) throw new Error(created.reason);
    const id = created.value.id!;
    await db.exceptions.update(id, { checks: 'なし' as never, state: 'approved' });
    await signIn(db, 'securityManager');
    expect(await listExceptions(db)).toEqual({ records: [], unreadable: [String(id)] });
    expect(await listExceptionsForAsset(db, 'a1')).toEqual([]);
    const before = await listAudit(db);
    expect(await advanceException(db, id, { kind: 'check', stillNeeded: true, note: '' }, day)).toEqual({ ok: false, reason: 'wrong-state' });
    expect((await db.exceptions.get(id))?.checks).toBe('なし');
    expect(await listAudit(db)).toEqual(before);
  });

  it('expires an exception after its last day, not on it', async () => {
    await seeded();
    const created = await requestExceptionFor(db, request, day);
    if (!created.ok) throw new Error(created.reason);
    expect(await advanceException(db, created.value.id!, { kind: 'expire' }, { now: 'x', today: '2026-06-30' })).toEqual({ ok: false, reason: 'wrong-state' });
    expect(await advanceException(db, created.value.id!, { kind: 'expire' }, { now: 'x', today: '2026-07-01' })).toMatchObject({ ok: true, value: { state: 'expired' } });
  });

  it.each([
    ['auditor', 'not-permitted'],
    [null, 'not-signed-in'],
  ] as const)('refuses every exception write as %s and changes nothing', async (role, reason) => {
    await seeded();
    const created = await requestExceptionFor(db, request, day);
    if (!created.ok) throw new Error(created.reason);
    if (role) await signIn(db, role);
    else (await import('../../../../renderer/data/session')).clearSession(db);
    const before = await listAudit(db);
    expect(await requestExceptionFor(db, request, day)).toEqual({ ok: false, reason });
    for (const step of [{ kind: 'decide', approve: true, reason: '' }, { kind: 'check', stillNeeded: true, note: '' }, { kind: 'withdraw' }, { kind: 'expire' }] as const) {
      expect(await advanceException(db, created.value.id!, step, day)).toEqual({ ok: false, reason });
    }
    expect(await db.exceptions.toArray()).toEqual([created.value]);
    expect(await listAudit(db)).toEqual(before);
  });
});
