import { describe, expect, it } from 'vitest';
import { daysBetween } from '../../../../shared/domain/formatDate';
import {
  addDays,
  checkException,
  countExceptions,
  decideException,
  effectiveExceptionState,
  exceptionInForce,
  exceptionReminders,
  exceptionsForAsset,
  expireException,
  nextCheckDue,
  openExceptions,
  requestException,
  withdrawException,
  type ExceptionRecord,
  type ExceptionState,
} from '../../../../shared/domain/exceptions';

const staff = { userId: 'sato', name: '佐藤 一郎', role: 'staff' as const };
const manager = { userId: 'yamada', name: '山田 花子', role: 'securityManager' as const };
const manager2 = { userId: 'suzuki', name: '鈴木 次郎', role: 'securityManager' as const };
const auditor = { userId: 'kansa', name: '監査 太郎', role: 'auditor' as const };
const at = { now: '2026-04-01T00:00:00.000Z', today: '2026-04-01' };

const input = {
  rule: '【03】第7条4 暗号化',
  reason: '窓口端末の暗号化ソフトが更新待ちで使えないため',
  compensatingMeasures: '施錠保管庫に保管し、持出しを禁止する',
  periodFrom: '2026-04-01',
  periodTo: '2026-06-30',
  checkIntervalDays: 30,
  assetIds: ['a1', 'a2', 'a1'],
};

function requested(overrides: Partial<typeof input> = {}, who: { userId: string; name: string; role: 'staff' | 'securityManager' } = staff): ExceptionRecord {
  const result = requestException({ ...input, ...overrides }, ['SM-1', 'SM-2'], who, at);
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}
function approved(): ExceptionRecord {
  const result = decideException(requested(), manager, true, '', at);
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}
const withState = (state: ExceptionState): ExceptionRecord => ({ ...requested(), state });

describe('requestException', () => {
  it('returns a requested record with the requester and the scope deduplicated', () => {
    const record = requested();
    expect(record).toMatchObject({ state: 'requested', requestedBy: '佐藤 一郎', requestedByUserId: 'sato', assetIds: ['a1', 'a2'], checks: [] });
  });

  it.each([
    [{ reason: '短い' }, 'reason'],
    [{ compensatingMeasures: '' }, 'compensatingMeasures'],
    [{ rule: '   ' }, 'rule'],
    [{ periodTo: '2026-03-31' }, 'periodTo'],
    [{ periodTo: '2027-04-01' }, 'periodTo'],
    [{ periodFrom: '2026-02-30' }, 'periodFrom'],
    [{ assetIds: [] }, 'assetIds'],
    [{ checkIntervalDays: 0 }, 'checkIntervalDays'],
    [{ checkIntervalDays: 1.5 }, 'checkIntervalDays'],
    [{ extra: 'x' }, ''],
  ])('refuses %j naming the field %s', (overrides, field) => {
    const result = requestException({ ...input, ...overrides }, [], staff, at);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe('invalid');
      expect(result.issues!.map((i) => i.field)).toContain(field);
      // Shown to the clerk as written (ExceptionsScreen failureText): Japanese, never zod's English.
      for (const issue of result.issues!) expect(issue.message).toMatch(/^[^A-Za-z]*[\u3040-\u30ff\u4e00-\u9fff][^A-Za-z]*$/u);
    }
  });

  it('refuses 501 numbers pasted into the form, saying so in Japanese', () => {
    const result = requestException({ ...input, assetIds: Array.from({ length: 501 }, (_, i) => `a${i}`) }, [], staff, at);
    expect(result).toEqual({ ok: false, reason: 'invalid', issues: [{ field: 'assetIds', message: '対象の資産は1回の申請で500件までです。分けて申請してください。' }] });
  });

  it('asks for the assets as the form takes them: 管理番号 typed, not chosen', () => {
    const result = requestException({ ...input, assetIds: [] }, [], staff, at);
    expect(!result.ok && result.issues!.find((i) => i.field === 'assetIds')?.message).toBe('対象の資産の管理番号を1つ以上入力してください。');
  });

  it('accepts the longest period (365 days counting both ends) and refuses one day more', () => {
    expect(requestException({ ...input, periodTo: '2027-03-31' }, [], staff, at).ok).toBe(true);
    expect(requestException({ ...input, periodTo: '2027-04-01' }, [], staff, at).ok).toBe(false);
  });

  it('refuses a period already over', () => {
    expect(requestException({ ...input, periodFrom: '2026-03-01', periodTo: '2026-03-31' }, [], staff, at)).toEqual({ ok: false, reason: 'period-over' });
  });

  it.each([null, 'text', 42, [], { ...input, reason: 12 }])('refuses hostile input %j', (hostile) => {
    expect(requestException(hostile, [], staff, at)).toMatchObject({ ok: false, reason: 'invalid' });
  });
});

