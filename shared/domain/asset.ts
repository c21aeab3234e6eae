/**
 * The information asset (情報資産) and its fields, as listed in the scope sections of every seed policy
 * and 【03】第3条 of the Nishinomiya standard. Value lists are data; labels are what users see.
 */
import { z } from 'zod';
import { halfWidthAscii, sanitizeText } from './sanitizeText';
import type { AssetClassification } from './classification';
import type { DerivedClass } from './deriveClass';
import type { RiskAssessment } from './riskValue';

/** 種類: the asset kinds named in the policies' 情報資産の範囲. */
export const assetKinds = ['information', 'system', 'recordingMedium', 'equipment', 'paperDocument', 'systemDocument'] as const;
export type AssetKind = (typeof assetKinds)[number];
export const assetKindLabels: Record<AssetKind, string> = {
  information: '情報',
  system: '情報システム',
  recordingMedium: '記録媒体',
  equipment: '機器',
  paperDocument: '紙文書',
  systemDocument: 'システム関連文書',
};

/** 形式: electronic or paper. */
export const assetMedia = ['electronic', 'paper'] as const;
export type AssetMedium = (typeof assetMedia)[number];
export const assetMediumLabels: Record<AssetMedium, string> = { electronic: '電子', paper: '紙' };

/** ネットワーク区分: the three-segment model of the national guideline. */
export const networkSegments = ['myNumber', 'lgwan', 'internet', 'none'] as const;
export type NetworkSegment = (typeof networkSegments)[number];
export const networkSegmentLabels: Record<NetworkSegment, string> = {
  myNumber: 'マイナンバー利用事務系',
  lgwan: 'LGWAN接続系',
  internet: 'インターネット接続系',
  none: '該当なし（紙・単体）',
};

/** 個人情報の種類. */
export const personalInfoKinds = ['none', 'personal', 'sensitive', 'specificPersonal'] as const;
export type PersonalInfoKind = (typeof personalInfoKinds)[number];
export const personalInfoKindLabels: Record<PersonalInfoKind, string> = {
  none: 'なし',
  personal: '個人情報',
  sensitive: '要配慮個人情報',
  specificPersonal: '特定個人情報',
};

/** 状態: assets are retired (廃止) or disposed (廃棄済), never deleted (【03】第3条3). */
export const assetStatuses = ['active', 'retired', 'disposed'] as const;
export type AssetStatus = (typeof assetStatuses)[number];
export const assetStatusLabels: Record<AssetStatus, string> = { active: '使用中', retired: '廃止', disposed: '廃棄済' };

/** Maximum lengths, so one pasted document cannot bloat the ledger or the exported workbook. */
export const fieldLimits = {
  managementNumber: 32,
  name: 200,
  shortText: 100,
  legalBasis: 200,
  note: 2000,
} as const;


