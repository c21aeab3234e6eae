/**
 * The classification wizard's logic: which questions to ask, and the class the profile's rules give
 * for the answers, with every reason (answer, rule, article). Nothing here decides: a person accepts
 * the recommendation or picks a higher class, and a lower one needs a written justification.
 */
import { answerValues, appliesTo, higherLevel, ledgerConditionHolds, levelRank, objectiveOf, type LedgerFacts, type PolicyProfile, type ProfileQuestion } from './policyProfile';
import { choiceFieldLabels } from './asset';

/** Question id -> answer value ('yes' | 'no' | 'unsure', or a choice question's option value). */
export type WizardAnswers = Record<string, string>;

/**
 * What the ledger already says, as wizard answers: its 個人情報の種類 answers the profiles'
 * personal-information question (same option values). The wizard starts from these.
 */
export function ledgerAnswers(asset: { personalInfoKind: string }): WizardAnswers {
  return asset.personalInfoKind !== 'none' ? { personalInfo: asset.personalInfoKind } : {};
}

export interface ClassificationReason {
  ruleId: string;
  questionId: string;
  question: string;
  answer: string;
  objective: string;
  level: string;
  article: string;
  reason: string;
}

export interface Recommendation {
  /** Objective id -> recommended minimum level id. */
  levels: Record<string, string>;
  /**
   * Objective id -> a level no justification can go below (【03】第6条2: information received from
   * another section keeps the originator's class).
   */
  floors: Record<string, string>;
  reasons: ClassificationReason[];
  /** 【03】第6条3: when the class is unclear, the security manager decides. */
  referToManager: boolean;
  /**
   * Questions still to answer (in order). The levels are final when this is empty, or when `decided`:
   * no answer to them could change any objective's level.
   */
  unanswered: string[];
  /** Whether every completion of the unanswered questions gives these same levels (see `isOutcomeDecided`). */
  decided: boolean;
}

export const yesNoLabels: Record<(typeof answerValues)[number], string> = {
  yes: 'はい',
  no: 'いいえ',
  unsure: 'わからない（セキュリティ管理者に判断を仰ぐ）',
};

/** The options a question offers, as value and label. */
export function questionOptions(question: ProfileQuestion): { value: string; label: string }[] {
  return question.options ?? answerValues.map((value) => ({ value, label: yesNoLabels[value] }));
}

/** The label of an answer, for reasons and reviews. */
export function answerLabel(question: ProfileQuestion, answer: string): string {
  return questionOptions(question).find((o) => o.value === answer)?.label ?? answer;
}

/**
 * The questions to ask given the answers so far: those skipped by an earlier answer are left out, and
 * so are those the profile does not put to this kind of asset (【03】第8条3: a terminal or a medium is
 * classified from what it holds). Without facts every question is relevant.
 */
export function activeQuestions(profile: PolicyProfile, answers: WizardAnswers, facts?: LedgerFacts): ProfileQuestion[] {
  return profile.questions.filter((q) => isRelevant(q, facts) && !(q.skipWhen && q.skipWhen.answers.includes(answerIn(answers, q.skipWhen.question) ?? '')));
}

/** Whether the profile puts this question to an asset of these facts (its `appliesTo`). */
export function isRelevant(question: ProfileQuestion, facts: LedgerFacts | undefined): boolean {
  return appliesTo(question.appliesTo, facts);
}

/** An answer read only as an own property (a `__proto__` key in stored answers reads as nothing). */
function answerIn(answers: WizardAnswers, questionId: string): string | undefined {
  return Object.hasOwn(answers, questionId) ? answers[questionId] : undefined;
}

/** The ledger's facts as a reason's "answer": 「ネットワーク区分: マイナンバー利用事務系」. */
function describeFacts(facts: LedgerFacts | undefined, condition: NonNullable<PolicyProfile['rules'][number]['ledger']>): string {
  const parts: string[] = [];
  const label = (field: keyof typeof choiceFieldLabels, name: string, value: string | undefined) => {
    if (value === undefined) return;
    const labels = choiceFieldLabels[field] as Record<string, string>;
    parts.push(`${name}: ${Object.hasOwn(labels, value) ? labels[value] : value}`);
  };
  if (condition.kinds) label('kind', '種類', facts?.kind);
  if (condition.media) label('medium', '形式', facts?.medium);
  if (condition.networkSegments) label('networkSegment', 'ネットワーク区分', facts?.networkSegment);
  if (condition.personalInfoKinds) label('personalInfoKind', '個人情報の種類', facts?.personalInfoKind);
  return parts.join('、');
}

