/**
 * The columns of the exported 情報資産台帳 sheet. Export and import use these same Japanese headers, and
 * value-list fields are written as the labels people read (取込み maps them back).
 */
import { assetFieldLabels, choiceFieldLabels, type Asset, type AssetInput } from '../domain/asset';
import type { PolicyProfile } from '../domain/policyProfile';
import { classificationStateLabels, classificationStateOf } from '../domain/classification';
import { assetRiskValue } from '../domain/riskValue';

type LedgerField = keyof AssetInput | 'status';

/** The asset fields in the form's display order (the order of `assetFieldLabels`). */
const fieldOrder = Object.keys(assetFieldLabels) as LedgerField[];

export const ID_HEADER = '資産ID';
const STATE_HEADER = '分類の状態';

/**
 * The IPA 付録7 risk columns (情報資産管理台帳: 脅威の発生頻度, 脆弱性, リスク値), written when the profile has a
 * risk model. They come after 資産ID, so a ledger signed before they existed is an exact prefix of
 * today's header and still verifies and imports (leaving the assets' assessments as they are). The
 * names are the legacy import's, so a Daichō export maps onto itself there too.
 */
export const RISK_HEADERS = ['脅威の発生頻度', '脆弱性', 'リスク値'] as const;
export const [THREAT_HEADER, VULNERABILITY_HEADER, RISK_VALUE_HEADER] = RISK_HEADERS;

/** The columns every ledger of the profile has, signed before or after the risk columns. */
function baseHeader(profile: PolicyProfile): string[] {
  return [...fieldOrder.map((f) => assetFieldLabels[f]), ...profile.objectives.map((o) => `分類:${o.name}`), STATE_HEADER, ID_HEADER];
}

/** Header row: the asset fields, one column per classification objective, the state, the asset ID, then the risk columns. */
export function ledgerHeader(profile: PolicyProfile): string[] {
  return [...baseHeader(profile), ...(profile.risk ? RISK_HEADERS : [])];
}

/**
 * The columns a table read as the profile's ledger must have: today's header, or the header before the
 * risk columns when the table is no wider than that (an older signed file, still valid as it was
 * signed). The risk columns come all together or not at all, so a table with only some of them is
 * compared against today's header and refused at the first missing one.
 */
export function expectedLedgerHeader(header: readonly string[], profile: PolicyProfile): string[] {
  const base = baseHeader(profile);
  return header.length <= base.length ? base : ledgerHeader(profile);
}

/**
 * Excel reads text starting with these as a formula; such cells are written with a leading apostrophe.
 * Text that already starts with apostrophes before such a character gets one more, so restoring is
 * exact ("'=" stays "'=" after a round trip).
 */
const formulaStart = /^'*[=+\-@\t\r]/;

/** Neutralises text that Excel would take as a formula (never writes a formula). */
export function neutraliseCell(text: string): string {
  return formulaStart.test(text) ? `'${text}` : text;
}

/** Undoes `neutraliseCell` on import: one apostrophe before formula-like text is dropped. */
export function restoreCell(text: string): string {
  return text.startsWith("'") && formulaStart.test(text.slice(1)) ? text.slice(1) : text;
}

/**
 * A cell as the exporter writes it, whatever wrote it before: text from a signed file (already
 * neutralised), from a workbook someone edited in Excel (a formula-like text typed as text), or from an
 * earlier CLI that did not neutralise. Idempotent, and exact on the exporter's own cells, so a ledger
 * the app wrote comes back unchanged and formula-like text never reaches a sheet unneutralised.
 */
export function normaliseCell(text: string): string {
  return neutraliseCell(restoreCell(text));
}

/** Where a table's header first differs from the expected columns (1-based), or null when it matches. */
export function ledgerHeaderMismatch(header: readonly string[], expected: readonly string[]): { column: number; expected: string | null; actual: string | null } | null {
  for (let i = 0; i < Math.max(header.length, expected.length); i++) {
    if (header[i] !== expected[i]) return { column: i + 1, expected: expected[i] ?? null, actual: header[i] ?? null };
  }
  return null;
}

/** One asset as the cells of its row (all text). */
export function assetRow(asset: Asset, profile: PolicyProfile): string[] {
  const own = asset.classification?.profileId === profile.id ? asset.classification.levels : {};
  const cells = [
    ...fieldOrder.map((field) => {
      const value = asset[field];
      const labels = (choiceFieldLabels as Record<string, Record<string, string>>)[field];
      return labels ? (labels[value] ?? value) : value;
    }),
    ...profile.objectives.map((o) => o.levels.find((l) => l.id === own[o.id])?.name ?? ''),
    classificationStateLabels[classificationStateOf(asset.classification)],
    asset.id,
    ...(profile.risk ? riskCells(asset, profile) : []),
  ];
  return cells.map(neutraliseCell);
}

/**
 * 脅威の発生頻度, 脆弱性 and リスク値 of one asset: empty when not assessed. The value is the one the app
 * shows (at the class the asset is handled by, 【03】第6条3, 第8条3), empty when it cannot be computed.
 */
function riskCells(asset: Asset, profile: PolicyProfile): string[] {
  const assessment = asset.riskAssessment;
  if (!assessment) return ['', '', ''];
  const risk = assetRiskValue(profile, asset);
  return [String(assessment.threat), String(assessment.vulnerability), risk.ok ? String(risk.value) : ''];
}
