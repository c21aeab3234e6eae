/**
 * The classification an imported row carries, in a module of its own: the app's paste import uses it
 * on the ledger screen, and importing it from importLedger.ts would load SheetJS with the first
 * screen (issue 15, code splitting).
 */
import type { AssetClassification, ClassificationState } from '../domain/classification';
import type { PolicyProfile } from '../domain/policyProfile';

/**
 * The classification an imported row carries. Its state is the signed file's (a trusted section's
 * approval stays an approval); where it came from is written into the record for reviewers.
 */
export function importedClassification(profile: PolicyProfile, levels: Record<string, string>, state: ClassificationState, context: { actor: string; now: string; source: string }): AssetClassification {
  const by = `${context.actor}（取込み: ${context.source}）`;
  return {
    profileId: profile.id,
    profileVersion: profile.version,
    levels,
    recommended: levels,
    answers: {},
    reasons: [],
    justification: `台帳の取込み（${context.source}）`,
    referredToManager: false,
    state,
    proposedBy: by,
    proposedAt: context.now,
    approvedBy: state === 'approved' ? by : null,
    approvedAt: state === 'approved' ? context.now : null,
  };
}
