/**
 * What a label shows, chosen per label profile (saved by users and picked at print time): the
 * 管理番号, a QR or Code128 of it (never the class in clear), the coded class mark from the policy
 * profile (【03】第5条2: a mark third parties cannot easily read), the section and the date.
 */
import { z } from 'zod';
import type { Asset } from '../domain/asset';
import type { PolicyProfile } from '../domain/policyProfile';
import { labelTemplateSchema } from './labelTemplate';

export const labelProfileSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/),
  name: z.string().trim().min(1, { error: 'ラベル設定の名前を入力してください。' }).max(40, { error: 'ラベル設定の名前は40文字以内にしてください。' }),
  /** A bundled template id, or 'custom' with `customTemplate`. */
  templateId: z.string().min(1),
  customTemplate: labelTemplateSchema.optional(),
  code: z.enum(['qr', 'code128', 'none']),
  /** What the code holds: the 管理番号 alone, or prefixed with the section. Never the class. */
  codeContent: z.enum(['managementNumber', 'sectionAndNumber']),
  showName: z.boolean(),
  showSection: z.boolean(),
  showDate: z.boolean(),
});

export type LabelProfile = z.output<typeof labelProfileSchema>;

export const defaultLabelProfiles: readonly LabelProfile[] = [
  { id: 'standard-24', name: '標準（A4 24面・QR）', templateId: 'a4-24', code: 'qr', codeContent: 'managementNumber', showName: true, showSection: true, showDate: true },
  { id: 'small-65', name: '小型（A4 65面・QR）', templateId: 'a4-65', code: 'qr', codeContent: 'managementNumber', showName: false, showSection: false, showDate: false },
  { id: 'tape-24', name: 'テープ 24mm（Code128）', templateId: 'tape-24', code: 'code128', codeContent: 'managementNumber', showName: false, showSection: true, showDate: false },
];

/**
 * 【03】第5条2: the kinds the policy profile names (removable media, paper) carry the mark; the rest
 * (terminals, servers, network devices) are exempt unless the person overrides. Only assets in use.
 */
export function labelEligible(asset: Pick<Asset, 'kind' | 'status'>, includeExempt: boolean, profile: Pick<PolicyProfile, 'label'>): boolean {
  return asset.status === 'active' && (includeExempt || profile.label.kinds.includes(asset.kind));
}

/** The text the QR / barcode holds. */
export function codeText(profile: Pick<LabelProfile, 'codeContent'>, managementNumber: string, section: string): string {
  return profile.codeContent === 'sectionAndNumber' ? `${section} ${managementNumber}` : managementNumber;
}

/** The coded mark for the asset's effective class, or null when it has no class under this profile. */
export function labelMark(profile: PolicyProfile, effective: Record<string, string>): { symbol: string; colour: string } | null {
  const level = effective[profile.label.objective];
  return level ? (profile.label.marks[level] ?? null) : null;
}