/**
 * 【03】第4条 / 第8条3: every matching rule raises its objective to at least its level; the highest wins.
 * A rule matches when its answer condition (if any) is met by an asked question, its ledger condition
 * (if any) holds for `facts`, and it and its level cover the asset's form and kind (`appliesTo`). An
 * originator's class answered to a floor question is a floor (【03】第6条2). An objective no rule
 * raised stays at its lowest level, cited like any other (【03】第4条 C 「重要性分類A、B以外の情報」).
 */
export function recommendClassification(profile: PolicyProfile, answers: WizardAnswers, facts?: LedgerFacts): Recommendation {
  const questions = activeQuestions(profile, answers, facts);
  const asked = new Map(questions.map((q) => [q.id, q]));
  const answerTo = (questionId: string) => (asked.has(questionId) && Object.hasOwn(answers, questionId) ? answers[questionId] : undefined);
  const levels: Record<string, string> = {};
  for (const objective of profile.objectives) levels[objective.id] = objective.levels[0]!.id;
  const reasons: ClassificationReason[] = [];
  for (const rule of profile.rules) {
    const objective = objectiveOf(profile, rule.objective)!;
    const level = objective.levels.find((l) => l.id === rule.minLevel)!;
    if (!appliesTo(rule.appliesTo, facts) || !appliesTo(level.appliesTo, facts)) continue;
    if (rule.ledger && !ledgerConditionHolds(rule.ledger, facts)) continue;
    let question: ProfileQuestion | undefined;
    let answer: string | undefined;
    if (rule.when) {
      question = asked.get(rule.when.question);
      answer = answerTo(rule.when.question);
      if (!question || answer === undefined || !rule.when.answers.includes(answer)) continue;
    }
    levels[rule.objective] = higherLevel(objective, levels[rule.objective], rule.minLevel)!;
    const ledgerText = rule.ledger ? `台帳の登録内容（${describeFacts(facts, rule.ledger)}）` : '';
    reasons.push({
      ruleId: rule.id,
      questionId: question?.id ?? '',
      question: question ? question.text : ledgerText,
      answer: question ? answerLabel(question, answer!) + (ledgerText ? `／${ledgerText}` : '') : '',
      objective: rule.objective,
      level: rule.minLevel,
      article: rule.article,
      reason: rule.reason,
    });
  }
  const floors: Record<string, string> = {};
  for (const floor of profile.floors) {
    const question = asked.get(floor.question);
    const answer = answerTo(floor.question);
    const objective = objectiveOf(profile, floor.objective)!;
    if (!question || answer === undefined || levelRank(objective, answer) < 0) continue;
    floors[floor.objective] = higherLevel(objective, floors[floor.objective], answer)!;
    levels[floor.objective] = higherLevel(objective, levels[floor.objective], answer)!;
    reasons.push({ ruleId: `floor-${floor.question}`, questionId: question.id, question: question.text, answer: answerLabel(question, answer), objective: floor.objective, level: answer, article: floor.article, reason: floor.reason });
  }
  for (const objective of profile.objectives) {
    const lowest = objective.levels[0]!;
    if (levels[objective.id] !== lowest.id || reasons.some((r) => r.objective === objective.id)) continue;
    reasons.push({
      ruleId: `${objective.id}-lowest`,
      questionId: '',
      question: '',
      answer: '',
      objective: objective.id,
      level: lowest.id,
      article: lowest.article ?? profile.source,
      reason: lowest.requirements[0] ?? lowest.definition,
    });
  }
  return {
    levels,
    floors,
    reasons,
    referToManager: questions.some((q) => answers[q.id] === 'unsure'),
    unanswered: questions.filter((q) => !questionOptions(q).some((o) => o.value === answerTo(q.id))).map((q) => q.id),
    decided: isOutcomeDecided(profile, answers, facts),
  };
}

/** Whether `answers` holds one of the question's own options for it (anything else counts as unanswered). */
function hasValidAnswer(question: ProfileQuestion, answers: WizardAnswers): boolean {
  const answer = answerIn(answers, question.id);
  return answer !== undefined && questionOptions(question).some((o) => o.value === answer);
}

/**
 * The lowest and highest level each objective can still reach, over every way of answering the
 * questions not yet validly answered (a "completion"). Rules only ever raise a level (【03】第8条3: the
 * highest wins), so the highest reachable level is the highest that any one rule could still give, and
 * the lowest is the highest that a rule gives whatever the rest is answered. An answered question may
 * still be skipped by an unanswered one (its `skipWhen`), which is why the two can differ for it.
 */
