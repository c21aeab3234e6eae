/**
 * The disposal register (廃棄, 【03】第14条): request -> approval by a security manager who did not
 * request it -> completion with date, performer, witness and certificate. Media holding B-or-higher
 * information (per the profile's `secureDisposal`) may only be disposed of by a method that makes
 * recovery impossible. On completion the asset becomes 廃棄済 and stays in the ledger.
 */
import { z } from 'zod';
import { isoDateOrEmpty } from '../domain/asset';
import { sanitizeText } from '../domain/sanitizeText';
import type { AccountRole } from '../accounts/account';
import { isSamePerson } from '../accounts/permissions';
import type { RegisterResult } from './takeOut';
import { assetHandling, type HandlingSubject } from '../domain/deriveClass';
import { requiresSecureDisposal, type PolicyProfile } from '../domain/policyProfile';

/** Whether only unrecoverable methods are allowed (【03】第14条); `'undecided'` when the undecided class makes it so (【03】第6条3). */
export type SecureDisposalRequirement = boolean | 'undecided';

/** The secure-disposal requirement from the asset's handling (approved class, proposal, ledger facts, contents). */
export function secureDisposalRequirement(profile: PolicyProfile, asset: HandlingSubject): SecureDisposalRequirement {
  const handling = assetHandling(profile, asset);
  if (!requiresSecureDisposal(profile, handling.levels)) return false;
  return handling.undecided.length > 0 ? 'undecided' : true;
}

export const disposalMethods = [
  { id: 'physical', label: '物理破壊', unrecoverable: true },
  { id: 'degauss', label: '消磁', unrecoverable: true },
  { id: 'dissolve', label: '溶解', unrecoverable: true },
  { id: 'vendorErase', label: '専門業者による消去（消去証明書あり）', unrecoverable: true },
  { id: 'crossCutShred', label: 'クロスカットシュレッダーによる細断', unrecoverable: true },
  { id: 'overwrite', label: '上書き消去', unrecoverable: false },
  { id: 'ordinary', label: '通常の廃棄', unrecoverable: false },
] as const;

export type DisposalMethod = (typeof disposalMethods)[number]['id'];
export type DisposalState = 'requested' | 'approved' | 'rejected' | 'completed';

export const disposalStateLabels: Record<DisposalState, string> = { requested: '申請中', approved: '許可済み', rejected: '却下', completed: '廃棄済み' };

/** The methods offered: only unrecoverable ones when the class requires secure disposal. */
export function allowedDisposalMethods(secureRequired: SecureDisposalRequirement) {
  return disposalMethods.filter((m) => secureRequired === false || m.unrecoverable);
}

export interface Disposal {
  id?: number;
  assetId: string;
  managementNumber: string;
  method: DisposalMethod;
  reason: string;
  secureRequired: boolean;
  state: DisposalState;
  requestedBy: string;
  /** The requester's account ID (separation of duties compares IDs; absent on records saved before v6). */
  requestedByUserId?: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string;
  performedOn: string;
  performer: string;
  witness: string;
  certificateRef: string;
  completedAt: string | null;
}

const text = (label: string, max: number, required = true) =>
  z
    .string()
    .transform((v) => sanitizeText(v))
    .pipe(required ? z.string().min(1, { error: `${label}を入力してください。` }).max(max, { error: `${label}は${max}文字以内で入力してください。` }) : z.string().max(max, { error: `${label}は${max}文字以内で入力してください。` }));

export const disposalRequestSchema = z.object({
  method: z.enum(disposalMethods.map((m) => m.id) as [DisposalMethod, ...DisposalMethod[]], { error: '廃棄方法を選んでください。' }),
  reason: text('廃棄の理由', 300),
});

export const disposalCompletionSchema = z.object({
  performedOn: isoDateOrEmpty.refine((v) => v !== '', { error: '実施日を入力してください。' }),
  performer: text('実施者', 40),
  witness: text('立会者', 40),
  certificateRef: text('証明書の番号など', 100, false),
});

export function requestDisposal(asset: { id: string; managementNumber: string }, request: z.output<typeof disposalRequestSchema>, secureRequired: SecureDisposalRequirement, context: { actor: string; userId?: string; now: string }): RegisterResult<Disposal> {
  if (!allowedDisposalMethods(secureRequired).some((m) => m.id === request.method)) return { ok: false, reason: secureRequired === 'undecided' ? 'method-not-allowed-undecided' : 'method-not-allowed' };
  return {
    ok: true,
    value: {
      assetId: asset.id, managementNumber: asset.managementNumber, ...request, secureRequired: secureRequired !== false, state: 'requested',
      requestedBy: context.actor, ...(context.userId ? { requestedByUserId: context.userId } : {}), requestedAt: context.now, decidedBy: null, decidedAt: null, decisionReason: '',
      performedOn: '', performer: '', witness: '', certificateRef: '', completedAt: null,
    },
  };
}

/** Approval or rejection by a security manager other than the requester (compared by account ID). */
export function decideDisposal(disposal: Disposal, approver: { userId: string; name: string; role: AccountRole }, approve: boolean, reason: string, now: string): RegisterResult<Disposal> {
  if (disposal.state !== 'requested') return { ok: false, reason: 'wrong-state' };
  if (approver.role !== 'securityManager') return { ok: false, reason: 'not-manager' };
  if (isSamePerson(approver, { userId: disposal.requestedByUserId, name: disposal.requestedBy })) return { ok: false, reason: 'own-request' };
  return { ok: true, value: { ...disposal, state: approve ? 'approved' : 'rejected', decidedBy: approver.name, decidedAt: now, decisionReason: sanitizeText(reason).slice(0, 300) } };
}

/** Records the disposal as done (【03】第14条2: date, person, method). The witness must be someone else. */
export function completeDisposal(disposal: Disposal, completion: z.output<typeof disposalCompletionSchema>, now: string): RegisterResult<Disposal> | { ok: false; reason: 'same-witness' } {
  if (disposal.state !== 'approved') return { ok: false, reason: 'wrong-state' };
  if (completion.performer === completion.witness) return { ok: false, reason: 'same-witness' };
  return { ok: true, value: { ...disposal, ...completion, state: 'completed', completedAt: now } };
}
