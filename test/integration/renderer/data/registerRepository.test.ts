import { afterEach, describe, expect, it } from 'vitest';
import { addAsset, getAsset, listHistory } from '../../../../renderer/data/assetRepository';
import { listAudit, verifyAudit } from '../../../../renderer/data/auditRepository';
import { approveAssetClassification, saveClassification } from '../../../../renderer/data/classificationRepository';
import type { DaichoDb } from '../../../../renderer/data/db';
import { advanceDisposal, advanceTakeOut, listTakeOuts, requestDisposalFor, requestTakeOutFor } from '../../../../renderer/data/registerRepository';
import { nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';
import { assetInput } from '../../../fixtures/assets';
import { freshDb, operator, signIn } from './testDb';

let db: DaichoDb;
afterEach(() => db?.close());
const staff = { now: '2026-04-01T00:00:00.000Z', today: '2026-04-01' };
const manager = { now: '2026-04-01T01:00:00.000Z', today: '2026-04-01' };
const asStaff = () => signIn(db, 'staff');
const asManager = () => signIn(db, 'securityManager', { userId: 'tanaka', displayName: '田中 課長', employeeNumber: 'E010' });

async function classifiedB() {
  db = await freshDb();
  await addAsset(db, assetInput({ managementNumber: 'SM-00001', name: '入札予定価格調書' }), 'a1', operator());
  await saveClassification(db, nishinomiyaProfile, 'a1', {
    profileId: 'nishinomiya', profileVersion: '1', levels: { importance: 'B' }, recommended: { importance: 'B' }, answers: {}, reasons: [], justification: '',
    referredToManager: false, state: 'proposed', proposedBy: '', proposedAt: '', approvedBy: null, approvedAt: null,
  }, operator());
  await asManager();
  await approveAssetClassification(db, nishinomiyaProfile, 'a1', manager);
  await asStaff();
}

describe('take-out register', () => {
  it('requires a reason to take class-B information out unencrypted, then runs request -> approval -> handover -> return', async () => {
    await classifiedB();
    const request = { purpose: '入札説明会', destination: '契約課 会議室', medium: 'USBメモリ', encrypted: false, unencryptedReason: '', expectedReturn: '2026-04-02' };
    expect(await requestTakeOutFor(db, nishinomiyaProfile, 'sm-00001', request, staff)).toEqual({ ok: false, reason: 'reason-required' });
    const created = await requestTakeOutFor(db, nishinomiyaProfile, 'SM-00001', { ...request, encrypted: true }, staff);
    if (!created.ok) throw new Error(created.reason);
    const id = created.value.id!;
    expect(await advanceTakeOut(db, id, { kind: 'decide', approve: true, reason: '' }, staff)).toEqual({ ok: false, reason: 'not-permitted' });
    // Promoted to manager meanwhile, 佐藤 still cannot decide his own request.
    await db.accounts.update('sato', { role: 'securityManager' });
    expect(await advanceTakeOut(db, id, { kind: 'decide', approve: true, reason: '' }, staff)).toEqual({ ok: false, reason: 'own-request' });
    await asManager();
    expect((await advanceTakeOut(db, id, { kind: 'decide', approve: true, reason: '説明会のため' }, manager)).ok).toBe(true);
    expect((await advanceTakeOut(db, id, { kind: 'handOver' }, manager)).ok).toBe(true);
    expect(await advanceTakeOut(db, id, { kind: 'return' }, manager)).toMatchObject({ ok: true, value: { state: 'returned' } });
    expect((await listTakeOuts(db))[0]).toMatchObject({ state: 'returned', decidedBy: '田中 課長' });
    const actions = (await listAudit(db)).map((e) => `${e.action}:${e.outcome}`);
    expect(actions).toEqual(expect.arrayContaining(['takeOut.request:failure', 'takeOut.request:success', 'takeOut.approve:failure', 'takeOut.approve:success', 'takeOut.handOver:success', 'takeOut.return:success']));
    expect(await verifyAudit(db)).toMatchObject({ ok: true });
  });

  it('treats a not yet classified asset as undecided, handled at the strictest class (【03】第6条3): no unencrypted take-out without a reason', async () => {
    db = await freshDb();
    await addAsset(db, assetInput({ managementNumber: 'SM-00002', personalInfoKind: 'personal' }), 'a2', operator());
    await addAsset(db, assetInput({ managementNumber: 'SM-00003', personalInfoKind: 'none' }), 'a3', operator());
    const request = { purpose: '説明会', destination: '会議室', medium: 'USBメモリ', encrypted: false, unencryptedReason: '', expectedReturn: '2026-04-02' };
    expect(await requestTakeOutFor(db, nishinomiyaProfile, 'SM-00002', request, staff)).toEqual({ ok: false, reason: 'reason-required-undecided' });
    expect(await requestTakeOutFor(db, nishinomiyaProfile, 'SM-00002', { ...request, unencryptedReason: 'なし' }, staff)).toEqual({ ok: false, reason: 'reason-required-undecided' });
    expect(await requestTakeOutFor(db, nishinomiyaProfile, 'SM-00003', request, staff)).toEqual({ ok: false, reason: 'reason-required-undecided' });
    expect((await requestTakeOutFor(db, nishinomiyaProfile, 'SM-00003', { ...request, encrypted: true }, staff)).ok).toBe(true);
  });
});

describe('disposal register', () => {
  it('offers only unrecoverable methods for class B, and on completion the asset is 廃棄済 with its history', async () => {
    await classifiedB();
    expect(await requestDisposalFor(db, nishinomiyaProfile, 'SM-00001', { method: 'ordinary', reason: '保存年限満了' }, staff)).toEqual({ ok: false, reason: 'method-not-allowed' });
    const created = await requestDisposalFor(db, nishinomiyaProfile, 'SM-00001', { method: 'physical', reason: '保存年限満了' }, staff);
    if (!created.ok) throw new Error(created.reason);
    const id = created.value.id!;
    expect(await advanceDisposal(db, id, { kind: 'complete', completion: { performedOn: '2026-04-02', performer: '佐藤 一郎', witness: '田中 課長', certificateRef: '' } }, manager)).toEqual({ ok: false, reason: 'wrong-state' });
    await asManager();
    await advanceDisposal(db, id, { kind: 'decide', approve: true, reason: '' }, manager);
    expect(await advanceDisposal(db, id, { kind: 'complete', completion: { performedOn: '2026-04-02', performer: '佐藤 一郎', witness: '田中 課長', certificateRef: 'C-1' } }, manager)).toMatchObject({ ok: true, value: { state: 'completed' } });
    expect((await getAsset(db, 'a1'))?.status).toBe('disposed');
    expect((await listHistory(db, 'a1')).at(-1)).toMatchObject({ action: 'dispose', changes: [{ field: 'status', from: 'active', to: 'disposed' }] });
    expect((await listAudit(db)).at(-1)).toMatchObject({ action: 'disposal.complete', detail: { performer: '佐藤 一郎', witness: '田中 課長', certificateRef: 'C-1' } });
    expect(await requestDisposalFor(db, nishinomiyaProfile, 'SM-00001', { method: 'physical', reason: '二重' }, staff)).toEqual({ ok: false, reason: 'wrong-state' });
  });
});
