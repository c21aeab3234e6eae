/**
 * The register of exception measures (例外措置, 【02】第5条 of the Nishinomiya standard): when keeping a
 * rule is not possible and there is a reasonable ground to do otherwise, staff request an exception
 * naming the rule, the reason, the assets it covers, the compensating measures and the period; a
 * security manager who is not the requester decides (【01】第11条); approved exceptions are checked
 * periodically and end at the period's close (第5条(3): 申請書及び審査結果を適切に保管し、定期的に申請状況を
 * 確認). The seed asks for the CISO's permission: the app records the section's decision and its
 * reason, which is what the section sends on; it does not stand in for the CISO.
 *
 * States: requested → approved | rejected; approved → expired (after the period) | withdrawn;
 * requested → withdrawn | expired (the period ended undecided). Checks are recorded on approved ones.
 * Pure: every function takes the time or day it needs; records are never mutated.
 */
import { z } from 'zod';
import type { AccountRole } from '../accounts/account';
import { isSamePerson } from '../accounts/permissions';
import { isoDateOrEmpty } from './asset';
import { daysBetween, tokyoDay } from './formatDate';
import { sanitizeText } from './sanitizeText';
import { readStoredRows } from './storedRows';

export type ExceptionState = 'requested' | 'approved' | 'rejected' | 'expired' | 'withdrawn';

export const exceptionStateLabels: Record<ExceptionState, string> = {
  requested: '申請中',
  approved: '承認済み（有効）',
  rejected: '却下',
  expired: '期間満了',
  withdrawn: '取下げ',
};

/** One periodic check of an approved exception: is it still needed, are the measures in place. */
export interface ExceptionCheck {
  at: string;
  day: string;
  by: string;
  byUserId: string;
  stillNeeded: boolean;
  note: string;
}

export interface ExceptionRecord {
  id?: number;
  /** The rule not kept (e.g. 「【03】第7条4 暗号化」). */
  rule: string;
  reason: string;
  /** The assets the exception covers (ids), with their numbers as they were at request time. */
  assetIds: string[];
  managementNumbers: string[];
  compensatingMeasures: string;
  /** First and last day (YYYY-MM-DD, Tokyo calendar days, both included). */
  periodFrom: string;
  periodTo: string;
  /** Days between periodic checks (【02】第5条(3) 定期的に確認). */
  checkIntervalDays: number;
  state: ExceptionState;
  requestedBy: string;
  requestedByUserId: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedByUserId: string | null;
  decidedAt: string | null;
  decisionReason: string;
  checks: ExceptionCheck[];
  closedAt: string | null;
  closedBy: string | null;
}

/** Longest period one request may cover (days, both ends counted); a longer need is requested again, so it is looked at again. */
export const maxExceptionDays = 365;
export const defaultCheckIntervalDays = 90;
/** An approved exception whose period ends within this many days is shown as ending soon. */
export const expiryWarningDays = 14;

const text = (label: string, min: number, max: number) =>
  z
    .string({ error: `${label}を入力してください。` })
    .transform((v) => sanitizeText(v, { multiline: true }))
    .pipe(
      z
        .string()
        .min(min, { error: min > 1 ? `${label}は${min}文字以上で具体的に入力してください。` : `${label}を入力してください。` })
        .max(max, { error: `${label}は${max}文字以内で入力してください。` }),
    );
const day = (label: string) => isoDateOrEmpty.refine((v) => v !== '', { error: `${label}を入力してください。` });

/** What staff fill in. Reasons and measures must say something (10 characters, as for lowering a class). */
export const exceptionRequestSchema = z
  .strictObject({
    rule: text('対象の遵守事項', 1, 200),
    reason: text('理由', 10, 1000),
    compensatingMeasures: text('代替措置', 10, 1000),
    periodFrom: day('開始日'),
    periodTo: day('終了日'),
    checkIntervalDays: z.number({ error: '確認の間隔を日数で入力してください。' }).int().min(7, { error: '確認の間隔は7日以上にしてください。' }).max(180, { error: '確認の間隔は180日以内にしてください。' }),
    assetIds: z
      .array(z.string({ error: '対象の資産を選び直してください。' }).min(1, { error: '対象の資産を選び直してください。' }), { error: '対象の資産の管理番号を入力してください。' })
      .min(1, { error: '対象の資産の管理番号を1つ以上入力してください。' })
      .max(500, { error: '対象の資産は1回の申請で500件までです。分けて申請してください。' }),
  }, { error: '申請の内容に、受け付けない項目があります。画面を開き直して入力し直してください。' })
  .superRefine((r, ctx) => {
    if (r.periodFrom && r.periodTo && r.periodTo < r.periodFrom) ctx.addIssue({ code: 'custom', path: ['periodTo'], message: '終了日は開始日以降にしてください。' });
    else if (r.periodFrom && r.periodTo && daysBetween(r.periodFrom, r.periodTo) + 1 > maxExceptionDays) {
      ctx.addIssue({ code: 'custom', path: ['periodTo'], message: `期間は${maxExceptionDays}日以内にしてください。続けて必要な場合は、期間の終わりに改めて申請してください。` });
    }
  });
