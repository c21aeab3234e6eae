/**
 * Approved media (許可された記録媒体). The Nishinomiya standard says:
 *
 * - 【03】第8条 「セキュリティ管理者の許可なしに、記録媒体を使用してはならない。」
 *   3 「記録媒体に重要性分類が異なる情報が複数記録されている場合、最高度の分類に従って、当該記録媒体を
 *   取り扱わなければならない。」
 * - 【03】第9条2 「重要性分類B以上の情報は、セキュリティ管理者の許可なく、外部に持ち出してはならない。」
 *   3 「重要性分類B以上の情報を、許可を得て持ち出す場合は、データ持ち出しについて記録するとともに、
 *   ケースの施錠、暗号化など情報の不正利用を防止するために必要な措置を講じなければならない。」
 *
 * So the manager's permission is recorded on the medium's own ledger entry, a backup or a signed export
 * is written to a medium chosen from the permitted, labelled media (【03】第5条2: removable media carry
 * a class label), and what was written is added to the medium's contents so its class follows what it
 * holds. Writing to a medium that is not in the ledger stays possible, with a reason that is recorded.
 * Pure functions: the time and the person are passed in.
 */
import { z } from 'zod';
import type { Asset, AssetInput, MediumPermission } from '../domain/asset';
import type { FieldChange } from '../domain/assetLifecycle';
import type { AssetClassification } from '../domain/classification';
import type { PolicyProfile } from '../domain/policyProfile';
import { ledgerAnswers, recommendClassification } from '../domain/recommendClassification';
import { sanitizeText } from '../domain/sanitizeText';

/** The kind of asset 【03】第8条 speaks of (記録媒体: FD, CD, USB memory…). */
export const MEDIUM_KIND = 'recordingMedium';

/** Longest note kept with a permission or its withdrawal. */
export const MEDIUM_NOTE_MAX = 200;

/** A permission note: optional, control characters removed, bounded. */
export const mediumNoteSchema = z
  .string()
  .transform((value) => sanitizeText(value))
  .pipe(z.string().max(MEDIUM_NOTE_MAX, { error: `メモは${MEDIUM_NOTE_MAX}文字以内で入力してください。` }));

export type MediumPermissionFailure = 'not-medium' | 'not-active' | 'already-permitted' | 'not-permitted';

export const mediumPermissionFailureMessages: Record<MediumPermissionFailure, string> = {
  'not-medium': '使用許可を記録できるのは記録媒体だけです（【03】第8条）。資産の種類を確かめてください。',
  'not-active': '使用中でない記録媒体には使用許可を与えられません。資産の状態を確かめてください。',
  'already-permitted': 'この記録媒体にはすでに使用許可があります。画面を開き直して確かめてください。',
  'not-permitted': 'この記録媒体には使用許可がありません。画面を開き直して確かめてください。',
};

export type PermissionChange = { ok: true; asset: Asset; change: FieldChange } | { ok: false; reason: MediumPermissionFailure };

/** How a permission reads in the history and on screen: 「許可（山田 花子、2026-04-01、メモ）」. */
export function describePermission(permission: MediumPermission | null | undefined): string {
  if (!permission) return 'なし';
  const note = permission.note ? `、${permission.note}` : '';
  return `許可（${permission.grantedBy}、${permission.grantedAt.slice(0, 10)}${note}）`;
}

/**
 * 【03】第8条1: the security manager permits a recording medium to be used. The caller (the data layer)
 * has checked that the signed-in person is a security manager; this checks the medium.
 */
export function permitMedium(asset: Asset, note: string, context: { actor: string; userId: string; now: string }): PermissionChange {
  if (asset.kind !== MEDIUM_KIND) return { ok: false, reason: 'not-medium' };
  if (asset.status !== 'active') return { ok: false, reason: 'not-active' };
  if (asset.mediumPermission) return { ok: false, reason: 'already-permitted' };
  const permission: MediumPermission = { grantedBy: context.actor, grantedByUserId: context.userId, grantedAt: context.now, note: sanitizeText(note).slice(0, MEDIUM_NOTE_MAX) };
  return {
    ok: true,
    asset: { ...asset, mediumPermission: permission, updatedAt: context.now, updatedBy: context.actor },
    change: { field: 'mediumPermission', label: '記録媒体の使用許可', from: describePermission(null), to: describePermission(permission) },
  };
}

