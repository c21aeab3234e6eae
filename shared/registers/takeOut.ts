/**
 * The take-out register (持出し, 【03】第9条): B-or-higher information leaves only with the security
 * manager's permission and a record; request -> approval or rejection -> handover -> return. Whoever
 * requested cannot approve. An unencrypted take-out of a class that requires encryption (【03】第7条4)
 * needs an explicit reason.
 */
import { z } from 'zod';
import { isoDateOrEmpty } from '../domain/asset';
import { sanitizeText } from '../domain/sanitizeText';
import type { AccountRole } from '../accounts/account';
import { isSamePerson } from '../accounts/permissions';
import { assetHandling, type HandlingSubject } from '../domain/deriveClass';
import { requiresEncryption, type PolicyProfile } from '../domain/policyProfile';

export type TakeOutState = 'requested' | 'approved' | 'rejected' | 'handedOver' | 'returned';

export const takeOutStateLabels: Record<TakeOutState, string> = {
  requested: '申請中',
  approved: '許可済み',
  rejected: '却下',
  handedOver: '持出し中',
  returned: '返却済み',
};

export interface TakeOut {
  id?: number;
  assetId: string;
  managementNumber: string;
  /** 'request' from the register; 'backup' / 'export' recorded by those features (already authorised). */
  kind: 'request' | 'backup' | 'export';
  purpose: string;
  destination: string;
  medium: string;
  /** The ledger's recording medium written to (【03】第8条1: a permitted one); absent for other take-outs. */
  mediumAssetId?: string;
  /** Why a medium outside the ledger was used instead of a permitted one (backup and export only). */
  offLedgerReason?: string;
  encrypted: boolean;
  unencryptedReason: string;
  expectedReturn: string;
  state: TakeOutState;
  requestedBy: string;
  /** The requester's account ID (separation of duties compares IDs; absent on records saved before v6). */
  requestedByUserId?: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string;
  handedOverAt: string | null;
  returnedAt: string | null;
}

const text = (label: string, max: number, required = true) =>
  z
    .string()
    .transform((v) => sanitizeText(v))
    .pipe(required ? z.string().min(1, { error: `${label}を入力してください。` }).max(max, { error: `${label}は${max}文字以内で入力してください。` }) : z.string().max(max, { error: `${label}は${max}文字以内で入力してください。` }));

export const takeOutRequestSchema = z.object({
  purpose: text('目的', 200),
  destination: text('持出し先', 100),
  medium: text('持ち出す媒体・方法', 100),
  encrypted: z.boolean(),
  unencryptedReason: text('暗号化しない理由', 300, false),
  expectedReturn: isoDateOrEmpty.refine((v) => v !== '', { error: '返却予定日を入力してください。' }),
});

export type TakeOutRequest = z.output<typeof takeOutRequestSchema>;

export type RegisterResult<T> = { ok: true; value: T } | { ok: false; reason: RegisterFailure };
export type RegisterFailure = 'reason-required' | 'reason-required-undecided' | 'method-not-allowed-undecided' | 'not-manager' | 'own-request' | 'wrong-state' | 'return-before-today' | 'method-not-allowed';

export const registerFailureMessages: Record<RegisterFailure, string> = {
  'reason-required': 'この分類の情報は暗号化して持ち出すことになっています（【03】第7条4）。暗号化しない場合は、その理由を入力してください。',
  'reason-required-undecided':
    'この資産は分類が決まっていないため、セキュリティ管理者が分類を承認するまで最も厳しい分類で取り扱い、暗号化して持ち出すことになっています（【03】第6条3・第7条4）。暗号化しない場合は、その理由を入力してください。',
  'method-not-allowed-undecided':
    'この媒体は分類が決まっていないため、最も厳しい分類で取り扱い、情報を復元できない方法でしか廃棄できません（【03】第6条3・第14条）。廃棄方法を選び直すか、先に分類を決めてください。',
  'not-manager': '許可・却下はセキュリティ管理者だけが行えます。',
  'own-request': '自分が申請したものは許可・却下できません（職務の分離）。別のセキュリティ管理者に依頼してください。',
  'wrong-state': 'この記録は今の状態ではその操作ができません。画面を開き直して状態を確認してください。',
  'return-before-today': '返却予定日は今日以降の日付にしてください。',
  'method-not-allowed': 'この分類の媒体は、情報を復元できない方法でしか廃棄できません（【03】第14条）。廃棄方法を選び直してください。',
};

/** Shortest reason accepted for carrying unencrypted what should be encrypted (so "なし" is not enough). */
export const MIN_UNENCRYPTED_REASON = 5;

/**
 * Whether the asset's handling calls for encryption when carried (【03】第7条4, 第9条3): `'undecided'`
 * when it does only or also because the class is not decided yet (handled at the strictest, 【03】第6条3),
 * so the register can say why.
 */