export type ExceptionRequest = z.output<typeof exceptionRequestSchema>;

/** The free texts of a decision and a check (the screen caps them at 500; a direct call is held to 1000). */
const decisionSchema = z.strictObject({ reason: text('審査の理由', 0, 1000) });
const checkSchema = z.strictObject({ stillNeeded: z.boolean({ error: '引き続き必要かどうかを選んでください。' }), note: text('確認の内容', 0, 1000) });
const invalid = (error: z.ZodError): ExceptionResult => ({ ok: false, reason: 'invalid', issues: error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })) });

/**
 * A record as stored, checked before a screen or a step reads it: the register is in IndexedDB, where
 * anyone with the developer tools can edit a record (a list set to null, a date that is not one). Such a
 * record is reported as unreadable rather than drawn (a missing list blanked the whole window) or
 * advanced. Looser than the request schema on texts (older or longer ones stay readable); strict on what
 * the screens and the state machine compute with.
 */
const storedDay = isoDateOrEmpty.refine((v) => v !== '');
const storedExceptionSchema = z.object({
  id: z.number().optional(),
  rule: z.string(),
  reason: z.string(),
  assetIds: z.array(z.string()),
  managementNumbers: z.array(z.string()),
  compensatingMeasures: z.string(),
  periodFrom: storedDay,
  periodTo: storedDay,
  checkIntervalDays: z.number().int().min(1).max(3650),
  state: z.enum(['requested', 'approved', 'rejected', 'expired', 'withdrawn']),
  requestedBy: z.string(),
  requestedByUserId: z.string(),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedByUserId: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string(),
  checks: z.array(z.object({ at: z.string(), day: storedDay, by: z.string(), byUserId: z.string(), stillNeeded: z.boolean(), note: z.string() })),
  closedAt: z.string().nullable(),
  closedBy: z.string().nullable(),
});

/** A stored record as the register reads it, or null when it is not one (edited by hand). */
export function readExceptionRecord(row: unknown): ExceptionRecord | null {
  const parsed = storedExceptionSchema.safeParse(row);
  return parsed.success ? parsed.data : null;
}

/** The stored records that can be read, and the keys of those that cannot (for the screen to name). */
export function readExceptionRecords(rows: readonly unknown[]): { records: ExceptionRecord[]; unreadable: string[] } {
  const { readable, unreadable } = readStoredRows(storedExceptionSchema, rows);
  return { records: readable, unreadable };
}

export type ExceptionFailure = 'invalid' | 'not-manager' | 'own-request' | 'wrong-state' | 'period-over' | 'decision-reason-required' | 'not-requester';

export const exceptionFailureMessages: Record<ExceptionFailure, string> = {
  invalid: '入力に誤りがあります。項目の横の表示を確かめてください。',
  'not-manager': '例外措置の承認・却下と定期確認はセキュリティ管理者だけが行えます。',
  'own-request': '自分が申請した例外措置は承認・却下できません（職務の分離）。別のセキュリティ管理者に依頼してください。',
  'wrong-state': 'この例外措置は今の状態ではその操作ができません。画面を開き直して状態を確認してください。',
  'period-over': 'この例外措置の期間はすでに終わっています。必要な場合は新しく申請してください。',
  'decision-reason-required': '却下するときは、その理由を入力してください。',
  'not-requester': '取下げは申請した本人かセキュリティ管理者だけが行えます。',
};

export type ExceptionResult = { ok: true; value: ExceptionRecord } | { ok: false; reason: ExceptionFailure; issues?: { field: string; message: string }[] };

type Person = { userId: string; name: string; role: AccountRole };