describe('decideException', () => {
  it('approves and rejects by another manager', () => {
    expect(decideException(requested(), manager, true, '', at)).toMatchObject({ ok: true, value: { state: 'approved', decidedBy: '山田 花子', decidedByUserId: 'yamada' } });
    expect(decideException(requested(), manager, false, '代替措置が足りません', at)).toMatchObject({ ok: true, value: { state: 'rejected', decisionReason: '代替措置が足りません' } });
  });

  it('refuses the requester deciding their own request, even as a manager (compared by account ID)', () => {
    const own = requested({}, manager);
    expect(decideException(own, manager, true, '', at)).toEqual({ ok: false, reason: 'own-request' });
    expect(decideException(own, { ...manager2, name: manager.name }, true, '', at).ok).toBe(true);
  });

  it.each([staff, auditor])('refuses a decision by %o (not a manager)', (who) => {
    expect(decideException(requested(), who, true, '', at)).toEqual({ ok: false, reason: 'not-manager' });
  });

  it('refuses a rejection without a reason', () => {
    expect(decideException(requested(), manager, false, '  ', at)).toEqual({ ok: false, reason: 'decision-reason-required' });
  });

  it('refuses approving after the period is over, on the day after its last day only', () => {
    expect(decideException(requested(), manager, true, '', { now: '', today: '2026-06-30' }).ok).toBe(true);
    expect(decideException(requested(), manager, true, '', { now: '', today: '2026-07-01' })).toEqual({ ok: false, reason: 'period-over' });
  });

  it.each(['approved', 'rejected', 'expired', 'withdrawn'] as const)('refuses deciding a record that is %s', (state) => {
    expect(decideException(withState(state), manager, true, '', at)).toEqual({ ok: false, reason: 'wrong-state' });
  });
});

// The screen caps these fields at 500 characters; the repository takes whatever a caller passes, so the
// state machine refuses a text it would otherwise store whole (and copy into the audit log), or a value
// that is not text at all, as 'invalid' naming the field, never throwing or keeping it.
describe('texts of a decision and a check', () => {
  it.each([['x'.repeat(1001)], [42], [null]])('refuses the decision reason %#', (reason) => {
    const result = decideException(requested(), manager, false, reason as never, at);
    expect(result).toMatchObject({ ok: false, reason: 'invalid', issues: [{ field: 'reason' }] });
  });
  it('keeps a decision reason of 1000 characters', () => {
    expect(decideException(requested(), manager, false, 'x'.repeat(1000), at).ok).toBe(true);
  });
  it.each([['note', { stillNeeded: true, note: 'x'.repeat(1001) }], ['note', { stillNeeded: true, note: 7 }], ['stillNeeded', { stillNeeded: 'false', note: '' }]] as const)('refuses a check with a bad %s (%#)', (field, check) => {
    const result = checkException(approved(), manager2, check as never, { now: 'n', today: '2026-05-01' });
    expect(result).toMatchObject({ ok: false, reason: 'invalid', issues: [{ field }] });
  });
});

describe('checkException', () => {
  it('records a check and keeps the exception when still needed', () => {
    const result = checkException(approved(), manager2, { stillNeeded: true, note: '保管庫を確認' }, { now: 'n', today: '2026-05-01' });
    expect(result).toMatchObject({ ok: true, value: { state: 'approved', checks: [{ day: '2026-05-01', by: '鈴木 次郎', stillNeeded: true, note: '保管庫を確認' }] } });
  });
  it('withdraws it when no longer needed', () => {
    expect(checkException(approved(), manager, { stillNeeded: false, note: '' }, { now: 'n', today: '2026-05-01' })).toMatchObject({ ok: true, value: { state: 'withdrawn', closedBy: '山田 花子' } });
  });
  it.each(['requested', 'rejected', 'expired', 'withdrawn'] as const)('refuses a check of a record that is %s', (state) => {
    expect(checkException(withState(state), manager, { stillNeeded: true, note: '' }, at)).toEqual({ ok: false, reason: 'wrong-state' });
  });
  it('refuses a check by staff and after the period', () => {
    expect(checkException(approved(), staff, { stillNeeded: true, note: '' }, at)).toEqual({ ok: false, reason: 'not-manager' });
    expect(checkException(approved(), manager, { stillNeeded: true, note: '' }, { now: '', today: '2026-07-01' })).toEqual({ ok: false, reason: 'period-over' });
  });
});

