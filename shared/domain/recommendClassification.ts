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
  /** Questions still to answer (in order); the recommendation is final only when empty. */
  unanswered: string[];
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

/** The questions to ask given the answers so far (those skipped by an earlier answer are left out). */
export function activeQuestions(profile: PolicyProfile, answers: WizardAnswers): ProfileQuestion[] {
  return profile.questions.filter((q) => !(q.skipWhen && q.skipWhen.answers.includes(answers[q.skipWhen.question] ?? '')));
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
  const questions = activeQuestions(profile, answers);
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
  };
}
