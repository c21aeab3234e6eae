import { describe, expect, it } from 'vitest';
import { approveClassification, eligibleApprovers, lacksSecondManager, markForReview, proposeClassification, rejectClassification } from '../../../../shared/domain/classification';
import { nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';
import { recommendClassification } from '../../../../shared/domain/recommendClassification';

const answers = {
  personalInfo: 'personal', secrecyDuty: 'no', corporateSecret: 'no', trustDamage: 'no', businessImpactHigh: 'no', published: 'no',
  nd1_law: 'no', nd2_private: 'no', nd3_corporate: 'no', nd4_intergovernmental: 'no', nd5_deliberation: 'no', nd6_affairs: 'no', nd7_safety: 'no', businessImpactMedium: 'no', receivedFrom: 'none',
};
const recommendation = recommendClassification(nishinomiyaProfile, answers);
const staff = { actor: '佐藤 一郎', now: '2026-04-01T00:00:00.000Z' };

describe('proposeClassification', () => {
  it('returns a proposed classification at the recommended class', () => {
    const result = proposeClassification(nishinomiyaProfile, recommendation, answers, { importance: 'A' }, '', staff);
    expect(result).toMatchObject({ ok: true, lowered: [], classification: { state: 'proposed', levels: { importance: 'A' }, recommended: { importance: 'A' }, proposedBy: '佐藤 一郎', approvedBy: null } });
  });

  it.each(['', '   ', '低くしたい', 'なし。'])('refuses a lower class with justification %j', (justification) => {
    expect(proposeClassification(nishinomiyaProfile, recommendation, answers, { importance: 'B' }, justification, staff)).toEqual({ ok: false, reason: 'justification-required' });
  });

  it('accepts a lower class with a written justification that reviewers can see', () => {
    const result = proposeClassification(nishinomiyaProfile, recommendation, answers, { importance: 'C' }, '氏名は公表済みの審議会委員名簿のみで、個人情報保護条例上の公開情報に当たるため', staff);
    expect(result.ok && result.lowered).toEqual(['importance']);
    expect(result.ok && result.classification.justification).toMatch(/公表済み/);
  });

  it('refuses unknown levels and unfinished wizards', () => {
    expect(proposeClassification(nishinomiyaProfile, recommendation, answers, { importance: 'S' }, '', staff)).toEqual({ ok: false, reason: 'unknown-level' });
    expect(proposeClassification(nishinomiyaProfile, recommendClassification(nishinomiyaProfile, {}), {}, { importance: 'A' }, '', staff)).toEqual({ ok: false, reason: 'unanswered' });
  });

  it('drops a justification that was not needed', () => {
    const result = proposeClassification(nishinomiyaProfile, recommendation, answers, { importance: 'A' }, '念のため', staff);
    expect(result.ok && result.classification.justification).toBe('');
  });
});

describe('approveClassification', () => {
  const proposal = proposeClassification(nishinomiyaProfile, recommendation, answers, { importance: 'A' }, '', staff);
  const classification = proposal.ok ? proposal.classification : (undefined as never);

  it('returns the class approved by a security manager who did not propose it', () => {
    expect(approveClassification(classification, { userId: 'tanaka', name: '田中 課長', role: 'securityManager' }, '2026-04-02T00:00:00.000Z')).toMatchObject({
      ok: true,
      classification: { state: 'approved', approvedBy: '田中 課長', approvedAt: '2026-04-02T00:00:00.000Z', proposedBy: '佐藤 一郎' },
    });
  });

  it.each([
    ['staff', { userId: 'suzuki', name: '鈴木', role: 'staff' as const }, 'not-manager'],
    ['the proposer, even as manager', { userId: 'sato', name: '佐藤 一郎', role: 'securityManager' as const }, 'own-proposal'],
  ])('refuses approval by %s', (_name, approver, reason) => {
    expect(approveClassification(classification, approver, 'now')).toEqual({ ok: false, reason });
  });

  it('compares account IDs, not names: a namesake manager may approve, the proposer under another name may not', () => {
    const byId = { ...classification, proposedByUserId: 'sato' };
    expect(approveClassification(byId, { userId: 'sato2', name: '佐藤 一郎', role: 'securityManager' }, 'now').ok).toBe(true);
    expect(approveClassification(byId, { userId: 'sato', name: '佐藤 課長', role: 'securityManager' }, 'now')).toEqual({ ok: false, reason: 'own-proposal' });
  });

  it.each([['佐藤一郎'], ['佐藤　一郎'], [' 佐藤 一郎 ']])('refuses %j on a proposal saved before IDs (names compared without spaces)', (name) => {
    expect(approveClassification(classification, { userId: 'other', name, role: 'securityManager' }, 'now')).toEqual({ ok: false, reason: 'own-proposal' });
  });

  it('refuses to approve twice', () => {
    const approved = approveClassification(classification, { userId: 'tanaka', name: '田中 課長', role: 'securityManager' }, 'now');
    expect(approved.ok && approveClassification(approved.classification, { userId: 'yamamoto', name: '山本', role: 'securityManager' }, 'later')).toEqual({ ok: false, reason: 'not-proposed' });
  });
});

describe('markForReview', () => {
  it('marks a classification of another profile for review and keeps its levels', () => {
    const proposal = proposeClassification(nishinomiyaProfile, recommendation, answers, { importance: 'A' }, '', staff);
    const c = proposal.ok ? proposal.classification : (undefined as never);
    expect(markForReview(c, 'mic')).toMatchObject({ state: 'needsReview', levels: { importance: 'A' } });
    expect(markForReview(c, 'nishinomiya')).toBe(c);
  });
});

describe('eligibleApprovers and lacksSecondManager', () => {
  const account = (userId: string, displayName: string, role: 'securityManager' | 'staff' | 'auditor', disabled = false) => ({ userId, displayName, role, disabled });
  const accounts = [account('yamada', '山田 花子', 'securityManager'), account('tanaka', '田中 課長', 'securityManager'), account('old', '古川 次長', 'securityManager', true), account('sato', '佐藤 一郎', 'staff'), account('kansa', '監査 太郎', 'auditor')];

  it.each([
    ['staff proposes: every enabled manager', { userId: 'sato', name: '佐藤 一郎' }, ['山田 花子', '田中 課長']],
    ['a manager proposes: the other one only', { userId: 'yamada', name: '山田 花子' }, ['田中 課長']],
    ['an old record without an ID: by name, spaces ignored', { name: '田中課長' }, ['山田 花子']],
    ['a look-alike name with another ID does not exclude the manager', { userId: 'someone', name: '山田 花子' }, ['山田 花子', '田中 課長']],
  ])('lists %s', (_name, proposer, expected) => expect(eligibleApprovers(accounts, proposer)).toEqual(expected));

  it('finds nobody when the proposer is the only enabled manager, and says the section lacks a second one', () => {
    const single = accounts.filter((a) => a.userId !== 'tanaka');
    expect(eligibleApprovers(single, { userId: 'yamada', name: '山田 花子' })).toEqual([]);
    expect(lacksSecondManager(single)).toBe(true);
    expect(lacksSecondManager(accounts)).toBe(false);
    expect(lacksSecondManager([])).toBe(true);
  });
});

describe('rejectClassification', () => {
  const proposed = () => {
    const all = { ...Object.fromEntries(nishinomiyaProfile.questions.map((q) => [q.id, q.options ? 'none' : 'no'])) };
    const result = proposeClassification(nishinomiyaProfile, recommendClassification(nishinomiyaProfile, all), all, { importance: 'C' }, '', { actor: '佐藤 一郎', now: 'now' });
    if (!result.ok) throw new Error(result.reason);
    return { ...result.classification, proposedByUserId: 'sato' };
  };
  const manager = { userId: 'tanaka', name: '田中 課長', role: 'securityManager' as const };

  it.each([
    ['staff', { ...manager, role: 'staff' as const }, 'これは個人情報です', 'not-manager'],
    ['the proposer promoted to manager', { userId: 'sato', name: '別名', role: 'securityManager' as const }, 'これは個人情報です', 'own-proposal'],
    ['an empty comment', manager, '    ', 'comment-required'],
    ['a comment too short to say what to change', manager, ' だめ ', 'comment-required'],
  ])('refuses %s', (_name, approver, comment, reason) => expect(rejectClassification(proposed(), approver, comment, 'later')).toEqual({ ok: false, reason }));

  it('sends the proposal back for review with the trimmed comment and who sent it', () => {
    expect(rejectClassification(proposed(), manager, '  住所が含まれるためAです ', 'later')).toEqual({
      ok: true,
      classification: expect.objectContaining({ state: 'needsReview', rejection: { by: '田中 課長', byUserId: 'tanaka', at: 'later', comment: '住所が含まれるためAです' } }),
    });
    const approved = approveClassification(proposed(), manager, 'later');
    if (!approved.ok) throw new Error(approved.reason);
    expect(rejectClassification(approved.classification, manager, '住所が含まれるためAです', 'later')).toEqual({ ok: false, reason: 'not-proposed' });
  });
});
