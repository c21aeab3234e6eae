/**
 * The classification wizard's logic: which questions to ask, and the class the profile's rules give
 * for the answers, with every reason (answer, rule, article). Nothing here decides: a person accepts
 * the recommendation or picks a higher class, and a lower one needs a written justification.
 */
import { answerValues, higherLevel, type PolicyProfile, type ProfileQuestion } from './policyProfile';

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

/** 【03】第4条 / 第8条3: every matching rule raises its objective to at least its level; the highest wins. */
export function recommendClassification(profile: PolicyProfile, answers: WizardAnswers): Recommendation {
  const questions = activeQuestions(profile, answers);
  const active = new Set(questions.map((q) => q.id));
  const levels: Record<string, string> = {};
  for (const objective of profile.objectives) levels[objective.id] = objective.levels[0]!.id;
  const reasons: ClassificationReason[] = [];
  for (const rule of profile.rules) {
    const answer = answers[rule.when.question];
    if (!active.has(rule.when.question) || answer === undefined || !rule.when.answers.includes(answer)) continue;
    const objective = profile.objectives.find((o) => o.id === rule.objective)!;
    levels[rule.objective] = higherLevel(objective, levels[rule.objective], rule.minLevel)!;
    const question = questions.find((q) => q.id === rule.when.question)!;
    reasons.push({
      ruleId: rule.id,
      questionId: question.id,
      question: question.text,
      answer: answerLabel(question, answer),
      objective: rule.objective,
      level: rule.minLevel,
      article: rule.article,
      reason: rule.reason,
    });
  }
  return {
    levels,
    reasons,
    referToManager: questions.some((q) => answers[q.id] === 'unsure'),
    unanswered: questions.filter((q) => !questionOptions(q).some((o) => o.value === answers[q.id])).map((q) => q.id),
  };
}
