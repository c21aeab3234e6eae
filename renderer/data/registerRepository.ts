/**
 * The take-out and disposal registers in the database. Each step is one transaction with its audit
 * entry; completing a disposal marks the asset 廃棄済 in the same transaction.
 */
import type { AccountRole } from '../../shared/accounts/account';
import type { AuditEvent } from '../../shared/domain/auditChain';
import { disposeAsset } from '../../shared/domain/assetLifecycle';
import type { PolicyProfile } from '../../shared/domain/policyProfile';
import {
  completeDisposal,
  decideDisposal,
  requestDisposal,
  secureDisposalRequirement,
  type Disposal,
  type disposalCompletionSchema,
  type disposalRequestSchema,
} from '../../shared/registers/disposal';
import { decideTakeOut, encryptionRequirement, handOverTakeOut, requestTakeOut, returnTakeOut, type RegisterFailure, type TakeOut, type TakeOutRequest } from '../../shared/registers/takeOut';
import type { z } from 'zod';
import { appendAudit } from './auditRepository';
import type { DaichoDb } from './db';
import { runWrite, WriteAbort, type WriteFailure } from './writeResult';

type Context = { actor: string; now: string; today: string };
export type RegisterWriteResult<T> = { ok: true; value: T } | { ok: false; reason: RegisterFailure | WriteFailure | 'same-witness' };

export function listTakeOuts(db: DaichoDb): Promise<TakeOut[]> {
  return db.takeOuts.reverse().toArray();
}

export function listDisposals(db: DaichoDb): Promise<Disposal[]> {
  return db.disposals.reverse().toArray();
}

async function assetByNumber(db: DaichoDb, managementNumber: string) {
  const asset = await db.assets.where('managementNumber').equals(managementNumber.trim().toUpperCase()).first();
  if (!asset) throw new WriteAbort('unknown-asset');
  return asset;
}

/** Runs a register write; a refusal from the domain is recorded as a failed attempt in the audit log. */
async function registerWrite<T>(db: DaichoDb, failureEvent: Omit<AuditEvent, 'outcome' | 'detail'>, write: () => Promise<T | { refused: RegisterFailure | 'same-witness' }>): Promise<RegisterWriteResult<T>> {
  const result = await runWrite(() => db.transaction('rw', [db.assets, db.history, db.audit, db.takeOuts, db.disposals], write));
  if (!result.ok) return result;
  const value = result.value;
  if (value && typeof value === 'object' && 'refused' in value) {
    await db.transaction('rw', db.audit, () => appendAudit(db, [{ ...failureEvent, outcome: 'failure', detail: { reason: value.refused } }]));
    return { ok: false, reason: value.refused };
  }
  return { ok: true, value: value as T };
}

export function requestTakeOutFor(db: DaichoDb, profile: PolicyProfile, managementNumber: string, request: TakeOutRequest, context: Context): Promise<RegisterWriteResult<TakeOut>> {
  return registerWrite<TakeOut>(db, { at: context.now, actor: context.actor, action: 'takeOut.request', target: '' }, async () => {
    const asset = await assetByNumber(db, managementNumber);
    const result = requestTakeOut(asset, request, encryptionRequirement(profile, asset), context);
    if (!result.ok) return { refused: result.reason };
    const id = await db.takeOuts.add(result.value);
    await appendAudit(db, [{ at: context.now, actor: context.actor, action: 'takeOut.request', target: asset.id, outcome: 'success', detail: { managementNumber: asset.managementNumber, purpose: request.purpose, destination: request.destination, encrypted: request.encrypted, unencryptedReason: result.value.unencryptedReason } }]);
    return { ...result.value, id };
  });
}

export type TakeOutStep = { kind: 'decide'; approve: boolean; reason: string; approver: { name: string; role: AccountRole } } | { kind: 'handOver' } | { kind: 'return' };

