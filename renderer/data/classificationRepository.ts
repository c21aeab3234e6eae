/**
 * Classification writes: a proposal from the wizard, a manager's approval, and containment changes.
 * Each runs in one transaction with its history and audit entries, and updates the derived class of
 * every container above the changed asset (【03】第8条3) in the same transaction.
 */
import {
  approveClassification,
  classificationStateLabels,
  rejectClassification,
  formatLevels,
  type AssetClassification,
} from '../../shared/domain/classification';
import { createsCycle, deriveClass, type ContainmentNode } from '../../shared/domain/deriveClass';
import { canHoldContents, type PolicyProfile } from '../../shared/domain/policyProfile';
import type { Asset } from '../../shared/domain/asset';
import { appendAudit } from './auditRepository';
import type { DaichoDb } from './db';
import { signedContext, type WriteContext } from './session';
import { runWrite, WriteAbort, type WriteFailure, type WriteResult } from './writeResult';

/** A classification as one line for the history: 「重要性分類A（提案中）」. */
export function summariseClassification(profile: PolicyProfile, classification: AssetClassification | null): string {
  if (!classification) return classificationStateLabels.unclassified;
  return `${formatLevels(profile, classification.levels)}（${classificationStateLabels[classification.state]}）`;
}

/** Every asset that holds `ids`, directly or through other containers. */
async function containersAbove(db: DaichoDb, ids: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  let frontier = [...ids];
  while (frontier.length > 0) {
    const holders = (await db.assets.where('contents').anyOf(frontier).primaryKeys()) as string[];
    frontier = holders.filter((id) => !found.has(id));
    frontier.forEach((id) => found.add(id));
  }
  return [...found];
}

/** Loads the containment subgraph below `ids` (their contents, at any depth). */
async function loadSubgraph(db: DaichoDb, ids: readonly string[]): Promise<Map<string, ContainmentNode>> {
  const nodes = new Map<string, ContainmentNode>();
  let frontier = [...new Set(ids)];
  while (frontier.length > 0) {
    const assets = (await db.assets.bulkGet(frontier)).filter((a): a is Asset => a !== undefined);
    assets.forEach((a) => nodes.set(a.id, a));
    frontier = [...new Set(assets.flatMap((a) => a.contents))].filter((id) => !nodes.has(id));
  }
  return nodes;
}

/**
 * Recomputes the derived class of `ids` and every container above them. Call inside a read-write
 * transaction on db.assets. Writes only records whose derived class changed.
 */
export async function recomputeDerived(db: DaichoDb, profile: PolicyProfile, ids: readonly string[]): Promise<number> {
  const affected = [...new Set([...ids, ...(await containersAbove(db, ids))])];
  const nodes = await loadSubgraph(db, affected);
  let changed = 0;
  for (const id of affected) {
    const asset = nodes.get(id) as Asset | undefined;
    if (!asset) continue;
    const derived = deriveClass(profile, nodes, id);
    if (JSON.stringify(derived) === JSON.stringify(asset.derived)) continue;
    await db.assets.update(id, { derived });
    changed += 1;
  }
  return changed;
}

/** Assets whose class waits for a security manager (【03】第6条3), oldest proposal first. */
export async function listProposedAssets(db: DaichoDb): Promise<Asset[]> {
  return proposedOf(await db.assets.filter((a) => a.classification?.state === 'proposed').toArray());
}

/** The proposals among `assets`, oldest proposal first (from the in-memory ledger on screen). */
export function proposedOf(assets: readonly Asset[]): Asset[] {
  const proposed = assets.filter((a) => a.classification?.state === 'proposed');
  // A proposal edited by hand may have no time (this list feeds the top bar of every screen): it goes last.
  const at = (a: Asset) => (typeof a.classification!.proposedAt === 'string' ? a.classification!.proposedAt : '\uffff');
  return proposed.sort((a, b) => at(a).localeCompare(at(b)) || String(a.managementNumber).localeCompare(String(b.managementNumber)));
}

/** Inside a write transaction: stores one proposal by the signed-in person, with its history and audit entries. */
async function writeProposal(
  db: DaichoDb,
  profile: PolicyProfile,
  context: { now: string; actor: string; userId: string },
  assetId: string,
  proposal: AssetClassification,
  batch?: number,
): Promise<void> {
  const before = await db.assets.get(assetId);
  if (!before) throw new WriteAbort('not-found');
  // Always a proposal by the signed-in person: a caller cannot store an approved class, another proposer
  // or a rejection (the manager's comment on the previous proposal is answered by this one).
  const { rejection: _previous, ...rest } = proposal;
  const classification: AssetClassification = { ...rest, state: 'proposed', proposedBy: context.actor, proposedByUserId: context.userId, proposedAt: context.now, approvedBy: null, approvedAt: null };
  const asset: Asset = { ...before, classification, updatedAt: context.now, updatedBy: context.actor };
  await db.assets.put(asset);
  await db.history.add({
    assetId,
    at: context.now,
    actor: context.actor,
    action: 'classify',
    changes: [{ field: 'classification', label: '分類', from: summariseClassification(profile, before.classification), to: summariseClassification(profile, classification) }],
  });
  await appendAudit(db, [
    {
      at: context.now,
      actor: context.actor,
      action: 'classification.propose',
      target: assetId,
      outcome: 'success',
      detail: {
        managementNumber: before.managementNumber,
        profileId: classification.profileId,
        levels: classification.levels,
        recommended: classification.recommended,
        justification: classification.justification,
        referredToManager: classification.referredToManager,
        // A proposal made for several assets at once says so, so a reviewer sees the same answers were reused.
        ...(batch !== undefined ? { batch } : {}),
      },
    },
  ]);
}

