/**
 * The take-out and disposal registers in the database. Each step is one transaction with its audit
 * entry; completing a disposal marks the asset 廃棄済 in the same transaction.
 */
import type { AuditAction } from '../../shared/domain/auditActions';
import type { AccountRole } from '../../shared/accounts/account';
import type { Operation } from '../../shared/accounts/permissions';
import { createAsset, disposeAsset } from '../../shared/domain/assetLifecycle';
import type { Asset } from '../../shared/domain/asset';
import { nextManagementNumber } from '../../shared/domain/managementNumber';
import {
  destinationChoiceSchema,
  destinationMedia,
  ledgerAssetClassification,
  ledgerAssetInput,
  mediumIneligibility,
  mediumLabel,
  withContent,
  type DestinationChoice,
  type DestinationMedia,
} from '../../shared/registers/approvedMedia';
import { recomputeDerived } from './classificationRepository';
import { getSettings } from './settingsRepository';
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
import { authorize, signedContext } from './session';
import { runWrite, WriteAbort, type WriteFailure } from './writeResult';

/** When the step happens (`today` is the Tokyo calendar day); who does it comes from the session. */
type At = { now: string; today: string };
type Context = At & { actor: string; userId: string; role: AccountRole };
export type RegisterWriteResult<T> = { ok: true; value: T } | { ok: false; reason: RegisterFailure | WriteFailure | 'same-witness' };

export function listTakeOuts(db: DaichoDb): Promise<TakeOut[]> {
  return db.takeOuts.reverse().toArray();
}

export function listDisposals(db: DaichoDb): Promise<Disposal[]> {
  return db.disposals.reverse().toArray();
}

async function assetByNumber(db: DaichoDb, managementNumber: string) {
  const asset = await db.assets.where('managementNumber').equals(managementNumber.trim().toUpperCase()).first();
  // One number is asked for here: say that this one is not in the ledger (not "numbers are included").
  if (!asset) throw new WriteAbort('unknown-number');
  return asset;
}

type Refused = { refused: RegisterFailure | 'same-witness'; actor: string };

/**
 * Runs a register write as the signed-in person (checked against `operation` inside the transaction);
 * a refusal from the domain is recorded as a failed attempt in the audit log.
 */
async function registerWrite<T>(db: DaichoDb, operation: Operation, at: At, failure: { action: AuditAction; target: string }, write: (context: Context) => Promise<T | Refused>): Promise<RegisterWriteResult<T>> {
  const result = await runWrite(() =>
    db.transaction('rw', [db.accounts, db.assets, db.history, db.audit, db.takeOuts, db.disposals], async () => write(await signedContext(db, operation, at))),
  );
  if (!result.ok) return result;
  const value = result.value;
  if (value && typeof value === 'object' && 'refused' in value) {
    await db.transaction('rw', db.audit, () => appendAudit(db, [{ at: at.now, actor: value.actor, ...failure, outcome: 'failure', detail: { reason: value.refused } }]));
    return { ok: false, reason: value.refused };
  }
  return { ok: true, value: value as T };
}

export function requestTakeOutFor(db: DaichoDb, profile: PolicyProfile, managementNumber: string, request: TakeOutRequest, at: At): Promise<RegisterWriteResult<TakeOut>> {
  return registerWrite<TakeOut>(db, 'takeOut.request', at, { action: 'takeOut.request', target: '' }, async (context) => {
    const asset = await assetByNumber(db, managementNumber);
    const result = requestTakeOut(asset, request, encryptionRequirement(profile, asset), context);
    if (!result.ok) return { refused: result.reason, actor: context.actor };
    const id = await db.takeOuts.add(result.value);
    await appendAudit(db, [{ at: context.now, actor: context.actor, action: 'takeOut.request', target: asset.id, outcome: 'success', detail: { managementNumber: asset.managementNumber, purpose: request.purpose, destination: request.destination, encrypted: request.encrypted, unencryptedReason: result.value.unencryptedReason } }]);
    return { ...result.value, id };
  });
}

/** A decision is the signed-in manager's: the approver is never taken from the caller. */
export type TakeOutStep = { kind: 'decide'; approve: boolean; reason: string } | { kind: 'handOver' } | { kind: 'return' };