export type EncryptionRequirement = boolean | 'undecided';

/** The encryption requirement from the asset's handling (approved class, proposal, ledger facts, contents). */
export function encryptionRequirement(profile: PolicyProfile, asset: HandlingSubject): EncryptionRequirement {
  const handling = assetHandling(profile, asset);
  if (!requiresEncryption(profile, handling.levels)) return false;
  return handling.undecided.length > 0 ? 'undecided' : true;
}

/**
 * 【03】第7条4: information whose class calls for encryption leaves unencrypted only with a written
 * reason. Shared by take-out requests and ledger exports.
 */
export function unencryptedReasonMissing(encryptionRequired: EncryptionRequirement, encrypted: boolean, reason: string): boolean {
  return encryptionRequired !== false && !encrypted && reason.trim().length < MIN_UNENCRYPTED_REASON;
}

/** Builds a take-out request. `encryptionRequired` comes from `encryptionRequirement` (a boolean is accepted too). */
export function requestTakeOut(
  asset: { id: string; managementNumber: string },
  request: TakeOutRequest,
  encryptionRequired: EncryptionRequirement,
  context: { actor: string; userId?: string; now: string; today: string },
): RegisterResult<TakeOut> {
  if (unencryptedReasonMissing(encryptionRequired, request.encrypted, request.unencryptedReason)) {
    return { ok: false, reason: encryptionRequired === 'undecided' ? 'reason-required-undecided' : 'reason-required' };
  }
  if (request.expectedReturn < context.today) return { ok: false, reason: 'return-before-today' };
  return {
    ok: true,
    value: {
      assetId: asset.id,
      managementNumber: asset.managementNumber,
      kind: 'request',
      ...request,
      unencryptedReason: request.encrypted ? '' : request.unencryptedReason,
      state: 'requested',
      requestedBy: context.actor,
      ...(context.userId ? { requestedByUserId: context.userId } : {}),
      requestedAt: context.now,
      decidedBy: null,
      decidedAt: null,
      decisionReason: '',
      handedOverAt: null,
      returnedAt: null,
    },
  };
}

/** Approval or rejection by a security manager other than the requester (compared by account ID). */
export function decideTakeOut(takeOut: TakeOut, approver: { userId: string; name: string; role: AccountRole }, approve: boolean, reason: string, now: string): RegisterResult<TakeOut> {
  if (takeOut.state !== 'requested') return { ok: false, reason: 'wrong-state' };
  if (approver.role !== 'securityManager') return { ok: false, reason: 'not-manager' };
  if (isSamePerson(approver, { userId: takeOut.requestedByUserId, name: takeOut.requestedBy })) return { ok: false, reason: 'own-request' };
  return { ok: true, value: { ...takeOut, state: approve ? 'approved' : 'rejected', decidedBy: approver.name, decidedAt: now, decisionReason: sanitizeText(reason).slice(0, 300) } };
}

export function handOverTakeOut(takeOut: TakeOut, now: string): RegisterResult<TakeOut> {
  if (takeOut.state !== 'approved') return { ok: false, reason: 'wrong-state' };
  return { ok: true, value: { ...takeOut, state: 'handedOver', handedOverAt: now } };
}

export function returnTakeOut(takeOut: TakeOut, now: string): RegisterResult<TakeOut> {
  if (takeOut.state !== 'handedOver') return { ok: false, reason: 'wrong-state' };
  return { ok: true, value: { ...takeOut, state: 'returned', returnedAt: now } };
}

/** Out and past its expected return day (Tokyo calendar day). */
export function isOverdue(takeOut: Pick<TakeOut, 'state' | 'expectedReturn'>, today: string): boolean {
  return takeOut.state === 'handedOver' && takeOut.expectedReturn !== '' && takeOut.expectedReturn < today;
}

/**
 * The hook for features that carry the ledger out themselves (backup, signed export): the take-out is
 * recorded as already authorised and handed over, so it shows in the register until returned.
 */
export function authorisedTakeOut(
  kind: 'backup' | 'export',
  details: { assetId: string; managementNumber: string; purpose: string; destination: string; medium: string; mediumAssetId?: string; offLedgerReason?: string; encrypted: boolean; unencryptedReason?: string },
  context: { actor: string; userId?: string; now: string },
): TakeOut {
  return {
    ...details,
    kind,
    unencryptedReason: details.unencryptedReason ?? '',
    expectedReturn: '',
    state: 'handedOver',
    requestedBy: context.actor,
    ...(context.userId ? { requestedByUserId: context.userId } : {}),
    requestedAt: context.now,
    decidedBy: context.actor,
    decidedAt: context.now,
    decisionReason: kind === 'backup' ? 'バックアップ（セキュリティ管理者が実施）' : '台帳の書出し（セキュリティ管理者が実施）',
    handedOverAt: context.now,
    returnedAt: null,
  };
}