/** `day` plus `days` calendar days (YYYY-MM-DD). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Staff request an exception (【02】第5条(1)). The request is refused as a value when a field is wrong
 * or the period is already over on `today`; `managementNumbers` are the scope as people read it.
 */
export function requestException(input: unknown, managementNumbers: string[], requester: Person, at: { now: string; today: string }): ExceptionResult {
  const parsed = exceptionRequestSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const r = parsed.data;
  if (r.periodTo < at.today) return { ok: false, reason: 'period-over' };
  return {
    ok: true,
    value: {
      ...r,
      assetIds: [...new Set(r.assetIds)],
      managementNumbers,
      state: 'requested',
      requestedBy: requester.name,
      requestedByUserId: requester.userId,
      requestedAt: at.now,
      decidedBy: null,
      decidedByUserId: null,
      decidedAt: null,
      decisionReason: '',
      checks: [],
      closedAt: null,
      closedBy: null,
    },
  };
}

/**
 * A security manager who did not request it approves or rejects (【02】第5条(1), 【01】第11条). Compared
 * by account ID. An exception whose period ended undecided cannot be approved any more.
 */
export function decideException(record: ExceptionRecord, approver: Person, approve: boolean, reason: string, at: { now: string; today: string }): ExceptionResult {
  if (record.state !== 'requested') return { ok: false, reason: 'wrong-state' };
  if (approver.role !== 'securityManager') return { ok: false, reason: 'not-manager' };
  if (isSamePerson(approver, { userId: record.requestedByUserId, name: record.requestedBy })) return { ok: false, reason: 'own-request' };
  const decision = decisionSchema.safeParse({ reason });
  if (!decision.success) return invalid(decision.error);
  const cleaned = decision.data.reason;
  if (!approve && cleaned === '') return { ok: false, reason: 'decision-reason-required' };
  if (approve && record.periodTo < at.today) return { ok: false, reason: 'period-over' };
  return { ok: true, value: { ...record, state: approve ? 'approved' : 'rejected', decidedBy: approver.name, decidedByUserId: approver.userId, decidedAt: at.now, decisionReason: cleaned } };
}

/**
 * The periodic check (【02】第5条(3)): a security manager records whether the exception is still needed
 * and the measures are in place. A check that finds it no longer needed withdraws it.
 */
export function checkException(record: ExceptionRecord, checker: Person, check: { stillNeeded: boolean; note: string }, at: { now: string; today: string }): ExceptionResult {
  if (record.state !== 'approved') return { ok: false, reason: 'wrong-state' };
  if (checker.role !== 'securityManager') return { ok: false, reason: 'not-manager' };
  if (record.periodTo < at.today) return { ok: false, reason: 'period-over' };
  const parsed = checkSchema.safeParse({ stillNeeded: check.stillNeeded, note: check.note });
  if (!parsed.success) return invalid(parsed.error);
  const entry: ExceptionCheck = { at: at.now, day: at.today, by: checker.name, byUserId: checker.userId, stillNeeded: parsed.data.stillNeeded, note: parsed.data.note };
  const checked = { ...record, checks: [...record.checks, entry] };
  return { ok: true, value: parsed.data.stillNeeded ? checked : { ...checked, state: 'withdrawn', closedAt: at.now, closedBy: checker.name } };
}

/** The requester or a security manager withdraws a request or an exception in force. */
export function withdrawException(record: ExceptionRecord, actor: Person, now: string): ExceptionResult {
  if (record.state !== 'requested' && record.state !== 'approved') return { ok: false, reason: 'wrong-state' };
  if (actor.role !== 'securityManager' && !isSamePerson(actor, { userId: record.requestedByUserId, name: record.requestedBy })) return { ok: false, reason: 'not-requester' };
  return { ok: true, value: { ...record, state: 'withdrawn', closedAt: now, closedBy: actor.name } };
}

/**
 * Closes an exception whose period is over (the day after `periodTo`): approved or still requested
 * ones become expired. Anything else, or a period not yet over, is 'wrong-state'.
 */
export function expireException(record: ExceptionRecord, at: { now: string; today: string }): ExceptionResult {
  if ((record.state !== 'approved' && record.state !== 'requested') || record.periodTo >= at.today) return { ok: false, reason: 'wrong-state' };
  return { ok: true, value: { ...record, state: 'expired', closedAt: at.now, closedBy: null } };
}