/** One asset as stored in the ledger. Dates are ISO strings (YYYY-MM-DD or full timestamps). */
export interface Asset {
  id: string;
  managementNumber: string;
  name: string;
  kind: AssetKind;
  medium: AssetMedium;
  location: string;
  owningSection: string;
  custodian: string;
  userScope: string;
  networkSegment: NetworkSegment;
  personalInfoKind: PersonalInfoKind;
  retentionPeriod: string;
  legalBasis: string;
  status: AssetStatus;
  nextReviewDate: string;
  note: string;
  classification: AssetClassification | null;
  /** Ids of the assets this one holds (a USB memory holding files, a system holding information). */
  contents: string[];
  /** 【03】第8条3: the class its contents give it, kept beside the manual one; null when none. */
  derived: DerivedClass | null;
  /**
   * 【03】第8条1 「セキュリティ管理者の許可なしに、記録媒体を使用してはならない。」: the manager's
   * permission to use this recording medium. Absent or null: not permitted. Optional so records stored
   * before it existed need no migration (read as "not permitted", the strict reading).
   */
  mediumPermission?: MediumPermission | null;
  /** IPA 付録7: the threat and vulnerability someone assessed (absent: not assessed; no schema change). */
  riskAssessment?: RiskAssessment;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

/** A security manager's permission to use a recording medium (【03】第8条1): who, when, and a note. */
export interface MediumPermission {
  grantedBy: string;
  grantedByUserId: string;
  grantedAt: string;
  note: string;
}

/** The fields a person edits in the asset form. */
export type AssetInput = Pick<
  Asset,
  | 'managementNumber'
  | 'name'
  | 'kind'
  | 'medium'
  | 'location'
  | 'owningSection'
  | 'custodian'
  | 'userScope'
  | 'networkSegment'
  | 'personalInfoKind'
  | 'retentionPeriod'
  | 'legalBasis'
  | 'nextReviewDate'
  | 'note'
>;

/** The editable fields in display order, with their Japanese labels (form, detail, history, filters). */
export const assetFieldLabels: Record<keyof AssetInput | 'status', string> = {
  managementNumber: '管理番号',
  name: '名称',
  kind: '種類',
  medium: '形式',
  location: '所在',
  owningSection: '所管課',
  custodian: '管理者',
  userScope: '利用者範囲',
  networkSegment: 'ネットワーク区分',
  personalInfoKind: '個人情報の種類',
  retentionPeriod: '保存年限',
  legalBasis: '根拠法令',
  status: '状態',
  nextReviewDate: '次回見直し日',
  note: '備考',
};

const text = (max: number, label: string, required: boolean, multiline = false) => {
  const base = z
    .string({ error: `${label}を入力してください。` })
    .transform((value) => sanitizeText(value, { multiline }))
    .pipe(z.string().max(max, { error: `${label}は${max}文字以内で入力してください。` }));
  return required
    ? base.pipe(z.string().min(1, { error: `${label}を入力してください。` }))
    : base;
};

const choice = <T extends readonly [string, ...string[]]>(values: T, label: string) =>
  z.enum(values, { error: `${label}を一覧から選んでください。` });

/** ISO calendar date (YYYY-MM-DD) that really exists, or empty. */
export const isoDateOrEmpty = z
  .string()
  .transform((value) => value.trim())
  .refine((value) => value === '' || isRealIsoDate(value), { error: '日付は 2026-04-01 の形で入力してください。' });

function isRealIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * Schema of the asset form: required fields, value lists, length limits, control characters removed.
 * The 管理番号 may hold letters, digits and - _ . / only, so it prints cleanly on labels and in Excel.
 */
export const assetInputSchema = z.object({
  // Upper-cased so that "kz-00001" and "KZ-00001" cannot both exist (the unique index is exact), and
  // full-width ASCII folded first, so ＳＭ－０００１ typed with the IME on is SM-0001 (as the legacy
  // import reads it); ① or Ⅱ stay refused, never read as another number.
  managementNumber: z
    .string({ error: '管理番号を入力してください。' })
    .transform(halfWidthAscii)
    .pipe(text(fieldLimits.managementNumber, '管理番号', true))
    .transform((v) => v.toUpperCase())
    .pipe(
    z.string().regex(/^[0-9A-Za-z][0-9A-Za-z\-_./]*$/, {
      error: '管理番号は半角英数字と - _ . / で入力してください（先頭は英数字）。',
    }),
  ),
  name: text(fieldLimits.name, '名称', true),
  kind: choice(assetKinds, '種類'),
  medium: choice(assetMedia, '形式'),
  location: text(fieldLimits.shortText, '所在', true),
  owningSection: text(fieldLimits.shortText, '所管課', true),
  custodian: text(fieldLimits.shortText, '管理者', true),
  userScope: text(fieldLimits.shortText, '利用者範囲', false),
  networkSegment: choice(networkSegments, 'ネットワーク区分'),
  personalInfoKind: choice(personalInfoKinds, '個人情報の種類'),
  retentionPeriod: text(fieldLimits.shortText, '保存年限', false),
  legalBasis: text(fieldLimits.legalBasis, '根拠法令', false),
  nextReviewDate: isoDateOrEmpty,
  note: text(fieldLimits.note, '備考', false, true),
});

/** Fields whose values come from a fixed list, with the labels to show for each value. */
export const choiceFieldLabels = {
  kind: assetKindLabels,
  medium: assetMediumLabels,
  networkSegment: networkSegmentLabels,
  personalInfoKind: personalInfoKindLabels,
  status: assetStatusLabels,
} as const;

/** The text a person sees for one field of an asset (labels for value lists). */
export function displayValue(asset: Pick<Asset, keyof AssetInput | 'status'>, field: keyof AssetInput | 'status'): string {
  const value = asset[field];
  if (field in choiceFieldLabels) {
    const labels = choiceFieldLabels[field as keyof typeof choiceFieldLabels] as Record<string, string>;
    return labels[value] ?? value;
  }
  return value;
}
