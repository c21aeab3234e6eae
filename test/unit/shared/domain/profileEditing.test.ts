import { describe, expect, it } from 'vitest';
import {
  blankDraft,
  blankLevel,
  blankQuestion,
  blankRule,
  draftFromProfile,
  missingMarks,
  previewProfile,
  previewSamples,
  profileDataFromDraft,
  profileSwitchReview,
  switchReviewReasonText,
  validateDraft,
  type DraftContext,
  type ProfileDraft,
} from '../../../../shared/domain/profileEditing';
import { parsePolicyProfile, type PolicyProfile } from '../../../../shared/domain/policyProfile';
import { micProfile, nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';
import type { AssetClassification } from '../../../../shared/domain/classification';
import { makeAsset } from '../../../fixtures/assets';

const context: DraftContext = { bundledIds: ['nishinomiya', 'mic'], stored: [{ id: 'kobe', version: '1' }] };

/** A draft of a bundled profile under an office's own id, ready to save. */
function officeDraft(profile: PolicyProfile, changes: Partial<ProfileDraft> = {}): ProfileDraft {
  return { ...draftFromProfile(profile), id: 'kobe', version: '2', changeNote: '神戸市の対策基準に合わせて見直し', ...changes };
}

/** The blank draft grown to five tiers as the office would in the form: valid unless a test breaks it. */
function fiveTier(): ProfileDraft {
  const draft = { ...blankDraft(), changeNote: '2024年10月2日のガイドライン改定に合わせた5段階' };
  for (const [tier, symbol] of [['3C', '□'], ['3B', '◇'], ['3A', '☆']] as const) {
    draft.objectives[0]!.levels.push({ ...blankLevel(), id: tier, name: `自治体機密性${tier}`, definition: `自治体機密性${tier}の定義` });
    draft.label = { ...draft.label, marks: [...draft.label.marks, ...missingMarks(draft).map((m) => ({ ...m, symbol }))] };
  }
  return draft;
}

function valid(draft: ProfileDraft): PolicyProfile {
  const result = validateDraft(draft, context);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.profile;
}

describe('draftFromProfile and validateDraft', () => {
  it.each([
    ['nishinomiya', nishinomiyaProfile],
    ['mic', micProfile],
  ])('returns the %s profile unchanged after a round trip through the form (only id, version and change note differ)', (_name, profile) => {
    const saved = valid(officeDraft(profile));
    expect(saved).toEqual({ ...profile, id: 'kobe', version: '2', changeNote: '神戸市の対策基準に合わせて見直し' });
  });

  it('returns data the file loader accepts as the same profile (what ファイルに保存 distributes)', () => {
    const saved = valid(officeDraft(micProfile));
    const reloaded = parsePolicyProfile(JSON.parse(JSON.stringify(saved)));
    expect(reloaded).toEqual({ ok: true, profile: saved });
  });

  it('returns the blank draft as a valid two-level profile once it has a change note, and rows the add buttons make are refused until filled', () => {
    expect(valid({ ...blankDraft(), changeNote: '新規作成' }).objectives[0]!.levels.map((l) => l.id)).toEqual(['1', '2']);
    const draft = { ...blankDraft(), changeNote: '新規作成' };
    draft.objectives[0]!.levels.push(blankLevel());
    draft.questions.push(blankQuestion());
    draft.rules.push(blankRule(draft));
    const result = validateDraft(draft, context);
    expect(result.ok ? [] : result.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['objectives.0.levels.2.id', 'questions.1.id', 'rules.1.whenQuestion', 'rules.1.minLevel']));
  });

  it('returns the marks still missing for the label objective, in level order, and none once all have one', () => {
    const draft = fiveTier();
    draft.label.marks = draft.label.marks.filter((m) => m.level === '2');
    expect(missingMarks(draft).map((m) => m.level)).toEqual(['1', '3C', '3B', '3A']);
    expect(missingMarks(fiveTier())).toEqual([]);
  });

  it('returns a five-tier confidentiality profile (自治体機密性3A/3B/3C/2/1) from the blank draft, lowest first', () => {
    const profile = valid(fiveTier());
    expect(profile.objectives[0]!.levels.map((l) => l.name)).toEqual(['自治体機密性1', '自治体機密性2', '自治体機密性3C', '自治体機密性3B', '自治体機密性3A']);
    expect(Object.keys(profile.label.marks)).toEqual(['1', '2', '3C', '3B', '3A']);
  });

  it('returns a profile with a level added in the middle, keeping the order the office gave', () => {
    const draft = fiveTier();
    const levels = draft.objectives[0]!.levels;
    levels.splice(2, 0, { ...levels[1]!, id: '2B', name: '自治体機密性2B' });
    draft.label.marks.splice(2, 0, { level: '2B', symbol: '▽', colour: '#000000' });
    expect(valid(draft).objectives[0]!.levels.map((l) => l.id)).toEqual(['1', '2', '2B', '3C', '3B', '3A']);
  });

  it('returns rules with answer and ledger conditions and a scope, as the schema stores them', () => {
    const draft = fiveTier();
    draft.rules.push({ ...draft.rules[0]!, id: 'mynumber-3C', whenQuestion: '', whenAnswers: '', ledgerNetworkSegments: ['myNumber'], appliesMedia: ['electronic'], minLevel: '3C' });
    draft.rules[0]!.whenAnswers = 'personal、sensitive  specificPersonal';
    const profile = valid(draft);
    expect(profile.rules[0]!.when).toEqual({ question: 'personalInfo', answers: ['personal', 'sensitive', 'specificPersonal'] });
    expect(profile.rules[1]).toMatchObject({ ledger: { networkSegments: ['myNumber'] }, appliesTo: { media: ['electronic'] } });
    expect(profile.rules[1]!.when).toBeUndefined();
  });

  type Breaker = (d: ProfileDraft) => void;
  it.each<[string, Breaker, string, RegExp]>([
    ['an empty change note', (d) => (d.changeNote = '   '), 'changeNote', /変更メモ/],
    ['a bundled profile id', (d) => (d.id = 'mic'), 'id', /組み込み/],
    ['an id and version already stored', (d) => ((d.id = 'kobe'), (d.version = '1')), 'version', /新しい版/],
    ['an option line without 「値: 表示」', (d) => (d.questions[0]!.options = 'none: 含まれない\nいいえ'), 'questions.0.options', /2行目/],
    ['two marks for one level', (d) => d.label.marks.push({ level: '1', symbol: '◆', colour: '#000000' }), 'label.marks.5.level', /2つあります/],
    ['a reserved level id', (d) => (d.objectives[0]!.levels[4]!.id = '__proto__'), 'objectives.0.levels.4.id', /予約/],
    ['a script in the profile id', (d) => (d.id = '<script>'), 'id', /英数字/],
    ['a duplicate level id', (d) => (d.objectives[0]!.levels[1]!.id = '1'), 'objectives.0.levels.1.id', /重複/],
    ['an objective with one level', (d) => d.objectives[0]!.levels.splice(1), 'objectives.0.levels', /2つ以上/],
    ['an objective with eleven levels', (d) => d.objectives[0]!.levels.push(...Array.from({ length: 6 }, (_, i) => ({ ...d.objectives[0]!.levels[0]!, id: `x${i}` }))), 'objectives.0.levels', /10件まで/],
    ['the lowest level limited to some forms', (d) => (d.objectives[0]!.levels[0]!.appliesMedia = ['paper']), 'objectives.0.levels.0.appliesMedia', /最も低い段階/],
    ['an empty level definition', (d) => (d.objectives[0]!.levels[2]!.definition = ' '), 'objectives.0.levels.2.definition', /空にできません/],
    ['no objective at all', (d) => d.objectives.splice(0), 'objectives', /1件以上/],
    ['no question at all', (d) => ((d.questions = []), (d.rules = [])), 'questions', /1件以上/],
    ['a skip on an unknown question', (d) => ((d.questions[0]!.skipQuestion = 'nope'), (d.questions[0]!.skipAnswers = 'yes')), 'questions.0.skipQuestion', /質問「nope」/],
    ['a rule with neither condition', (d) => (d.rules[0]!.whenQuestion = ''), 'rules.0.whenQuestion', /条件/],
    ['a rule on an unknown question', (d) => (d.rules[0]!.whenQuestion = 'secret'), 'rules.0.whenQuestion', /質問「secret」/],
    ['a rule with an answer the question does not offer', (d) => (d.rules[0]!.whenAnswers = 'maybe'), 'rules.0.whenAnswers', /回答「maybe」/],
    ['a rule with a question but no answers', (d) => (d.rules[0]!.whenAnswers = ' , '), 'rules.0.whenAnswers', /1件以上/],
    ['a rule raising to an unknown level', (d) => (d.rules[0]!.minLevel = '4'), 'rules.0.minLevel', /段階「4」/],
    ['a rule on an unknown objective', (d) => (d.rules[0]!.objective = 'integrity'), 'rules.0.objective', /観点「integrity」/],
    ['a rule without a citation', (d) => (d.rules[0]!.article = ''), 'rules.0.article', /空にできません/],
    ['a ledger condition with an unknown segment', (d) => (d.rules[0]!.ledgerNetworkSegments = ['wifi']), 'rules.0.ledgerNetworkSegments', /選べる値ではありません/],
    ['handling on an unknown topic', (d) => d.handling.push({ objective: 'confidentiality', minLevel: '2', topic: 'fax', text: 'FAX禁止', article: '第9条', appliesMedia: [], appliesKinds: [] }), 'handling.0.topic', /topics/],
    ['handling for an unknown level', (d) => d.handling.push({ objective: 'confidentiality', minLevel: 'S', topic: 'storage', text: '施錠保管', article: '第7条', appliesMedia: [], appliesKinds: [] }), 'handling.0.minLevel', /段階「S」/],
    ['a duplicate topic id', (d) => d.topics.push({ id: 'storage', name: '保管2' }), 'topics.11.id', /重複/],
    ['a level without a mark', (d) => d.label.marks.pop(), 'label.marks', /段階「3A」の表示記号がありません/],
    ['a mark that spells the class', (d) => (d.label.marks[4]!.symbol = '3A'), 'label.marks.4.symbol', /分類名/],
    ['a mark saying 秘', (d) => (d.label.marks[4]!.symbol = '極秘'), 'label.marks.4.symbol', /分類名/],
    ['a mark in a named colour', (d) => (d.label.marks[0]!.colour = 'green'), 'label.marks.0.colour', /#RRGGBB/],
    ['no kind to label', (d) => (d.label.kinds = []), 'label.kinds', /1件以上/],
    ['secure disposal from an unknown level', (d) => (d.secureDisposal = { objective: 'confidentiality', minLevel: 'X' }), 'secureDisposal.minLevel', /段階「X」/],
    ['a review every 0 months', (d) => (d.review.intervalMonths = 0), 'review.intervalMonths', /1以上/],
    ['a review every 61 months', (d) => (d.review.intervalMonths = 61), 'review.intervalMonths', /60以下/],
    ['a review interval that is not a number', (d) => (d.review.intervalMonths = Number.NaN), 'review.intervalMonths', /形式/],
    ['a review without its reason', (d) => (d.review.article = ''), 'review.article', /空にできません/],
  ])('refuses %s, naming the form field', (_name, breakIt, path, message) => {
    const draft = fiveTier();
    breakIt(draft);
    const result = validateDraft(draft, context);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const issue = result.issues.find((i) => i.path === path);
    expect(issue, JSON.stringify(result.issues)).toBeDefined();
    expect(issue!.message).toMatch(message);
    // Japanese throughout: zod's own English wording never reaches the office.
    for (const i of result.issues) expect(i.message).not.toMatch(/[A-Za-z]{4,} [A-Za-z]{3,}/);
  });

  it('returns every issue at once, not only the first', () => {
    const draft = fiveTier();
    draft.changeNote = '';
    draft.name = '';
    draft.rules[0]!.minLevel = '9';
    const result = validateDraft(draft, context);
    expect(result.ok ? [] : result.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['changeNote', 'name', 'rules.0.minLevel']));
  });

  it('refuses a rule whose answers break after its question was renamed, naming the rule', () => {
    const draft = officeDraft(nishinomiyaProfile);
    draft.questions[0]!.id = 'personal';
    const result = validateDraft(draft, context);
    expect(result.ok ? [] : result.issues.map((i) => i.path)).toContain('rules.0.whenQuestion');
  });

  it('keeps parts the form does not edit (originator floor, importance, containment)', () => {
    const data = profileDataFromDraft(officeDraft(nishinomiyaProfile));
    expect(data.floors).toEqual(nishinomiyaProfile.floors);
    expect(data.containment).toEqual(nishinomiyaProfile.containment);
  });
});

