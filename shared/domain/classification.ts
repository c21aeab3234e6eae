/**
 * An asset's classification record and the decisions around it: choosing levels against the
 * recommendation (lowering needs a written justification), approval by a security manager who did not
 * propose it (【03】第6条3, 【01】第11条), and review after a profile change.
 */
import { levelIn, levelRank, type PolicyProfile } from './policyProfile';
import type { AccountRole } from '../accounts/account';
import { isSamePerson } from '../accounts/permissions';
import type { ClassificationReason, Recommendation, WizardAnswers } from './recommendClassification';

export type ClassificationState = 'proposed' | 'approved' | 'needsReview';

export const classificationStateLabels: Record<ClassificationState | 'unclassified', string> = {
  unclassified: '未分類',
  proposed: '提案中',
  approved: '承認済み',
  needsReview: '要見直し',
};

/** Stored with the asset; reviewers see answers, reasons and any justification. */
export interface AssetClassification {
  profileId: string;
  profileVersion: string;
  /** The chosen level per objective (the asset's own, manual value). */
  levels: Record<string, string>;
  recommended: Record<string, string>;
  answers: WizardAnswers;
  reasons: ClassificationReason[];
  /** Required when any chosen level is below the recommendation. */
  justification: string;
  referredToManager: boolean;
  state: ClassificationState;
  proposedBy: string;
  /** The proposer's account ID (separation of duties compares IDs; absent on records saved before v6). */
  proposedByUserId?: string;
  proposedAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  /**
   * The last time a security manager sent a proposal back, with the comment the proposer reads on the
   * asset (the state is then 'needsReview'). Cleared by the next proposal.
   */
  rejection?: ClassificationRejection;
}

export interface ClassificationRejection {
  by: string;
  byUserId: string;
  at: string;
  comment: string;
}

export type ProposalResult =
  | { ok: true; classification: AssetClassification; lowered: string[] }
  | { ok: false; reason: 'unanswered' | 'unknown-level' | 'justification-required' | 'below-floor' };

/** Minimum length of a justification for lowering a class, so "なし" or "." is not enough. */
export const minJustificationLength = 10;

/** Objectives whose chosen level is below the recommendation. */
export function loweredObjectives(profile: PolicyProfile, recommended: Record<string, string>, chosen: Record<string, string>): string[] {
  return profile.objectives
    .filter((o) => levelRank(o, levelIn(chosen, o.id) ?? '') < levelRank(o, levelIn(recommended, o.id) ?? ''))
    .map((o) => o.id);
}

/**
 * Builds a proposed classification from the wizard's result and the person's choice. The wizard may
 * stop once the outcome is decided (`Recommendation.decided`); choosing below such a recommendation is
 * refused as 'unanswered' until the rest is answered, since a floor (【03】第6条2) may forbid it.
 */
export function proposeClassification(
  profile: PolicyProfile,
  recommendation: Recommendation,
  answers: WizardAnswers,
  chosen: Record<string, string>,
  justification: string,
  context: { actor: string; now: string },
): ProposalResult {
  if (recommendation.unanswered.length > 0 && !recommendation.decided) return { ok: false, reason: 'unanswered' };
  if (profile.objectives.some((o) => levelRank(o, levelIn(chosen, o.id) ?? '') < 0)) return { ok: false, reason: 'unknown-level' };
  // 【03】第6条2: the originator's class is kept; unlike a recommendation, no justification lowers it.
  if (loweredObjectives(profile, recommendation.floors, chosen).length > 0) return { ok: false, reason: 'below-floor' };
  const lowered = loweredObjectives(profile, recommendation.levels, chosen);
  // A wizard that stopped early has not asked for floors (入手元の分類): lowering needs every answer.
  if (lowered.length > 0 && recommendation.unanswered.length > 0) return { ok: false, reason: 'unanswered' };
  const cleaned = justification.trim();
  if (lowered.length > 0 && cleaned.length < minJustificationLength) return { ok: false, reason: 'justification-required' };
  const levels = Object.fromEntries(profile.objectives.map((o) => [o.id, chosen[o.id]!]));
  return {
    ok: true,
    lowered,
    classification: {
      profileId: profile.id,
      profileVersion: profile.version,
      levels,
      recommended: recommendation.levels,
      answers,
      reasons: recommendation.reasons,
      justification: lowered.length > 0 ? cleaned : '',
      referredToManager: recommendation.referToManager,
      state: 'proposed',
      proposedBy: context.actor,
      proposedAt: context.now,
      approvedBy: null,
      approvedAt: null,
    },
  };
}

export type Role = AccountRole;

export type ApprovalResult =
  | { ok: true; classification: AssetClassification }
  | { ok: false; reason: 'not-proposed' | 'not-manager' | 'own-proposal' | 'other-profile' };

/**
 * A security manager approves a proposed class; nobody approves their own proposal (【01】第11条,
 * 【03】第6条3), compared by account ID (by name, without spaces, for a proposal saved before IDs).
 * Given the section's profile, a class proposed under another one is refused: its levels are not the
 * section's, the approver cannot read them, and approved it would still count as needing review.
 */