describe('withdrawException', () => {
  it.each(['requested', 'approved'] as const)('lets the requester withdraw a %s record', (state) => {
    expect(withdrawException(withState(state), staff, 'n')).toMatchObject({ ok: true, value: { state: 'withdrawn', closedAt: 'n' } });
  });
  it('lets a manager withdraw, not another staff member', () => {
    expect(withdrawException(requested(), manager, 'n').ok).toBe(true);
    expect(withdrawException(requested(), { userId: 'other', name: '別 人', role: 'staff' }, 'n')).toEqual({ ok: false, reason: 'not-requester' });
  });
  it.each(['rejected', 'expired', 'withdrawn'] as const)('refuses withdrawing a %s record', (state) => {
    expect(withdrawException(withState(state), manager, 'n')).toEqual({ ok: false, reason: 'wrong-state' });
  });
});

describe('expireException / effectiveExceptionState / exceptionInForce', () => {
  it.each([
    ['2026-06-30', false, 'approved', true],
    ['2026-07-01', true, 'expired', false],
    ['2026-03-31', false, 'approved', false],
  ])('on %s: expirable %s, reads %s, in force %s', (today, expirable, state, inForce) => {
    const record = approved();
    expect(expireException(record, { now: 'n', today }).ok).toBe(expirable);
    expect(effectiveExceptionState(record, today)).toBe(state);
    expect(exceptionInForce(record, today)).toBe(inForce);
  });
  it('expires a request left undecided past its period', () => {
    expect(expireException(requested(), { now: 'n', today: '2026-07-01' })).toMatchObject({ ok: true, value: { state: 'expired' } });
  });
  it.each(['rejected', 'withdrawn', 'expired'] as const)('never expires a %s record', (state) => {
    expect(expireException(withState(state), { now: 'n', today: '2027-01-01' })).toEqual({ ok: false, reason: 'wrong-state' });
  });
});

describe('reminders and counts', () => {
  it('computes the next check from the approval, then from the last check', () => {
    const record = approved();
    expect(nextCheckDue(record)).toBe('2026-05-01');
    const checked = checkException(record, manager, { stillNeeded: true, note: '' }, { now: 'n', today: '2026-05-03' });
    expect(checked.ok && nextCheckDue(checked.value)).toBe('2026-06-02');
  });

  // decidedAt is an instant (UTC); the interval counts Tokyo calendar days like every other day here.
  // Approved at 08:30 in Tokyo on 2026-05-10 (23:30 UTC the day before): the first check is due 30
  // days after 5/10, not after 5/9.
  it('counts the first check from the Tokyo day of the approval, not its UTC date', () => {
    const record = { ...approved(), decidedAt: '2026-05-09T23:30:00.000Z' };
    expect(nextCheckDue(record)).toBe('2026-06-09');
    expect(exceptionReminders(record, '2026-06-08')).toEqual([]);
  });

  it.each([
    ['2026-04-30', []],
    ['2026-05-01', ['check-due']],
    ['2026-06-15', ['check-due']],
    ['2026-06-16', ['check-due', 'ending-soon']],
    ['2026-06-30', ['check-due', 'ending-soon']],
    ['2026-07-01', ['expired-open']],
  ])('on %s reminds %j', (today, reminders) => {
    expect(exceptionReminders(approved(), today)).toEqual(reminders);
  });

  it('counts open exceptions as of a day', () => {
    const list = [requested(), approved(), withState('rejected'), { ...approved(), periodTo: '2026-04-10' }];
    expect(openExceptions(list, '2026-04-05').map((o) => o.record.state)).toEqual(['requested', 'approved', 'approved']);
    expect(openExceptions(list, '2026-04-11')).toHaveLength(2);
    expect(countExceptions(list, '2026-04-11')).toEqual({ open: 2, awaitingDecision: 1, checkDue: 0, endingSoon: 0, expiredOpen: 1 });
  });

  it('lists the exceptions covering an asset', () => {
    expect(exceptionsForAsset([requested(), { ...requested(), assetIds: ['zz'] }], 'a2')).toHaveLength(1);
  });

  it.each([
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
  ])('adds days across month and leap-year ends: %s + %i = %s', (day, n, expected) => {
    expect(addDays(day, n)).toBe(expected);
    expect(daysBetween(day, expected)).toBe(n);
  });
});