const classified = (levels: Record<string, string>, recommended: Record<string, string>, answers: Record<string, string>, profileId = 'kobe'): AssetClassification => ({
  profileId, profileVersion: '1', levels, recommended, answers, reasons: [], justification: '', referredToManager: false,
  state: 'approved', proposedBy: '佐藤', proposedAt: '2026-04-01', approvedBy: '山田', approvedAt: '2026-04-02',
});

describe('profileSwitchReview', () => {
  const five = valid(fiveTier());

  it('returns an asset whose chosen level no longer exists and one whose recommendation changes; leaves out the unchanged', () => {
    const assets = [
      makeAsset(0, { classification: classified({ confidentiality: '3' }, { confidentiality: '2' }, { personalInfo: 'specificPersonal' }) }),
      makeAsset(1, { personalInfoKind: 'none', classification: classified({ confidentiality: '2' }, { confidentiality: '2' }, { personalInfo: 'none' }) }),
      makeAsset(2, { personalInfoKind: 'personal', classification: classified({ confidentiality: '2' }, { confidentiality: '2' }, { personalInfo: 'personal' }) }),
    ];
    const review = profileSwitchReview(assets, five);
    expect(review.checked).toBe(3);
    expect(review.entries.map((e) => [e.managementNumber, e.reasons])).toEqual([
      ['SM-000001', [{ kind: 'levelMissing', objective: 'confidentiality', level: '3' }]],
      ['SM-000002', [{ kind: 'recommendationChanged', objective: 'confidentiality', from: '2', to: '1' }]],
    ]);
  });

  it('returns an objective the new profile lacks, and new questions left unanswered', () => {
    const asset = makeAsset(0, { classification: classified({ importance: 'A' }, { importance: 'A' }, { personalInfo: 'personal' }, 'nishinomiya') });
    const [entry] = profileSwitchReview([asset], micProfile).entries;
    expect(entry!.reasons).toContainEqual({ kind: 'levelMissing', objective: 'importance', level: 'A' });
    expect(entry!.reasons).toContainEqual({ kind: 'recommendationChanged', objective: 'confidentiality', from: null, to: '2' });
    expect(entry!.reasons.find((r) => r.kind === 'unanswered')).toMatchObject({ kind: 'unanswered', questions: expect.arrayContaining(['secret']) });
    expect(entry!.reasons.map((r) => switchReviewReasonText(micProfile, r))).toContain('観点「importance」は新しい分類基準にありません');
  });

  it('returns nothing for unclassified and disposed assets (undecided or gone under any profile)', () => {
    const assets = [makeAsset(0), makeAsset(1, { status: 'disposed', classification: classified({ confidentiality: '9' }, {}, {}) })];
    expect(profileSwitchReview(assets, five)).toEqual({ entries: [], checked: 0 });
  });

  it.each([
    ['a stored __proto__ answer', { ['__proto__']: 'x', personalInfo: 'personal' }],
    ['an answer to a question the profile does not have', { personalInfo: 'personal', secret: 'yes' }],
  ])('reads %s as no answer', (_name, answers) => {
    const asset = makeAsset(0, { personalInfoKind: 'personal', classification: classified({ confidentiality: '2' }, { confidentiality: '2' }, JSON.parse(JSON.stringify(answers)) as Record<string, string>) });
    expect(profileSwitchReview([asset], five).entries).toEqual([]);
  });

  it('returns entries in 管理番号 order', () => {
    const stale = (i: number) => makeAsset(i, { classification: classified({ confidentiality: 'gone' }, {}, {}) });
    expect(profileSwitchReview([stale(4), stale(1), stale(3)], five).entries.map((e) => e.managementNumber)).toEqual(['SM-000002', 'SM-000004', 'SM-000005']);
  });
});