/** The security manager withdraws the permission (lost, broken, no longer needed); the reason goes to the history. */
export function withdrawMediumPermission(asset: Asset, reason: string, context: { actor: string; now: string }): PermissionChange {
  if (!asset.mediumPermission) return { ok: false, reason: 'not-permitted' };
  const why = sanitizeText(reason).slice(0, MEDIUM_NOTE_MAX);
  return {
    ok: true,
    asset: { ...asset, mediumPermission: null, updatedAt: context.now, updatedBy: context.actor },
    change: { field: 'mediumPermission', label: '記録媒体の使用許可', from: describePermission(asset.mediumPermission), to: why ? `取消し（${why}）` : '取消し' },
  };
}

/** Why a medium may not receive the ledger (each is something a person can fix). */
export type MediumIneligibility = 'not-medium' | 'not-active' | 'not-permitted' | 'not-labelled';

export const mediumIneligibilityLabels: Record<MediumIneligibility, string> = {
  'not-medium': '記録媒体ではありません',
  'not-active': '使用中ではありません',
  'not-permitted': 'セキュリティ管理者の使用許可がありません（【03】第8条）',
  'not-labelled': '分類ラベルが印刷されていません（【03】第5条2）',
};

/** What eligibility reads of a medium. */
export type MediumFacts = Pick<Asset, 'id' | 'kind' | 'status'> & { mediumPermission?: MediumPermission | null };

/**
 * Why `asset` cannot be the destination of a backup or export (empty when it can): it must be a
 * recording medium in use, permitted by the security manager (【03】第8条1) and carry a printed class
 * label (【03】第5条2), so that what is written to it is handled at its class from the first moment.
 */
export function mediumIneligibility(asset: MediumFacts, labelledIds: ReadonlySet<string>): MediumIneligibility[] {
  const reasons: MediumIneligibility[] = [];
  if (asset.kind !== MEDIUM_KIND) reasons.push('not-medium');
  if (asset.status !== 'active') reasons.push('not-active');
  if (!asset.mediumPermission) reasons.push('not-permitted');
  if (!labelledIds.has(asset.id)) reasons.push('not-labelled');
  return reasons;
}

/** The media a person may choose, and the media in use that they may not, with why. */
export interface DestinationMedia<T extends MediumFacts> {
  eligible: T[];
  ineligible: { asset: T; reasons: MediumIneligibility[] }[];
}

/**
 * Splits the ledger's recording media in use into those a backup or export may go to and those it may
 * not (with the reasons, so the screen can say what to do). Other kinds and retired media are left out.
 * Sorted by 管理番号 so the list reads like the ledger.
 */
export function destinationMedia<T extends MediumFacts & { managementNumber: string }>(assets: readonly T[], labelledIds: ReadonlySet<string>): DestinationMedia<T> {
  const media = assets.filter((a) => a.kind === MEDIUM_KIND && a.status === 'active').sort((a, b) => (a.managementNumber < b.managementNumber ? -1 : a.managementNumber > b.managementNumber ? 1 : 0));
  const result: DestinationMedia<T> = { eligible: [], ineligible: [] };
  for (const asset of media) {
    const reasons = mediumIneligibility(asset, labelledIds);
    if (reasons.length === 0) result.eligible.push(asset);
    else result.ineligible.push({ asset, reasons });
  }
  return result;
}

/** Shortest reason accepted for writing to a medium that is not in the ledger (so "なし" is not enough). */
export const MIN_OFF_LEDGER_REASON = 10;

const bounded = (max: number) => z.string().transform((v) => sanitizeText(v)).pipe(z.string().max(max));

/**
 * Where a backup or an export is written: a permitted medium of the ledger (by id), or a medium outside
 * the ledger described in words with the reason it is used instead (recorded in the take-out register).
 */
export const destinationChoiceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ledgerMedium'), assetId: z.string().min(1).max(100) }),
  z.object({ kind: z.literal('offLedger'), description: bounded(100), reason: bounded(300) }),
]);

export type DestinationChoice = z.output<typeof destinationChoiceSchema>;

export type DestinationProblem = 'no-medium' | 'medium-not-eligible' | 'description-required' | 'reason-required';