/** Stores a proposed classification (from the wizard) and updates the containers above the asset. */
export function saveClassification(
  db: DaichoDb,
  profile: PolicyProfile,
  assetId: string,
  proposal: AssetClassification,
  at: WriteContext,
): Promise<WriteResult<Asset>> {
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.assets, db.history, db.audit, async () => {
      const context = await signedContext(db, 'classification.propose', at);
      await writeProposal(db, profile, context, assetId, proposal);
      await recomputeDerived(db, profile, [assetId]);
      return (await db.assets.get(assetId))!;
    }),
  );
}

/**
 * Proposes classes for several assets from one set of wizard answers (each asset's own recommendation,
 * built by the caller), all or nothing: one missing asset stores none of them. Each is its own proposal
 * in the history and the audit log, approved or sent back one by one (【03】第6条3).
 */
export function saveClassifications(
  db: DaichoDb,
  profile: PolicyProfile,
  proposals: readonly { assetId: string; classification: AssetClassification }[],
  at: WriteContext,
): Promise<WriteResult<Asset[]>> {
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.assets, db.history, db.audit, async () => {
      const context = await signedContext(db, 'classification.propose', at);
      const ids = proposals.map((p) => p.assetId);
      // The same asset twice would leave two history lines for one proposal; nothing to do is no write.
      if (ids.length === 0 || new Set(ids).size !== ids.length) throw new WriteAbort('failed');
      for (const p of proposals) await writeProposal(db, profile, context, p.assetId, p.classification, proposals.length);
      await recomputeDerived(db, profile, ids);
      return (await db.assets.bulkGet(ids)) as Asset[];
    }),
  );
}

/**
 * A security manager approves the proposed class; the proposer cannot (separation of duties). A refused
 * approval is itself recorded in the audit log (【07】第17条: failures are logged too).
 */
export async function approveAssetClassification(db: DaichoDb, profile: PolicyProfile, assetId: string, at: WriteContext): Promise<WriteResult<Asset>> {
  const outcome = await approveAssetClassifications(db, profile, [assetId], at);
  return outcome.ok ? { ok: true, value: outcome.value[0]! } : outcome;
}

/**
 * Approves several proposals at once (the 承認待ち screen's 「まとめて承認」), all or nothing: if any one
 * cannot be approved by this manager (their own proposal, no longer proposed), none is, and each refusal
 * is recorded. Every approved asset gets its own history line and audit entry.
 */
export async function approveAssetClassifications(db: DaichoDb, profile: PolicyProfile, assetIds: readonly string[], at: WriteContext): Promise<WriteResult<Asset[]>> {
  const outcome = await runWrite(() =>
    db.transaction('rw', db.accounts, db.assets, db.history, db.audit, async (): Promise<Asset[] | WriteFailure> => {
      const context = await signedContext(db, 'classification.approve', at);
      const approver = { userId: context.userId, name: context.actor, role: context.role };
      const now = context.now;
      const found = await db.assets.bulkGet([...new Set(assetIds)]);
      if (found.length === 0 || found.some((asset) => asset === undefined)) throw new WriteAbort('not-found');
      const decided = (found as Asset[]).map((before) => ({ before, result: before.classification ? approveClassification(before.classification, approver, now, profile.id) : ({ ok: false, reason: 'not-proposed' } as const) }));
      const refused = decided.filter((d) => !d.result.ok);
      if (refused.length > 0) {
        await appendAudit(
          db,
          refused.map(({ before, result }) => ({ at: now, actor: approver.name, action: 'classification.approve' as const, target: before.id, outcome: 'failure' as const, detail: { managementNumber: before.managementNumber, reason: result.ok ? '' : result.reason } })),
        );
        const first = refused[0]!.result;
        return first.ok ? 'failed' : first.reason;
      }
      const approved = decided.map(({ before, result }) => ({ before, classification: (result as Extract<typeof result, { ok: true }>).classification }));
      const assets = approved.map(({ before, classification }): Asset => ({ ...before, classification, updatedAt: now, updatedBy: approver.name }));
      await db.assets.bulkPut(assets);
      await db.history.bulkAdd(
        approved.map(({ before, classification }) => ({
          assetId: before.id,
          at: now,
          actor: approver.name,
          action: 'approve' as const,
          changes: [{ field: 'classification', label: '分類', from: summariseClassification(profile, before.classification), to: summariseClassification(profile, classification) }],
        })),
      );
      await appendAudit(
        db,
        approved.map(({ before, classification }) => ({ at: now, actor: approver.name, action: 'classification.approve' as const, target: before.id, outcome: 'success' as const, detail: { managementNumber: before.managementNumber, levels: classification.levels, proposedBy: classification.proposedBy } })),
      );
      return assets;
    }),
  );
  if (outcome.ok && typeof outcome.value === 'string') return { ok: false, reason: outcome.value };
  return outcome as WriteResult<Asset[]>;
}

