/**
 * The asset ledger in the database. Every write runs in one transaction together with its history
 * and audit entries: either all of it is saved or none of it.
 */
import {
  createAsset,
  reviseAsset,
  retireAsset as retireAssetRecord,
} from '../../shared/domain/assetLifecycle';
import type { Asset, AssetInput } from '../../shared/domain/asset';
import type { PolicyProfile } from '../../shared/domain/policyProfile';
import { importedClassification } from '../../shared/ledgerFile/importedClassification';
import { permitMedium, withdrawMediumPermission, type MediumPermissionFailure } from '../../shared/registers/approvedMedia';
import type { LegacyAsset } from '../../shared/ledgerFile/legacyImport';
import { appendAudit } from './auditRepository';
import { recomputeDerived } from './classificationRepository';
import { storedActiveProfile } from './derivedUpgrade';
import type { DaichoDb, HistoryEntry } from './db';
import { signedContext, type WriteContext } from './session';
import { runWrite, WriteAbort, type WriteResult } from './writeResult';

export function listAssets(db: DaichoDb): Promise<Asset[]> {
  return db.assets.toArray();
}

/** Up to `limit` assets in primary-key order after the id `after` (from the first when null): one page of the whole ledger. */
export function listAssetsAfter(db: DaichoDb, after: string | null, limit: number): Promise<Asset[]> {
  return (after === null ? db.assets.orderBy(':id') : db.assets.where(':id').above(after)).limit(limit).toArray();
}

/** The first assets in 管理番号 order, straight from the index: the list's first page before all are read. */
export function listFirstAssets(db: DaichoDb, limit: number): Promise<Asset[]> {
  return db.assets.orderBy('managementNumber').limit(limit).toArray();
}

export async function getAsset(db: DaichoDb, id: string): Promise<Asset | null> {
  return (await db.assets.get(id)) ?? null;
}

/** The assets with these ids, in the same order (missing ones left out). */
export async function getAssets(db: DaichoDb, ids: readonly string[]): Promise<Asset[]> {
  return (await db.assets.bulkGet([...ids])).filter((a): a is Asset => a !== undefined);
}

export function listHistory(db: DaichoDb, assetId: string): Promise<HistoryEntry[]> {
  return db.history.where('assetId').equals(assetId).sortBy('id');
}

export async function listManagementNumbers(db: DaichoDb): Promise<string[]> {
  return (await db.assets.orderBy('managementNumber').keys()) as string[];
}

async function assertNumberFree(db: DaichoDb, managementNumber: string, exceptId?: string): Promise<void> {
  const holder = await db.assets.where('managementNumber').equals(managementNumber).first();
  if (holder && holder.id !== exceptId) throw new WriteAbort('duplicate-number');
}

/** Adds one asset; refuses a 管理番号 already in the ledger. */
export function addAsset(db: DaichoDb, input: AssetInput, id: string, at: WriteContext): Promise<WriteResult<Asset>> {
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.assets, db.history, db.audit, async () => {
      const context = await signedContext(db, 'asset.create', at);
      await assertNumberFree(db, input.managementNumber);
      const asset = createAsset(input, id, context);
      await db.assets.add(asset);
      await db.history.add({ assetId: id, at: context.now, actor: context.actor, action: 'create', changes: [] });
      await appendAudit(db, [
        { at: context.now, actor: context.actor, action: 'asset.create', target: id, outcome: 'success', detail: { managementNumber: asset.managementNumber, name: asset.name } },
      ]);
      return asset;
    }),
  );
}

/** Ledger facts the profile's rules read: a change to one changes how the containers above are handled. */
const handlingFacts: readonly string[] = ['personalInfoKind', 'kind', 'medium', 'networkSegment'];

/**
 * Saves edited fields; records each changed field in the history. Nothing is written when nothing
 * changed. A change to a fact the profile's rules read (e.g. 個人情報の種類) recomputes the derived class
 * of every container above the asset in the same transaction (【03】第8条3): a proposal counts at the
 * strictest of itself and the ledger's facts, so the medium holding it must follow at once.
 */