export function advanceTakeOut(db: DaichoDb, id: number, step: TakeOutStep, at: At): Promise<RegisterWriteResult<TakeOut>> {
  const action = step.kind === 'decide' ? (step.approve ? 'takeOut.approve' : 'takeOut.reject') : step.kind === 'handOver' ? 'takeOut.handOver' : 'takeOut.return';
  const operation = step.kind === 'decide' ? 'takeOut.decide' : step.kind === 'handOver' ? 'takeOut.handOver' : 'takeOut.return';
  return registerWrite<TakeOut>(db, operation, at, { action, target: String(id) }, async (context) => {
    const record = await db.takeOuts.get(id);
    if (!record) throw new WriteAbort('not-found');
    const approver = { userId: context.userId, name: context.actor, role: context.role };
    const result =
      step.kind === 'decide' ? decideTakeOut(record, approver, step.approve, step.reason, context.now) : step.kind === 'handOver' ? handOverTakeOut(record, context.now) : returnTakeOut(record, context.now);
    if (!result.ok) return { refused: result.reason, actor: context.actor };
    await db.takeOuts.put(result.value);
    await appendAudit(db, [{ at: context.now, actor: context.actor, action, target: record.assetId, outcome: 'success', detail: { managementNumber: record.managementNumber, takeOutId: id, ...(step.kind === 'decide' ? { reason: result.value.decisionReason } : {}) } }]);
    return result.value;
  });
}

/**
 * The hook for features that carry the ledger out themselves (backup, signed export). Call inside the
 * caller's gated transaction (which includes db.takeOuts and db.audit): the record is built there from
 * the signed-in manager.
 */
export async function recordAuthorisedTakeOut(db: DaichoDb, record: TakeOut): Promise<void> {
  await db.transaction('rw', db.accounts, db.takeOuts, db.audit, async () => {
    // Checked again here, so this cannot record a take-out on its own: the person is the session's.
    const actor = await authorize(db, record.kind === 'backup' ? 'backup.create' : 'ledger.export');
    const id = await db.takeOuts.add({ ...record, requestedBy: actor.name, requestedByUserId: actor.userId, decidedBy: actor.name });
    await appendAudit(db, [{ at: record.requestedAt, actor: actor.name, action: 'takeOut.authorised', target: '', outcome: 'success', detail: { takeOutId: id, kind: record.kind, purpose: record.purpose, destination: record.destination, encrypted: record.encrypted } }]);
  });
}

export function requestDisposalFor(db: DaichoDb, profile: PolicyProfile, managementNumber: string, request: z.output<typeof disposalRequestSchema>, at: At): Promise<RegisterWriteResult<Disposal>> {
  return registerWrite<Disposal>(db, 'disposal.request', at, { action: 'disposal.request', target: '' }, async (context) => {
    const asset = await assetByNumber(db, managementNumber);
    if (asset.status === 'disposed') throw new WriteAbort('wrong-state');
    const result = requestDisposal(asset, request, secureDisposalRequirement(profile, asset), context);
    if (!result.ok) return { refused: result.reason, actor: context.actor };
    const id = await db.disposals.add(result.value);
    await appendAudit(db, [{ at: context.now, actor: context.actor, action: 'disposal.request', target: asset.id, outcome: 'success', detail: { managementNumber: asset.managementNumber, method: request.method, reason: request.reason } }]);
    return { ...result.value, id };
  });
}

/** A decision is the signed-in manager's: the approver is never taken from the caller. */
export type DisposalStep = { kind: 'decide'; approve: boolean; reason: string } | { kind: 'complete'; completion: z.output<typeof disposalCompletionSchema> };