/**
 * A security manager sends the proposal back with a comment (【03】第6条3); the proposer sees it on the
 * asset and proposes again. Same separation of duties as approval; a refusal is recorded too.
 */
export async function rejectAssetClassification(
  db: DaichoDb,
  profile: PolicyProfile,
  assetId: string,
  comment: string,
  at: WriteContext,
): Promise<WriteResult<Asset>> {
  const outcome = await runWrite(() =>
    db.transaction('rw', db.accounts, db.assets, db.history, db.audit, async (): Promise<Asset | WriteFailure> => {
      const context = await signedContext(db, 'classification.reject', at);
      const approver = { userId: context.userId, name: context.actor, role: context.role };
      const before = await db.assets.get(assetId);
      if (!before) throw new WriteAbort('not-found');
      if (!before.classification) throw new WriteAbort('not-proposed');
      const result = rejectClassification(before.classification, approver, comment, context.now);
      if (!result.ok) {
        await appendAudit(db, [
          { at: context.now, actor: approver.name, action: 'classification.reject', target: assetId, outcome: 'failure', detail: { managementNumber: before.managementNumber, reason: result.reason } },
        ]);
        return result.reason;
      }
      const asset: Asset = { ...before, classification: result.classification, updatedAt: context.now, updatedBy: approver.name };
      await db.assets.put(asset);
      await db.history.add({
        assetId,
        at: context.now,
        actor: approver.name,
        action: 'reject',
        changes: [
          {
            field: 'classification',
            label: '分類',
            from: summariseClassification(profile, before.classification),
            to: `${summariseClassification(profile, result.classification)}（差戻しの理由: ${result.classification.rejection!.comment}）`,
          },
        ],
      });
      await appendAudit(db, [
        {
          at: context.now,
          actor: approver.name,
          action: 'classification.reject',
          target: assetId,
          outcome: 'success',
          detail: { managementNumber: before.managementNumber, levels: before.classification.levels, proposedBy: before.classification.proposedBy, comment: result.classification.rejection!.comment },
        },
      ]);
      return asset;
    }),
  );
  if (outcome.ok && typeof outcome.value === 'string') return { ok: false, reason: outcome.value };
  return outcome as WriteResult<Asset>;
}

/**
 * Sets what a container holds, given as 管理番号 (as people know them). Refuses unknown numbers and
 * anything that would make an asset contain itself; updates derived classes above in the same write.
 */
export function setContents(
  db: DaichoDb,
  profile: PolicyProfile,
  containerId: string,
  managementNumbers: readonly string[],
  at: WriteContext,
): Promise<WriteResult<Asset>> {
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.assets, db.history, db.audit, async () => {
      const context = await signedContext(db, 'asset.contents', at);
      const container = await db.assets.get(containerId);
      if (!container) throw new WriteAbort('not-found');
      const numbers = [...new Set(managementNumbers)];
      const found = await db.assets.where('managementNumber').anyOf(numbers).toArray();
      if (found.length !== numbers.length) throw new WriteAbort('unknown-asset');
      const contents = numbers.map((n) => found.find((a) => a.managementNumber === n)!.id);
      // Only kinds that can hold assets (profile data) gain contents; removing them is always allowed.
      if (!canHoldContents(profile, container.kind) && contents.some((id) => !container.contents.includes(id))) throw new WriteAbort('not-container');
      const graph = await loadSubgraph(db, contents);
      if (createsCycle(graph, containerId, contents)) throw new WriteAbort('cycle');
      const names = async (ids: readonly string[]) => (await db.assets.bulkGet([...ids])).map((a) => a?.managementNumber ?? '?').join('、');
      const from = await names(container.contents);
      await db.assets.update(containerId, { contents, updatedAt: context.now, updatedBy: context.actor });
      await db.history.add({
        assetId: containerId,
        at: context.now,
        actor: context.actor,
        action: 'contents',
        changes: [{ field: 'contents', label: '収納している資産', from, to: numbers.join('、') }],
      });
      await appendAudit(db, [
        { at: context.now, actor: context.actor, action: 'asset.contents', target: containerId, outcome: 'success', detail: { managementNumber: container.managementNumber, contents: numbers } },
      ]);
      await recomputeDerived(db, profile, [containerId]);
      return (await db.assets.get(containerId))!;
    }),
  );
}