export function advanceTakeOut(db: DaichoDb, id: number, step: TakeOutStep, context: Context): Promise<RegisterWriteResult<TakeOut>> {
  const action = step.kind === 'decide' ? (step.approve ? 'takeOut.approve' : 'takeOut.reject') : step.kind === 'handOver' ? 'takeOut.handOver' : 'takeOut.return';
  return registerWrite<TakeOut>(db, { at: context.now, actor: context.actor, action, target: String(id) }, async () => {
    const record = await db.takeOuts.get(id);
    if (!record) throw new WriteAbort('not-found');
    const result =
      step.kind === 'decide' ? decideTakeOut(record, step.approver, step.approve, step.reason, context.now) : step.kind === 'handOver' ? handOverTakeOut(record, context.now) : returnTakeOut(record, context.now);
    if (!result.ok) return { refused: result.reason };
    await db.takeOuts.put(result.value);
    await appendAudit(db, [{ at: context.now, actor: context.actor, action, target: record.assetId, outcome: 'success', detail: { managementNumber: record.managementNumber, takeOutId: id, ...(step.kind === 'decide' ? { reason: result.value.decisionReason } : {}) } }]);
    return result.value;
  });
}

/** The hook for features that carry the ledger out themselves (backup now, signed export later). */
export async function recordAuthorisedTakeOut(db: DaichoDb, record: TakeOut): Promise<void> {
  await db.transaction('rw', db.takeOuts, db.audit, async () => {
    const id = await db.takeOuts.add(record);
    await appendAudit(db, [{ at: record.requestedAt, actor: record.requestedBy, action: 'takeOut.authorised', target: '', outcome: 'success', detail: { takeOutId: id, kind: record.kind, purpose: record.purpose, destination: record.destination, encrypted: record.encrypted } }]);
  });
}

export function requestDisposalFor(db: DaichoDb, profile: PolicyProfile, managementNumber: string, request: z.output<typeof disposalRequestSchema>, context: Context): Promise<RegisterWriteResult<Disposal>> {
  return registerWrite<Disposal>(db, { at: context.now, actor: context.actor, action: 'disposal.request', target: '' }, async () => {
    const asset = await assetByNumber(db, managementNumber);
    if (asset.status === 'disposed') throw new WriteAbort('wrong-state');
    const result = requestDisposal(asset, request, secureDisposalRequirement(profile, asset), context);
    if (!result.ok) return { refused: result.reason };
    const id = await db.disposals.add(result.value);
    await appendAudit(db, [{ at: context.now, actor: context.actor, action: 'disposal.request', target: asset.id, outcome: 'success', detail: { managementNumber: asset.managementNumber, method: request.method, reason: request.reason } }]);
    return { ...result.value, id };
  });
}

export type DisposalStep = { kind: 'decide'; approve: boolean; reason: string; approver: { name: string; role: AccountRole } } | { kind: 'complete'; completion: z.output<typeof disposalCompletionSchema> };

export function advanceDisposal(db: DaichoDb, id: number, step: DisposalStep, context: Context): Promise<RegisterWriteResult<Disposal>> {
  const action = step.kind === 'decide' ? (step.approve ? 'disposal.approve' : 'disposal.reject') : 'disposal.complete';
  return registerWrite<Disposal>(db, { at: context.now, actor: context.actor, action, target: String(id) }, async () => {
    const record = await db.disposals.get(id);
    if (!record) throw new WriteAbort('not-found');
    const result = step.kind === 'decide' ? decideDisposal(record, step.approver, step.approve, step.reason, context.now) : completeDisposal(record, step.completion, context.now);
    if (!result.ok) return { refused: result.reason };
    await db.disposals.put(result.value);
    if (step.kind === 'complete') {
      const asset = await db.assets.get(record.assetId);
      if (!asset) throw new WriteAbort('not-found');
      const disposed = disposeAsset(asset, context);
      if (!disposed.ok) throw new WriteAbort('wrong-state');
      await db.assets.put(disposed.asset);
      await db.history.add({ assetId: asset.id, at: context.now, actor: context.actor, action: 'dispose', changes: disposed.changes });
    }
    await appendAudit(db, [{ at: context.now, actor: context.actor, action, target: record.assetId, outcome: 'success', detail: { managementNumber: record.managementNumber, disposalId: id, ...(step.kind === 'complete' ? step.completion : { reason: result.value.decisionReason }) } }]);
    return result.value;
  });
}