export const destinationProblemMessages: Record<DestinationProblem, string> = {
  'no-medium': '保存する媒体を選んでください（持出しの記録に残ります）。',
  'medium-not-eligible': '選んだ記録媒体は使えません（使用許可がない、ラベルがない、または使用中でない）。一覧から選び直してください。',
  'description-required': '台帳にない媒体に保存するときは、その媒体を入力してください（例: 事務局から借りたUSBメモリ）。',
  'reason-required': `台帳にない媒体に保存するときは、許可された媒体を使わない理由を${MIN_OFF_LEDGER_REASON}文字以上で入力してください（持出しの記録に残ります）。`,
};

/** What is wrong with a destination before anything is written (null: it may be used). */
export function destinationProblem(choice: unknown, eligibleIds: ReadonlySet<string>): DestinationProblem | null {
  const parsed = destinationChoiceSchema.safeParse(choice);
  if (!parsed.success) {
    const kind = (choice as { kind?: unknown } | null)?.kind;
    if (kind === 'offLedger') return 'reason-required';
    return 'no-medium';
  }
  const value = parsed.data;
  if (value.kind === 'ledgerMedium') return eligibleIds.has(value.assetId) ? null : 'medium-not-eligible';
  if (value.description.trim() === '') return 'description-required';
  if (value.reason.trim().length < MIN_OFF_LEDGER_REASON) return 'reason-required';
  return null;
}

/** A medium as the take-out register names it: 「SM-00003 USBメモリ（許可済み）」. */
export function mediumLabel(asset: Pick<Asset, 'managementNumber' | 'name'>): string {
  return `${asset.managementNumber} ${asset.name}`;
}

/**
 * The ledger itself as an information asset, created the first time it is written to a medium so the
 * medium's contents can name it (【03】第8条3). It names the section's staff (管理者, who recorded
 * what), and 【03】第4条 lists 職員名簿 among the examples of 重要性分類A, so it is registered with
 * personal information and the class the profile gives that fact.
 */
export function ledgerAssetInput(facts: { managementNumber: string; section: string; custodian: string }): AssetInput {
  return {
    managementNumber: facts.managementNumber,
    name: `情報資産台帳（${facts.section}・書出し／バックアップ）`.slice(0, 200),
    kind: 'information',
    medium: 'electronic',
    location: '書出し・バックアップを保存した記録媒体',
    owningSection: facts.section.slice(0, 100),
    custodian: facts.custodian.slice(0, 100),
    userScope: 'セキュリティ管理者・情報セキュリティ事務局',
    networkSegment: 'myNumber',
    personalInfoKind: 'personal',
    retentionPeriod: '',
    legalBasis: '',
    nextReviewDate: '',
    note: 'Daichō が台帳の書出し・バックアップを記録媒体に保存したときに登録しました。分類は提案中です。別のセキュリティ管理者が承認してください。',
  };
}

/**
 * The ledger asset's class: a proposal at what the profile recommends for its facts (personal
 * information), made by the manager who wrote it out. It is not approved here: another security
 * manager approves it as any other proposal (【03】第6条3, 【01】第11条); until then handling already
 * follows the strictest of the proposal and the ledger's facts.
 */
export function ledgerAssetClassification(profile: PolicyProfile, input: Pick<AssetInput, 'personalInfoKind' | 'kind' | 'medium' | 'networkSegment'>, context: { actor: string; userId: string; now: string }): AssetClassification {
  const recommendation = recommendClassification(profile, ledgerAnswers(input), { kind: input.kind, medium: input.medium, networkSegment: input.networkSegment, personalInfoKind: input.personalInfoKind });
  return {
    profileId: profile.id,
    profileVersion: profile.version,
    levels: recommendation.levels,
    recommended: recommendation.levels,
    answers: ledgerAnswers(input),
    reasons: recommendation.reasons,
    justification: '',
    referredToManager: false,
    state: 'proposed',
    proposedBy: context.actor,
    proposedByUserId: context.userId,
    proposedAt: context.now,
    approvedBy: null,
    approvedAt: null,
  };
}

/** The medium's contents with `id` added once (writing the ledger twice to one medium lists it once). */
export function withContent(contents: readonly string[], id: string): string[] {
  return contents.includes(id) ? [...contents] : [...contents, id];
}