describe('previewProfile', () => {
  const five = valid(fiveTier());
  const sample = (id: string) => previewSamples.find((s) => s.id === id)!;

  it('returns the rule a sample meets, from the ledger fact alone', () => {
    const result = previewProfile(five, sample('residents'), {});
    expect(result.recommendation.levels).toEqual({ confidentiality: '2' });
    expect(result.recommendation.reasons.map((r) => r.ruleId)).toEqual(['personal']);
  });

  it('returns the lowest level with its citation where no rule applies, and the strictest handling per topic', () => {
    const draft = fiveTier();
    draft.handling.push(
      { objective: 'confidentiality', minLevel: '2', topic: 'storage', text: '施錠できる場所に保管する', article: '第7条', appliesMedia: [], appliesKinds: [] },
      { objective: 'confidentiality', minLevel: '1', topic: 'storage', text: '所定の場所に保管する', article: '第7条', appliesMedia: [], appliesKinds: [] },
    );
    const profile = valid(draft);
    expect(previewProfile(profile, sample('notice'), { personalInfo: 'none' }).recommendation.reasons).toMatchObject([{ level: '1', article: '（根拠の条文）' }]);
    expect(previewProfile(profile, sample('staffList'), {}).handling.map((h) => h.text)).toEqual(['施錠できる場所に保管する']);
  });

  it('returns the questions still open when the ledger does not answer them, and the answer the person gives', () => {
    expect(previewProfile(five, sample('notice'), {}).recommendation.unanswered).toEqual(['personalInfo']);
    expect(previewProfile(five, sample('notice'), { personalInfo: 'personal' }).recommendation.levels).toEqual({ confidentiality: '2' });
  });
});