export function updateAsset(db: DaichoDb, id: string, input: AssetInput, at: WriteContext): Promise<WriteResult<Asset>> {
  return runWrite(() =>
    db.transaction('rw', [db.accounts, db.assets, db.history, db.audit, db.settings], async () => {
      const context = await signedContext(db, 'asset.update', at);
      const before = await db.assets.get(id);
      if (!before) throw new WriteAbort('not-found');
      await assertNumberFree(db, input.managementNumber, id);
      const { asset, changes } = reviseAsset(before, input, context);
      if (changes.length === 0) return before;
      await db.assets.put(asset);
      await db.history.add({ assetId: id, at: context.now, actor: context.actor, action: 'update', changes });
      await appendAudit(db, [
        { at: context.now, actor: context.actor, action: 'asset.update', target: id, outcome: 'success', detail: { managementNumber: asset.managementNumber, changes } },
      ]);
      if (changes.some((c) => handlingFacts.includes(c.field))) {
        const profile = await storedActiveProfile(db.settings);
        if (profile) await recomputeDerived(db, profile, [id]);
      }
      return (await db.assets.get(id))!;
    }),
  );
}

/** Marks an asset 廃止 with the reason given; it stays in the ledger with its history. */
export function retireAsset(db: DaichoDb, id: string, reason: string, at: WriteContext): Promise<WriteResult<Asset>> {
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.assets, db.history, db.audit, async () => {
      const context = await signedContext(db, 'asset.retire', at);
      const before = await db.assets.get(id);
      if (!before) throw new WriteAbort('not-found');
      const result = retireAssetRecord(before, context);
      if (!result.ok) throw new WriteAbort(result.reason);
      await db.assets.put(result.asset);
      await db.history.add({ assetId: id, at: context.now, actor: context.actor, action: 'retire', changes: result.changes });
      await appendAudit(db, [
        { at: context.now, actor: context.actor, action: 'asset.retire', target: id, outcome: 'success', detail: { managementNumber: before.managementNumber, reason } },
      ]);
      return result.asset;
    }),
  );
}

/**
 * Registers pasted rows (「Excelから貼り付けて登録」) all or none: each asset gets its own history and
 * audit entry, as if registered through the form; classes given in the rows are only proposals that a
 * security manager approves (【03】第6条3).
 */
export function registerAssets(db: DaichoDb, rows: readonly LegacyAsset[], profile: PolicyProfile, newId: () => string, at: WriteContext): Promise<WriteResult<Asset[]>> {
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.assets, db.history, db.audit, async () => {
      // Registering pasted rows is registering assets: the same permission as the form.
      const context = await signedContext(db, 'asset.create', at);
      const numbers = rows.map((r) => r.input.managementNumber);
      if (new Set(numbers).size !== numbers.length) throw new WriteAbort('duplicate-number');
      if ((await db.assets.where('managementNumber').anyOf(numbers).count()) > 0) throw new WriteAbort('duplicate-number');
      const assets = rows.map((row): Asset => ({
        ...createAsset(row.input, newId(), context),
        status: row.status,
        classification: Object.keys(row.levels).length > 0 ? importedClassification(profile, row.levels, 'proposed', { ...context, source: '貼り付け' }) : null,
      }));
      await db.assets.bulkAdd(assets);
      await db.history.bulkAdd(assets.map((a) => ({ assetId: a.id, at: context.now, actor: context.actor, action: 'create' as const, changes: [] })));
      await appendAudit(
        db,
        assets.map((a) => ({ at: context.now, actor: context.actor, action: 'asset.create', target: a.id, outcome: 'success' as const, detail: { managementNumber: a.managementNumber, name: a.name, source: '貼り付け' } })),
      );
      return assets;
    }),
  );
}

/**
 * Adds many complete asset records at once (import, seeding). Refuses the whole batch when any
 * 管理番号 is repeated in it or already in the ledger; one audit entry records the batch.
 */