/** The state as of `today`: an approved or requested exception past its last day reads as expired. */
export function effectiveExceptionState(record: Pick<ExceptionRecord, 'state' | 'periodTo'>, today: string): ExceptionState {
  if ((record.state === 'approved' || record.state === 'requested') && record.periodTo < today) return 'expired';
  return record.state;
}

/** Whether the exception allows departing from the rule on `today` (approved, within its period). */
export function exceptionInForce(record: Pick<ExceptionRecord, 'state' | 'periodFrom' | 'periodTo'>, today: string): boolean {
  return record.state === 'approved' && record.periodFrom <= today && today <= record.periodTo;
}

/**
 * The Tokyo calendar day of a decision. `decidedAt` is an instant in UTC: its first ten characters are
 * the day before in Tokyo for a decision made before 9:00, which would make the check due a day early.
 */
function decidedDay(decidedAt: string | null): string | null {
  const instant = decidedAt ? Date.parse(decidedAt) : Number.NaN;
  return Number.isNaN(instant) ? null : tokyoDay(new Date(instant));
}

/** The day the next periodic check is due: the last check (or the approval) plus the interval. */
export function nextCheckDue(record: Pick<ExceptionRecord, 'checks' | 'decidedAt' | 'checkIntervalDays' | 'periodFrom'>): string {
  const last = record.checks.at(-1)?.day ?? decidedDay(record.decidedAt) ?? record.periodFrom;
  // Checked from the start of the period at the latest: approval before the period starts does not
  // push the first check beyond what the period itself warrants.
  const base = last > record.periodFrom ? last : record.periodFrom;
  return addDays(base, record.checkIntervalDays);
}

export type ExceptionReminder = 'awaiting-decision' | 'check-due' | 'ending-soon' | 'expired-open';

/**
 * What needs attention on `today`: a request not decided; an approved exception whose periodic check
 * is due (due day included); one ending within `expiryWarningDays`; one past its period but not yet
 * closed in the register.
 */
export function exceptionReminders(record: ExceptionRecord, today: string): ExceptionReminder[] {
  if (record.state === 'requested') return record.periodTo < today ? ['expired-open'] : ['awaiting-decision'];
  if (record.state !== 'approved') return [];
  if (record.periodTo < today) return ['expired-open'];
  const reminders: ExceptionReminder[] = [];
  if (nextCheckDue(record) <= today) reminders.push('check-due');
  if (daysBetween(today, record.periodTo) <= expiryWarningDays) reminders.push('ending-soon');
  return reminders;
}

export const exceptionReminderLabels: Record<ExceptionReminder, string> = {
  'awaiting-decision': '承認待ち',
  'check-due': '定期確認の時期です',
  'ending-soon': '期間がまもなく終わります',
  'expired-open': '期間が終わりました（記録を閉じてください）',
};

/**
 * Exceptions open on `asOf` (for the self-inspection report and the dashboard): requested or in force,
 * not past their period. Each with its reminders.
 */
export function openExceptions(exceptions: readonly ExceptionRecord[], asOf: string): { record: ExceptionRecord; reminders: ExceptionReminder[] }[] {
  return exceptions
    .filter((e) => (e.state === 'requested' || e.state === 'approved') && e.periodTo >= asOf)
    .map((record) => ({ record, reminders: exceptionReminders(record, asOf) }));
}

/** Counts for the report: open, awaiting decision, checks overdue, ending soon, past period but not closed. */
export function countExceptions(exceptions: readonly ExceptionRecord[], asOf: string): { open: number; awaitingDecision: number; checkDue: number; endingSoon: number; expiredOpen: number } {
  const all = exceptions.map((e) => exceptionReminders(e, asOf));
  const count = (r: ExceptionReminder) => all.filter((list) => list.includes(r)).length;
  return { open: openExceptions(exceptions, asOf).length, awaitingDecision: count('awaiting-decision'), checkDue: count('check-due'), endingSoon: count('ending-soon'), expiredOpen: count('expired-open') };
}

/** Exceptions that cover an asset (any state), newest first, for the asset's page. */
export function exceptionsForAsset(exceptions: readonly ExceptionRecord[], assetId: string): ExceptionRecord[] {
  return exceptions.filter((e) => e.assetIds.includes(assetId)).sort((a, b) => (a.requestedAt < b.requestedAt ? 1 : -1));
}
