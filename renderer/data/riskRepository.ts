/**
 * The risk assessment kept with each asset (IPA 付録7: 脅威の発生頻度 and 脆弱性, each 1–3). The value
 * itself is never stored: it is computed from the profile (shared/domain/riskValue.ts), so a profile
 * with another table or formula changes every value at once and nothing stale is left behind.
 */
import type { Asset } from '../../shared/domain/asset';
import { riskAssessmentInputSchema } from '../../shared/domain/riskValue';
import { appendAudit } from './auditRepository';
import type { DaichoDb } from './db';
import { signedContext, type WriteContext } from './session';
import { runWrite, WriteAbort, type WriteResult } from './writeResult';

/** Records the threat and vulnerability of one asset (an edit of the asset: 'asset.update'). */
export function saveRiskAssessment(db: DaichoDb, id: string, input: unknown, at: WriteContext): Promise<WriteResult<Asset>> {
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.assets, db.history, db.audit, async () => {
      const context = await signedContext(db, 'asset.update', at);
      const parsed = riskAssessmentInputSchema.safeParse(input);
      if (!parsed.success) throw new WriteAbort('failed');
      const before = await db.assets.get(id);
      if (!before) throw new WriteAbort('not-found');
      // A disposed asset's record is closed: its page offers no assessment, and a direct call is refused here.
      if (before.status === 'disposed') throw new WriteAbort('not-active');
      const previous = before.riskAssessment;
      const asset: Asset = { ...before, riskAssessment: { ...parsed.data, assessedAt: context.now, assessedBy: context.actor }, updatedAt: context.now, updatedBy: context.actor };
      await db.assets.put(asset);
      const show = (r: { threat: number; vulnerability: number } | undefined) => (r ? `脅威${r.threat}・脆弱性${r.vulnerability}` : '');
      await db.history.add({ assetId: id, at: context.now, actor: context.actor, action: 'update', changes: [{ field: 'riskAssessment', label: 'リスク評価', from: show(previous), to: show(parsed.data) }] });
      await appendAudit(db, [{ at: context.now, actor: context.actor, action: 'asset.risk', target: id, outcome: 'success', detail: { managementNumber: before.managementNumber, threat: parsed.data.threat, vulnerability: parsed.data.vulnerability } }]);
      return asset;
    }),
  );
}