export function bulkAddAssets(db: DaichoDb, assets: readonly Asset[], at: WriteContext): Promise<WriteResult<number>> {
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.assets, db.audit, async () => {
      const context = await signedContext(db, 'asset.bulkCreate', at);
      const numbers = assets.map((a) => a.managementNumber);
      if (new Set(numbers).size !== numbers.length) throw new WriteAbort('duplicate-number');
      if ((await db.assets.where('managementNumber').anyOf(numbers).count()) > 0) throw new WriteAbort('duplicate-number');
      await db.assets.bulkAdd(assets as Asset[]);
      await appendAudit(db, [
        { at: context.now, actor: context.actor, action: 'asset.bulkCreate', target: '', outcome: 'success', detail: { count: assets.length } },
      ]);
      return assets.length;
    }),
  );
}

/**
 * Records that assets were reviewed and sets their next review date (【09】第7条2): one asset from its
 * row on the review screen, or several chosen in the ledger list. All or nothing: if one of them is
 * missing or no longer in use, none is marked reviewed. Each asset gets its own history line and audit
 * entry, so the log says which assets were looked at, not only how many.
 */
export function completeAssetReviews(db: DaichoDb, ids: readonly string[], nextReviewDate: string, at: WriteContext): Promise<WriteResult<Asset[]>> {
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.assets, db.history, db.audit, async () => {
      const context = await signedContext(db, 'asset.review', at);
      const found = await db.assets.bulkGet([...new Set(ids)]);
      if (found.length === 0 || found.some((asset) => asset === undefined)) throw new WriteAbort('not-found');
      if (found.some((asset) => asset?.status !== 'active')) throw new WriteAbort('not-active');
      const reviewed = (found as Asset[]).map((before) => ({ ...before, nextReviewDate, updatedAt: context.now, updatedBy: context.actor }));
      await db.assets.bulkPut(reviewed);
      await db.history.bulkAdd(
        (found as Asset[]).map((before) => ({ assetId: before.id, at: context.now, actor: context.actor, action: 'review' as const, changes: [{ field: 'nextReviewDate', label: '次回見直し日', from: before.nextReviewDate, to: nextReviewDate }] })),
      );
      await appendAudit(
        db,
        (found as Asset[]).map((before) => ({ at: context.now, actor: context.actor, action: 'asset.review' as const, target: before.id, outcome: 'success' as const, detail: { managementNumber: before.managementNumber, nextReviewDate } })),
      );
      return reviewed;
    }),
  );
}

export type MediumPermissionResult = WriteResult<Asset> | { ok: false; reason: MediumPermissionFailure };

/**
 * Grants or withdraws a security manager's permission to use a recording medium (【03】第8条1
 * 「セキュリティ管理者の許可なしに、記録媒体を使用してはならない。」). Checked against 'medium.permit' inside the
 * transaction, recorded in the medium's history and the audit log; a refusal by the domain (not a
 * medium, not in use, already permitted) is logged as a failed attempt.
 */
export function setMediumPermission(db: DaichoDb, id: string, change: { grant: true; note: string } | { grant: false; reason: string }, at: WriteContext): Promise<MediumPermissionResult> {
  const action = change.grant ? 'medium.permit' : 'medium.withdraw';
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.assets, db.history, db.audit, async (): Promise<Asset | MediumPermissionFailure> => {
      const context = await signedContext(db, 'medium.permit', at);
      const before = await db.assets.get(id);
      if (!before) throw new WriteAbort('not-found');
      const result = change.grant ? permitMedium(before, change.note, context) : withdrawMediumPermission(before, change.reason, context);
      if (!result.ok) {
        await appendAudit(db, [{ at: context.now, actor: context.actor, action, target: id, outcome: 'failure', detail: { managementNumber: before.managementNumber, reason: result.reason } }]);
        return result.reason;
      }
      await db.assets.put(result.asset);
      await db.history.add({ assetId: id, at: context.now, actor: context.actor, action: 'update', changes: [result.change] });
      await appendAudit(db, [
        { at: context.now, actor: context.actor, action, target: id, outcome: 'success', detail: { managementNumber: before.managementNumber, ...(change.grant ? { note: result.asset.mediumPermission?.note ?? '' } : { reason: change.reason }) } },
      ]);
      return result.asset;
    }),
  ).then((outcome) => (outcome.ok && typeof outcome.value === 'string' ? { ok: false as const, reason: outcome.value } : (outcome as WriteResult<Asset>)));
}
