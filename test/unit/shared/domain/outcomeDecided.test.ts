/**
 * The shorter wizard: it stops once no remaining answer can change the outcome, and asks only the
 * questions the profile puts to the asset's kind. The property tests enumerate completions: for every
 * state called decided, every way of answering the rest gives the same levels (and, the other way
 * round, an undecided state has two completions that differ, so "undecided" is not said lightly).
 */
import { describe, expect, it } from 'vitest';
import { micProfile, nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';
import { parsePolicyProfile, type LedgerFacts, type PolicyProfile } from '../../../../shared/domain/policyProfile';
import {
  activeQuestions,
  isOutcomeDecided,
  outcomeRange,
  questionOptions,
  questionsRemainingAtMost,
  recommendClassification,
  type WizardAnswers,
} from '../../../../shared/domain/recommendClassification';
import { proposeClassification } from '../../../../shared/domain/classification';
import nishinomiyaJson from '../../../../shared/domain/profiles/nishinomiya.json' with { type: 'json' };

/** A small deterministic generator (mulberry32), so a failure reproduces. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const levelsOf = (profile: PolicyProfile, answers: WizardAnswers, facts?: LedgerFacts) => JSON.stringify(recommendClassification(profile, answers, facts).levels);

/** Every completion of the unanswered questions (all of them when few, else a sample). */
function* completions(profile: PolicyProfile, answers: WizardAnswers, next: () => number): Generator<WizardAnswers> {
  const open = profile.questions.filter((q) => !Object.hasOwn(answers, q.id));
  const total = open.reduce((n, q) => n * questionOptions(q).length, 1);
  if (total <= 48) {
    for (let i = 0; i < total; i++) {
      let rest = i;
      const completed = { ...answers };
      for (const q of open) {
        const options = questionOptions(q);
        completed[q.id] = options[rest % options.length]!.value;
        rest = Math.floor(rest / options.length);
      }
      yield completed;
    }
    return;
  }
  for (let i = 0; i < 40; i++) {
    const completed = { ...answers };
    for (const q of open) {
      const options = questionOptions(q);
      completed[q.id] = options[Math.floor(next() * options.length)]!.value;
    }
    yield completed;
  }
}

/** Random partial answers: each question answered with some probability, with one of its own options. */
function randomState(profile: PolicyProfile, next: () => number, answerRate: number): WizardAnswers {
  const answers: WizardAnswers = {};
  for (const q of profile.questions) {
    if (next() >= answerRate) continue;
    const options = questionOptions(q);
    answers[q.id] = options[Math.floor(next() * options.length)]!.value;
  }
  return answers;
}

const factVariants: [string, LedgerFacts | undefined][] = [
  ['no facts', undefined],
  ['electronic information', { kind: 'information', medium: 'electronic' }],
  ['paper document', { kind: 'paperDocument', medium: 'paper' }],
  ['USB memory', { kind: 'recordingMedium', medium: 'electronic' }],
  ['counter terminal', { kind: 'equipment', medium: 'electronic' }],
  ['system holding personal information', { kind: 'system', medium: 'electronic', personalInfoKind: 'personal', networkSegment: 'myNumber' }],
];

const cases = [nishinomiyaProfile, micProfile].flatMap((profile) => factVariants.map(([name, facts]) => [profile.id, name, profile, facts] as const));

describe('isOutcomeDecided', () => {
  it.each(cases)('%s / %s: every completion of a decided state gives the same levels', (_id, _name, profile, facts) => {
    const next = random(20261129);
    let decided = 0;
    for (let i = 0; i < 36; i++) {
      const answers = randomState(profile, next, [0.3, 0.6, 0.85][i % 3]!);
      if (!isOutcomeDecided(profile, answers, facts)) continue;
      decided += 1;
      const expected = levelsOf(profile, answers, facts);
      for (const completed of completions(profile, answers, next)) expect(levelsOf(profile, completed, facts)).toBe(expected);
    }
    // The property would hold vacuously if nothing were ever decided.
    expect(decided).toBeGreaterThan(5);
  });

  it.each(cases)('%s / %s: an undecided state has two completions that differ', (_id, _name, profile, facts) => {
    const next = random(7);
    let checked = 0;
    for (let i = 0; i < 300 && checked < 15; i++) {
      const answers = randomState(profile, next, 0.8);
      if (isOutcomeDecided(profile, answers, facts)) continue;
      const open = profile.questions.filter((q) => !Object.hasOwn(answers, q.id));
      if (open.reduce((n, q) => n * questionOptions(q).length, 1) > 48) continue;
      checked += 1;
      const seen = new Set<string>();
      for (const completed of completions(profile, answers, next)) seen.add(levelsOf(profile, completed, facts));
      expect(seen.size).toBeGreaterThan(1);
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('stops after the first answer when it already gives 重要性分類A (西宮: 個人情報を含む)', () => {
    expect(isOutcomeDecided(nishinomiyaProfile, { personalInfo: 'personal' })).toBe(true);
    expect(isOutcomeDecided(nishinomiyaProfile, { personalInfo: 'none' })).toBe(false);
    expect(isOutcomeDecided(nishinomiyaProfile, {})).toBe(false);
  });

  it('does not stop at 機密性2 while 秘密文書 could still give 機密性3, nor while 完全性・可用性 are open (総務省)', () => {
    expect(isOutcomeDecided(micProfile, { personalInfo: 'personal' })).toBe(false);
    expect(outcomeRange(micProfile, { personalInfo: 'personal' })).toEqual({ confidentiality: { min: '2', max: '3' }, integrity: { min: '1', max: '2' }, availability: { min: '1', max: '2' } });
    expect(isOutcomeDecided(micProfile, { secret: 'yes', integrityImpact: 'yes', availabilityImpact: 'yes' })).toBe(true);
    // On paper 完全性2・可用性2 do not apply (「書面を除く。」), so those questions cannot change anything.
    expect(isOutcomeDecided(micProfile, { secret: 'yes' }, { kind: 'paperDocument', medium: 'paper' })).toBe(true);
  });

  it('counts an answer that a later answer could still skip as undecided (answers carried over from an earlier classification)', () => {
    const profile = nishinomiyaProfile;
    // nd6_affairs=yes gives B only while the information is not published; 公開 is still open.
    expect(outcomeRange(profile, { personalInfo: 'none', secrecyDuty: 'no', corporateSecret: 'no', trustDamage: 'no', businessImpactHigh: 'no', businessImpactMedium: 'no', receivedFrom: 'none', nd6_affairs: 'yes' }).importance).toEqual({ min: 'C', max: 'B' });
  });

  it.each([
    ['an unknown answer value', { personalInfo: 'lots' }],
    ['a prototype key', JSON.parse('{"__proto__": "personal", "constructor": "yes"}') as WizardAnswers],
  ])('treats %s as unanswered', (_name, answers) => {
    expect(isOutcomeDecided(nishinomiyaProfile, answers)).toBe(false);
    expect(questionsRemainingAtMost(nishinomiyaProfile, answers)).toBe(nishinomiyaProfile.questions.length);
  });
});

describe('questionsRemainingAtMost', () => {
  it('counts every question at the start, seven fewer once the information is published, none once decided', () => {
    expect(questionsRemainingAtMost(nishinomiyaProfile, {})).toBe(15);
    expect(questionsRemainingAtMost(nishinomiyaProfile, { personalInfo: 'none', published: 'yes' })).toBe(15 - 2 - 7);
    expect(questionsRemainingAtMost(nishinomiyaProfile, { personalInfo: 'specificPersonal' })).toBe(0);
  });

  it.each(cases)('%s / %s: never fewer than the wizard then asks', (_id, _name, profile, facts) => {
    const next = random(99);
    for (let walk = 0; walk < 60; walk++) {
      // Walk the wizard: answer the active questions in order until the outcome is decided.
      const answers: WizardAnswers = {};
      const bounds: number[] = [];
      let asked = 0;
      for (;;) {
        if (isOutcomeDecided(profile, answers, facts)) break;
        const question = activeQuestions(profile, answers, facts).find((q) => !Object.hasOwn(answers, q.id));
        if (!question) break;
        bounds.push(questionsRemainingAtMost(profile, answers, facts) + asked);
        const options = questionOptions(question);
        answers[question.id] = options[Math.floor(next() * options.length)]!.value;
        asked += 1;
      }
      for (const bound of bounds) expect(asked).toBeLessThanOrEqual(bound);
      expect(recommendClassification(profile, answers, facts).decided || recommendClassification(profile, answers, facts).unanswered.length === 0).toBe(true);
    }
  });
});

describe('question relevance (profile data: appliesTo kinds)', () => {
  const ids = (profile: PolicyProfile, facts?: LedgerFacts) => activeQuestions(profile, {}, facts).map((q) => q.id);

  it('asks a counter terminal or a USB memory only what it holds and what its failure does (西宮)', () => {
    for (const kind of ['equipment', 'recordingMedium']) expect(ids(nishinomiyaProfile, { kind })).toEqual(['personalInfo', 'businessImpactHigh', 'businessImpactMedium']);
    expect(ids(nishinomiyaProfile, { kind: 'information' })).toHaveLength(15);
    expect(ids(nishinomiyaProfile)).toHaveLength(15);
  });

  it('asks a terminal only personal information, integrity and availability (総務省)', () => {
    expect(ids(micProfile, { kind: 'equipment' })).toEqual(['personalInfo', 'integrityImpact', 'availabilityImpact']);
    expect(ids(micProfile, { kind: 'paperDocument' })).toHaveLength(micProfile.questions.length);
  });

  it('ignores answers to questions not put to the kind: a USB memory is not raised by 「守秘義務」', () => {
    const answers = { personalInfo: 'none', secrecyDuty: 'yes', businessImpactHigh: 'no', businessImpactMedium: 'no' };
    expect(recommendClassification(nishinomiyaProfile, answers, { kind: 'recordingMedium' })).toMatchObject({ levels: { importance: 'C' }, unanswered: [] });
    expect(recommendClassification(nishinomiyaProfile, answers, { kind: 'information' }).levels.importance).toBe('A');
  });

  it.each([
    ['an unknown key on a question', { relevantTo: ['equipment'] }, 'questions[1].relevantTo'],
    ['an unknown key inside appliesTo', { appliesTo: { kind: ['equipment'] } }, 'questions[1].appliesTo.kind'],
    ['an unknown kind', { appliesTo: { kinds: ['terminal'] } }, 'questions[1].appliesTo.kinds[0]'],
    ['an empty list of kinds', { appliesTo: { kinds: [] } }, 'questions[1].appliesTo.kinds'],
  ])('refuses %s', (_name, extra, field) => {
    const data = structuredClone(nishinomiyaJson) as { questions: Record<string, unknown>[] };
    delete data.questions[1]!.appliesTo;
    Object.assign(data.questions[1]!, extra);
    expect(parsePolicyProfile(data)).toMatchObject({ ok: false, field });
  });
});

describe('proposeClassification after a shortened wizard', () => {
  const staff = { actor: '佐藤', now: 'now' };
  const decided = recommendClassification(nishinomiyaProfile, { personalInfo: 'personal' });

  it('accepts the decided recommendation with questions left unasked', () => {
    expect(decided).toMatchObject({ decided: true, levels: { importance: 'A' } });
    expect(decided.unanswered.length).toBeGreaterThan(0);
    expect(proposeClassification(nishinomiyaProfile, decided, { personalInfo: 'personal' }, { importance: 'A' }, '', staff)).toMatchObject({ ok: true, classification: { levels: { importance: 'A' } } });
  });

  it('refuses to lower it until the rest is answered (入手元の分類 could forbid it: 【03】第6条2)', () => {
    expect(proposeClassification(nishinomiyaProfile, decided, { personalInfo: 'personal' }, { importance: 'B' }, '業務上の理由で低くする必要がある', staff)).toEqual({ ok: false, reason: 'unanswered' });
  });

  it('still refuses an undecided recommendation', () => {
    const open = recommendClassification(nishinomiyaProfile, { personalInfo: 'none' });
    expect(proposeClassification(nishinomiyaProfile, open, { personalInfo: 'none' }, { importance: 'C' }, '', staff)).toEqual({ ok: false, reason: 'unanswered' });
  });
});