export function advanceDisposal(db: DaichoDb, id: number, step: DisposalStep, at: At): Promise<RegisterWriteResult<Disposal>> {
  const action = step.kind === 'decide' ? (step.approve ? 'disposal.approve' : 'disposal.reject') : 'disposal.complete';
  return registerWrite<Disposal>(db, step.kind === 'decide' ? 'disposal.decide' : 'disposal.complete', at, { action, target: String(id) }, async (context) => {
    const record = await db.disposals.get(id);
    if (!record) throw new WriteAbort('not-found');
    const approver = { userId: context.userId, name: context.actor, role: context.role };
    const result = step.kind === 'decide' ? decideDisposal(record, approver, step.approve, step.reason, context.now) : completeDisposal(record, step.completion, context.now);
    if (!result.ok) return { refused: result.reason, actor: context.actor };
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

/** The ids of assets that have had a class label printed (【03】第5条2), from the print record. */
export async function listLabelledAssetIds(db: DaichoDb): Promise<Set<string>> {
  const prints = await db.labelPrints.toArray();
  return new Set(prints.flatMap((p) => p.assetIds));
}

/**
 * The recording media a backup or export may be written to (permitted and labelled, 【03】第5条2・第8条1)
 * and the media in use that may not, with why. Read through the kind index: a ledger of 100,000
 * assets holds a few hundred media at most.
 */
export async function listDestinationMedia(db: DaichoDb): Promise<DestinationMedia<Asset>> {
  const [media, labelled] = await Promise.all([db.assets.where('kind').equals('recordingMedium').toArray(), listLabelledAssetIds(db)]);
  return destinationMedia(media, labelled);
}

/** Where the ledger asset's id is kept (in the settings table, so a backup and restore keep it). */
const LEDGER_ASSET_KEY = 'ledgerAssetId';

/** How the take-out record names the medium the ledger was written to. */
export interface StoredOnMedium {
  medium: string;
  mediumAssetId?: string;
  offLedgerReason?: string;
  /** The ledger's own asset, when it was written to a medium of the ledger. */
  ledgerAsset?: Pick<Asset, 'id' | 'managementNumber'>;
}

/**
 * Writing the ledger to a medium (backup or signed export), inside the caller's gated transaction, which
 * must include accounts, assets, history, audit, settings and labelPrints. For a medium of the ledger it
 * checks again, in the transaction, that the medium is permitted, labelled and in use (【03】第8条1,
 * 第5条2); adds the ledger's own asset (created the first time) to the medium's contents; and updates
 * the derived class of the medium and everything above it (【03】第8条3), so a medium that held only
 * class-C files is handled as A once the ledger is on it. A medium outside the ledger is only described,
 * with the reason, for the take-out record. Checks `purpose`'s permission itself, like
 * `recordAuthorisedTakeOut`, so it cannot be used to write on its own.
 */
export async function storeLedgerOnMedium(db: DaichoDb, profile: PolicyProfile, purpose: 'export' | 'backup', choice: DestinationChoice, at: { now: string }): Promise<StoredOnMedium> {
  return db.transaction('rw', [db.accounts, db.assets, db.history, db.audit, db.settings, db.labelPrints], async () => {
    const context = await signedContext(db, purpose === 'backup' ? 'backup.create' : 'ledger.export', at);
    const parsed = destinationChoiceSchema.safeParse(choice);
    if (!parsed.success) throw new WriteAbort('medium-not-approved');
    const destination = parsed.data;
    if (destination.kind === 'offLedger') return { medium: destination.description, offLedgerReason: destination.reason };
    const medium = await db.assets.get(destination.assetId);
    if (!medium || mediumIneligibility(medium, await listLabelledAssetIds(db)).length > 0) throw new WriteAbort('medium-not-approved');
    const ledger = await ensureLedgerAsset(db, profile, context);
    if (!medium.contents.includes(ledger.id)) {
      const contents = withContent(medium.contents, ledger.id);
      const names = async (ids: readonly string[]) => (await db.assets.bulkGet([...ids])).map((a) => a?.managementNumber ?? '?').join('、');
      const from = await names(medium.contents);
      await db.assets.update(medium.id, { contents, updatedAt: context.now, updatedBy: context.actor });
      await db.history.add({ assetId: medium.id, at: context.now, actor: context.actor, action: 'contents', changes: [{ field: 'contents', label: '収納している資産', from, to: await names(contents) }] });
      await recomputeDerived(db, profile, [medium.id]);
    }
    await appendAudit(db, [
      { at: context.now, actor: context.actor, action: 'medium.store', target: medium.id, outcome: 'success', detail: { managementNumber: medium.managementNumber, purpose, ledgerAsset: ledger.managementNumber } },
    ]);
    return { medium: mediumLabel(medium), mediumAssetId: medium.id, ledgerAsset: { id: ledger.id, managementNumber: ledger.managementNumber } };
  });
}

/** The ledger's own asset: the one remembered if still in use, else a new one with the next 管理番号. */
async function ensureLedgerAsset(db: DaichoDb, profile: PolicyProfile, context: { actor: string; userId: string; now: string }): Promise<Asset> {
  const remembered = (await db.settings.get(LEDGER_ASSET_KEY))?.value;
  const existing = typeof remembered === 'string' ? await db.assets.get(remembered) : undefined;
  if (existing && existing.status === 'active') return existing;
  const settings = await getSettings(db);
  const numbers = (await db.assets.orderBy('managementNumber').keys()) as string[];
  const input = ledgerAssetInput({ managementNumber: nextManagementNumber(settings?.managementPrefix ?? '', numbers), section: settings?.section ?? '', custodian: context.actor });
  const asset: Asset = { ...createAsset(input, crypto.randomUUID(), context), classification: ledgerAssetClassification(profile, input, context) };
  await db.assets.add(asset);
  await db.history.add({ assetId: asset.id, at: context.now, actor: context.actor, action: 'create', changes: [] });
  await appendAudit(db, [{ at: context.now, actor: context.actor, action: 'asset.create', target: asset.id, outcome: 'success', detail: { managementNumber: asset.managementNumber, name: asset.name, source: '台帳の書出し・バックアップ' } }]);
  await db.settings.put({ key: LEDGER_ASSET_KEY, value: asset.id });
  return asset;
}