export function approveClassification(
  classification: AssetClassification,
  approver: { userId: string; name: string; role: Role },
  now: string,
  sectionProfileId?: string,
): ApprovalResult {
  if (classification.state !== 'proposed') return { ok: false, reason: 'not-proposed' };
  if (sectionProfileId !== undefined && classification.profileId !== sectionProfileId) return { ok: false, reason: 'other-profile' };
  if (approver.role !== 'securityManager') return { ok: false, reason: 'not-manager' };
  if (isSamePerson(approver, { userId: classification.proposedByUserId, name: classification.proposedBy })) return { ok: false, reason: 'own-proposal' };
  return { ok: true, classification: { ...classification, state: 'approved', approvedBy: approver.name, approvedAt: now } };
}

export type RejectionResult =
  | { ok: true; classification: AssetClassification }
  | { ok: false; reason: 'not-proposed' | 'not-manager' | 'own-proposal' | 'comment-required' };

/** Minimum length of a rejection comment: the proposer must learn what to change, not just 「不可」. */
export const minRejectionCommentLength = 5;

/**
 * A security manager sends a proposal back with a comment the proposer sees on the asset (【03】第6条3:
 * the manager decides). The same separation of duties as approval: nobody rejects their own proposal.
 * The class stays undecided ('needsReview'), so it is handled at the strictest until proposed again.
 */
export function rejectClassification(
  classification: AssetClassification,
  approver: { userId: string; name: string; role: Role },
  comment: string,
  now: string,
): RejectionResult {
  if (classification.state !== 'proposed') return { ok: false, reason: 'not-proposed' };
  if (approver.role !== 'securityManager') return { ok: false, reason: 'not-manager' };
  if (isSamePerson(approver, { userId: classification.proposedByUserId, name: classification.proposedBy })) return { ok: false, reason: 'own-proposal' };
  const cleaned = comment.trim();
  if (cleaned.length < minRejectionCommentLength) return { ok: false, reason: 'comment-required' };
  return { ok: true, classification: { ...classification, state: 'needsReview', rejection: { by: approver.name, byUserId: approver.userId, at: now, comment: cleaned } } };
}

/** After a profile switch: a classification made under another profile keeps its levels but needs review. */
export function markForReview(classification: AssetClassification, profileId: string): AssetClassification {
  return classification.profileId === profileId ? classification : { ...classification, state: 'needsReview' };
}

/**
 * After a profile is reloaded under the same id (a new version, possibly other rules): classifications
 * made under an earlier version of it keep their levels but need review, as after a switch.
 */
export function markForReviewAfterReload(classification: AssetClassification, profile: Pick<PolicyProfile, 'id' | 'version'>): AssetClassification {
  if (classification.profileId !== profile.id || classification.profileVersion === profile.version || classification.state === 'needsReview') return classification;
  return { ...classification, state: 'needsReview' };
}

/**
 * Levels as people read them: the level name for a one-objective profile (重要性分類A), or each
 * objective's level joined (機密性2・完全性1・可用性1). `short` gives ids (A / 2・1・1) for tables.
 */
export function formatLevels(profile: PolicyProfile, levels: Record<string, string>, style: 'long' | 'short' = 'long'): string {
  return profile.objectives
    .filter((o) => levelIn(levels, o.id) !== undefined)
    .map((o) => (style === 'short' ? levels[o.id]! : (o.levels.find((l) => l.id === levels[o.id])?.name ?? levels[o.id]!)))
    .join(style === 'short' ? '/' : '・');
}

/** The state of an asset's classification, 'unclassified' when it has none. */
export function classificationStateOf(classification: Pick<AssetClassification, 'state'> | null): ClassificationState | 'unclassified' {
  return classification?.state ?? 'unclassified';
}

/** What the approval screens need to know of an account. */
export interface ApproverCandidate {
  userId: string;
  displayName: string;
  role: Role;
  disabled: boolean;
}

/**
 * Who may approve a proposal (【03】第6条3, 【01】第11条): the enabled security managers other than the
 * proposer, by display name, so the app can say whom to ask. An empty list means nobody can: the
 * section needs a second manager.
 */
export function eligibleApprovers(accounts: readonly ApproverCandidate[], proposer: { userId?: string | undefined; name: string }): string[] {
  return accounts
    .filter((a) => a.role === 'securityManager' && !a.disabled && !isSamePerson({ userId: a.userId, name: a.displayName }, { userId: proposer.userId, name: proposer.name }))
    .map((a) => a.displayName);
}

/**
 * Whether the section has fewer than two enabled security managers: then a manager's own proposals
 * can never be approved (nobody approves their own), which the app warns about with how to fix it.
 */
export function lacksSecondManager(accounts: readonly ApproverCandidate[]): boolean {
  return accounts.filter((a) => a.role === 'securityManager' && !a.disabled).length < 2;
}