export function outcomeRange(profile: PolicyProfile, answers: WizardAnswers, facts?: LedgerFacts): Record<string, { min: string; max: string }> {
  const byId = new Map(profile.questions.map((q) => [q.id, q]));
  const answered = (q: ProfileQuestion) => hasValidAnswer(q, answers);
  /** Active in every completion / in at least one completion. */
  const activity = (q: ProfileQuestion): { surely: boolean; possibly: boolean } => {
    if (!isRelevant(q, facts)) return { surely: false, possibly: false };
    if (!q.skipWhen) return { surely: true, possibly: true };
    const controller = byId.get(q.skipWhen.question);
    const skipOn = q.skipWhen.answers;
    if (!controller || answered(controller)) {
      const skipped = skipOn.includes(answerIn(answers, q.skipWhen.question) ?? '');
      return { surely: !skipped, possibly: !skipped };
    }
    const options = questionOptions(controller).map((o) => o.value);
    return { surely: options.every((o) => !skipOn.includes(o)), possibly: options.some((o) => !skipOn.includes(o)) };
  };
  const range: Record<string, { min: string; max: string }> = {};
  for (const objective of profile.objectives) range[objective.id] = { min: objective.levels[0]!.id, max: objective.levels[0]!.id };
  const raise = (objectiveId: string, level: string, surely: boolean) => {
    const objective = objectiveOf(profile, objectiveId)!;
    const current = range[objectiveId]!;
    current.max = higherLevel(objective, current.max, level)!;
    if (surely) current.min = higherLevel(objective, current.min, level)!;
  };
  for (const rule of profile.rules) {
    const objective = objectiveOf(profile, rule.objective)!;
    const level = objective.levels.find((l) => l.id === rule.minLevel)!;
    if (!appliesTo(rule.appliesTo, facts) || !appliesTo(level.appliesTo, facts)) continue;
    if (rule.ledger && !ledgerConditionHolds(rule.ledger, facts)) continue;
    if (!rule.when) {
      raise(rule.objective, rule.minLevel, true);
      continue;
    }
    const question = byId.get(rule.when.question);
    if (!question) continue;
    const { surely, possibly } = activity(question);
    if (!possibly) continue;
    if (answered(question)) {
      if (rule.when.answers.includes(answerIn(answers, question.id)!)) raise(rule.objective, rule.minLevel, surely);
    } else if (questionOptions(question).some((o) => rule.when!.answers.includes(o.value))) {
      raise(rule.objective, rule.minLevel, false);
    }
  }
  // 【03】第6条2: an originator's class raises the level as well as setting a floor.
  for (const floor of profile.floors) {
    const question = byId.get(floor.question);
    const objective = objectiveOf(profile, floor.objective);
    if (!question || !objective) continue;
    const { surely, possibly } = activity(question);
    if (!possibly) continue;
    const values = answered(question) ? [answerIn(answers, question.id)!] : questionOptions(question).map((o) => o.value);
    for (const value of values) if (levelRank(objective, value) >= 0) raise(floor.objective, value, surely && answered(question));
  }
  return range;
}

/**
 * Whether the wizard may stop: no answer to the remaining questions can change the recommended level
 * of any objective, because each is already at the highest it could reach. Floors from unanswered
 * questions are not known then, which is why lowering a class below such a recommendation needs the
 * remaining questions answered (see `proposeClassification`).
 */
export function isOutcomeDecided(profile: PolicyProfile, answers: WizardAnswers, facts?: LedgerFacts): boolean {
  return Object.values(outcomeRange(profile, answers, facts)).every((r) => r.min === r.max);
}

/**
 * How many questions may still be asked at most: the relevant, unanswered questions that some way of
 * answering could still bring up (0 once the outcome is decided). The wizard's step counter shows it.
 */
export function questionsRemainingAtMost(profile: PolicyProfile, answers: WizardAnswers, facts?: LedgerFacts): number {
  if (isOutcomeDecided(profile, answers, facts)) return 0;
  const byId = new Map(profile.questions.map((q) => [q.id, q]));
  return profile.questions.filter((q) => {
    if (!isRelevant(q, facts) || hasValidAnswer(q, answers)) return false;
    if (!q.skipWhen) return true;
    const controller = byId.get(q.skipWhen.question);
    if (controller && !hasValidAnswer(controller, answers)) return questionOptions(controller).some((o) => !q.skipWhen!.answers.includes(o.value));
    return !q.skipWhen.answers.includes(answerIn(answers, q.skipWhen.question) ?? '');
  }).length;
}
