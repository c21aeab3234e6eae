/**
 * The IPA-style risk value of an asset (IPA 情報資産管理台帳 / 中小企業の情報セキュリティ対策ガイドライン
 * 付録7 リスク分析シート). The asset's 重要度 comes from its class; the person assessing gives the
 * threat's likelihood (脅威の発生頻度) and the vulnerability (脆弱性), each 1–3; the profile's lookup
 * table turns those two into 被害発生可能性, and its formula gives the risk value (IPA: 重要度 ×
 * 被害発生可能性, 1–9). Everything but the assessment itself is profile data (policyProfile.ts `risk`).
 */
import { z } from 'zod';
import { deriveImportance, levelIn, type PolicyProfile } from './policyProfile';
import { assetHandling, type HandlingSubject } from './deriveClass';

export const riskScales = [1, 2, 3] as const;
export type RiskScale = (typeof riskScales)[number];

/** The scale texts of the IPA sheet, shown beside the choices. */
export const threatLabels: Record<RiskScale, string> = {
  3: '3: 通常の状態で脅威が発生する（いつ発生してもおかしくない）',
  2: '2: 特定の状況で脅威が発生する（年に数回程度）',
  1: '1: 通常の状態で脅威が発生することはない',
};
export const vulnerabilityLabels: Record<RiskScale, string> = {
  3: '3: 対策を実施していない（ほとんど実施していない）',
  2: '2: 部分的に対策を実施している',
  1: '1: 必要な対策をすべて実施している',
};

/** The assessment kept with the asset (optional: assets not yet assessed have none). */
export interface RiskAssessment {
  threat: RiskScale;
  vulnerability: RiskScale;
  assessedAt: string;
  assessedBy: string;
}

const scale = z.union([z.literal(1), z.literal(2), z.literal(3)], { error: '1・2・3 のどれかを選んでください。' });
export const riskAssessmentInputSchema = z.strictObject({ threat: scale, vulnerability: scale });

/** A scale value from a cell or a form (「2」「２」「2.0」); anything else is null. */
export function parseRiskScale(value: unknown): RiskScale | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.normalize('NFKC').trim() : '';
  return text === '1' || text === '2' || text === '3' ? (Number(text) as RiskScale) : /^[123]\.0+$/.test(text) ? (Number(text) as RiskScale) : null;
}

export type RiskValue =
  | { ok: true; value: number; importance: number; likelihood: number; band: { id: string; name: string } | null }
  | { ok: false; reason: 'no-risk-model' | 'not-assessed' | 'invalid-assessment' | 'no-importance' };

/** 被害発生可能性 from the profile's table (`matrix[threat - 1][vulnerability - 1]`). */
export function likelihoodOf(profile: Pick<PolicyProfile, 'risk'>, threat: RiskScale, vulnerability: RiskScale): number | null {
  return profile.risk?.likelihood.matrix[threat - 1]?.[vulnerability - 1] ?? null;
}

/** The 重要度 score of a set of levels under the profile's risk model (null when the class is not known). */
export function importanceScore(profile: PolicyProfile, levels: Record<string, string> | null): number | null {
  const risk = profile.risk;
  if (!risk || !levels) return null;
  const from = risk.importance.from;
  const level = from === 'importance' ? deriveImportance(profile, levels) : levelIn(levels, from.objective);
  if (level === undefined || !Object.hasOwn(risk.importance.scores, level)) return null;
  return risk.importance.scores[level] ?? null;
}

type RiskModel = NonNullable<PolicyProfile['risk']>;

/** The profile's formula over its named terms (product, sum or maximum). */
function combine(risk: RiskModel, terms: Record<RiskModel['formula']['terms'][number], number>): number {
  const values = risk.formula.terms.map((t) => terms[t]);
  return risk.formula.kind === 'product' ? values.reduce((a, b) => a * b, 1) : risk.formula.kind === 'sum' ? values.reduce((a, b) => a + b, 0) : Math.max(...values);
}

/**
 * Every risk value an asset assessed at `threat` and `vulnerability` can have under the profile, whatever
 * its class (one per 重要度 score, ascending). The exchange workbook's リスク値 cell is checked against
 * these: the exact value also depends on what the asset contains (【03】第8条3), which a row does not
 * carry, but a value no class could give is a cell someone changed by hand.
 */
export function possibleRiskValues(profile: PolicyProfile, threat: RiskScale, vulnerability: RiskScale): number[] {
  const risk = profile.risk;
  if (!risk) return [];
  const likelihood = likelihoodOf(profile, threat, vulnerability)!;
  const values = new Set(Object.values(risk.importance.scores).map((importance) => combine(risk, { importance, likelihood, threat, vulnerability })));
  return [...values].sort((a, b) => a - b);
}

/**
 * The risk value of one asset. `levels` is the class the asset is handled by (its effective class);
 * an asset with no class, or not assessed, has no value (a refusal value the screen explains), so an
 * unknown risk never reads as a low one.
 */
export function riskValue(profile: PolicyProfile, levels: Record<string, string> | null, assessment: Pick<RiskAssessment, 'threat' | 'vulnerability'> | null | undefined): RiskValue {
  const risk = profile.risk;
  if (!risk) return { ok: false, reason: 'no-risk-model' };
  if (!assessment) return { ok: false, reason: 'not-assessed' };
  // A stored assessment is data, not a promise: one edited by hand with a value off the scale would
  // miss the table and compute as 0 (or as text, in a sum), an unknown risk read as a low one.
  if (!riskAssessmentInputSchema.safeParse({ threat: (assessment as Partial<RiskAssessment>).threat, vulnerability: (assessment as Partial<RiskAssessment>).vulnerability }).success) return { ok: false, reason: 'invalid-assessment' };
  const importance = importanceScore(profile, levels);
  if (importance === null) return { ok: false, reason: 'no-importance' };
  const likelihood = likelihoodOf(profile, assessment.threat, assessment.vulnerability)!;
  const value = combine(risk, { importance, likelihood, threat: assessment.threat, vulnerability: assessment.vulnerability });
  const band = [...risk.bands].reverse().find((b) => value >= b.min) ?? null;
  return { ok: true, value, importance, likelihood, band: band && { id: band.id, name: band.name } };
}

export const riskFailureLabels: Record<Exclude<RiskValue, { ok: true }>['reason'], string> = {
  'no-risk-model': 'この分類基準にはリスク値の定めがありません',
  'not-assessed': '未評価（脅威と脆弱性を入力してください）',
  'invalid-assessment': '記録された評価が読み取れないため計算できません（脅威と脆弱性を選び直して保存してください）',
  'no-importance': '分類が決まっていないため計算できません',
};

/**
 * An asset's risk value at the levels it is handled by (deriveClass.ts `assetHandling`): while its class
 * is undecided that is the profile's highest (【03】第6条3), so an unclassified asset never shows a low
 * risk; `provisional` then says the value will change once a manager approves the class.
 */
export function assetRiskValue(profile: PolicyProfile, asset: HandlingSubject & { riskAssessment?: Pick<RiskAssessment, 'threat' | 'vulnerability'> }): RiskValue & { provisional: boolean } {
  const handling = assetHandling(profile, asset);
  return { ...riskValue(profile, handling.levels, asset.riskAssessment), provisional: handling.undecided.length > 0 };
}

/** A sortable number: the value, or -1 when there is none (unassessed assets sort below assessed ones). */
export function riskSortKey(result: RiskValue): number {
  return result.ok ? result.value : -1;
}
