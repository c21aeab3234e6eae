/**
 * The central office's profile editor, as pure functions: a profile becomes a form draft (lists stay
 * lists, so each row is a form row; examples and answers are typed one per line or separated by
 * commas), a draft becomes a profile through the same strict schema as a loaded file, and the issues
 * come back with the draft field they belong to. Also what a switch will ask people to review, before
 * it happens, and the preview of the wizard on sample assets.
 *
 * 【03】第4条 / 第6条3: a profile decides every recommended class, so the editor accepts nothing the
 * loader would refuse, and a new version always says what changed (the change note).
 */
import { assetKinds, assetMedia, networkSegments, personalInfoKinds, type Asset } from './asset';
import type { AssetClassification } from './classification';
import {
  defaultHandlingTopics,
  handlingFor,
  levelIn,
  listProfileIssues,
  policyProfileSchema,
  type HandlingRule,
  type LedgerFacts,
  type PolicyProfile,
} from './policyProfile';
import { ledgerAnswers, recommendClassification, type Recommendation, type WizardAnswers } from './recommendClassification';

/** A level as the form holds it: examples and requirements one per line; `appliesTo` as two checkbox lists. */
export interface LevelDraft {
  id: string;
  name: string;
  definition: string;
  requirements: string;
  examples: string;
  article: string;
  appliesMedia: string[];
  appliesKinds: string[];
}

export interface ObjectiveDraft {
  id: string;
  name: string;
  levels: LevelDraft[];
}

/** A question: options one per line as 「値: 表示」 (none: a はい/いいえ/わからない question). */
export interface QuestionDraft {
  id: string;
  text: string;
  criteria: string;
  examples: string;
  article: string;
  options: string;
  skipQuestion: string;
  skipAnswers: string;
  /** Asked only of these forms/kinds (none: every asset), e.g. a terminal is classified from what it holds. */
  appliesMedia: string[];
  appliesKinds: string[];
}

/** A rule: an answer condition (question and answers separated by commas) and/or ledger conditions. */
export interface RuleDraft {
  id: string;
  whenQuestion: string;
  whenAnswers: string;
  ledgerKinds: string[];
  ledgerMedia: string[];
  ledgerNetworkSegments: string[];
  ledgerPersonalInfoKinds: string[];
  appliesMedia: string[];
  appliesKinds: string[];
  objective: string;
  minLevel: string;
  article: string;
  reason: string;
}

export interface HandlingDraft {
  objective: string;
  minLevel: string;
  topic: string;
  text: string;
  article: string;
  appliesMedia: string[];
  appliesKinds: string[];
}

export interface MarkDraft {
  level: string;
  symbol: string;
  colour: string;
}

/** Everything the editor's form holds. Parts it does not edit (floors, importance, risk, containment) ride along. */
export interface ProfileDraft {
  id: string;
  name: string;
  version: string;
  changeNote: string;
  source: string;
  objectives: ObjectiveDraft[];
  questions: QuestionDraft[];
  rules: RuleDraft[];
  topics: { id: string; name: string }[];
  handling: HandlingDraft[];
  label: { objective: string; marks: MarkDraft[]; kinds: string[] };
  secureDisposal: { objective: string; minLevel: string };
  review: { intervalMonths: number; article: string; note: string };
  /** Carried unchanged from the profile the draft started from (not edited in the form). */
  kept: Pick<PolicyProfile, 'floors' | 'containment'> & { importance?: PolicyProfile['importance']; risk?: PolicyProfile['risk'] };
}

const lines = (values: readonly string[]) => values.join('\n');
const splitLines = (value: string) => value.split(/\r?\n/).map((v) => v.trim()).filter((v) => v.length > 0);
const splitList = (value: string) => value.split(/[,、，\s]+/).map((v) => v.trim()).filter((v) => v.length > 0);
/** A deep copy of JSON data (shared/ has no DOM: no structuredClone in its type library). */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const orUndefined = (value: string) => (value.trim().length > 0 ? value : undefined);

/** A profile as the editor's form holds it (to start from a bundled or loaded one). */
export function draftFromProfile(profile: PolicyProfile): ProfileDraft {
  const labelObjective = profile.objectives.find((o) => o.id === profile.label.objective);
  return {
    id: profile.id,
    name: profile.name,
    version: profile.version,
    changeNote: '',
    source: profile.source,
    objectives: profile.objectives.map((o) => ({
      id: o.id,
      name: o.name,
      levels: o.levels.map((l) => ({
        id: l.id,
        name: l.name,
        definition: l.definition,
        requirements: lines(l.requirements),
        examples: lines(l.examples),
        article: l.article ?? '',
        appliesMedia: [...(l.appliesTo?.media ?? [])],
        appliesKinds: [...(l.appliesTo?.kinds ?? [])],
      })),
    })),
    questions: profile.questions.map((q) => ({
      id: q.id,
      text: q.text,
      criteria: q.criteria,
      examples: lines(q.examples),
      article: q.article,
      options: lines((q.options ?? []).map((o) => `${o.value}: ${o.label}`)),
      skipQuestion: q.skipWhen?.question ?? '',
      skipAnswers: (q.skipWhen?.answers ?? []).join(', '),
      appliesMedia: [...(q.appliesTo?.media ?? [])],
      appliesKinds: [...(q.appliesTo?.kinds ?? [])],
    })),
    rules: profile.rules.map((r) => ({
      id: r.id,
      whenQuestion: r.when?.question ?? '',
      whenAnswers: (r.when?.answers ?? []).join(', '),
      ledgerKinds: [...(r.ledger?.kinds ?? [])],
      ledgerMedia: [...(r.ledger?.media ?? [])],
      ledgerNetworkSegments: [...(r.ledger?.networkSegments ?? [])],
      ledgerPersonalInfoKinds: [...(r.ledger?.personalInfoKinds ?? [])],
      appliesMedia: [...(r.appliesTo?.media ?? [])],
      appliesKinds: [...(r.appliesTo?.kinds ?? [])],
      objective: r.objective,
      minLevel: r.minLevel,
      article: r.article,
      reason: r.reason,
    })),
    topics: profile.topics.map((t) => ({ ...t })),
    handling: profile.handling.map((h) => ({
      objective: h.objective,
      minLevel: h.minLevel,
      topic: h.topic,
      text: h.text,
      article: h.article,
      appliesMedia: [...(h.appliesTo?.media ?? [])],
      appliesKinds: [...(h.appliesTo?.kinds ?? [])],
    })),
    label: {
      objective: profile.label.objective,
      // In the order of the levels, so the form reads like the profile.
      marks: (labelObjective?.levels ?? [])
        .filter((l) => Object.hasOwn(profile.label.marks, l.id))
        .map((l) => ({ level: l.id, symbol: profile.label.marks[l.id]!.symbol, colour: profile.label.marks[l.id]!.colour })),
      kinds: [...profile.label.kinds],
    },
    secureDisposal: { objective: profile.secureDisposal?.objective ?? '', minLevel: profile.secureDisposal?.minLevel ?? '' },
    review: { intervalMonths: profile.review.intervalMonths, article: profile.review.article, note: profile.review.note ?? '' },
    kept: { floors: copy(profile.floors), containment: copy(profile.containment), ...(profile.importance ? { importance: copy(profile.importance) } : {}), ...(profile.risk ? { risk: copy(profile.risk) } : {}) },
  };
}

/**
 * A draft to start from nothing: one objective (機密性) with its two lowest levels (the office adds
 * its own above them, e.g. the 2024-10-02 guideline's 自治体機密性3C/3B/3A), one question, one rule,
 * the default handling topics, and marks the office replaces. Every text is a placeholder to be
 * rewritten: the editor refuses none of them, so the office must read each before distributing.
 */
export function blankDraft(): ProfileDraft {
  const tiers = ['1', '2'];
  const symbols = ['○', '△'];
  const colours = ['#2e7d32', '#1565c0'];
  return {
    id: 'my-office',
    name: '（団体名）情報資産の分類基準',
    version: '1',
    changeNote: '',
    source: '（団体名）情報セキュリティ対策基準',
    objectives: [
      {
        id: 'confidentiality',
        name: '機密性',
        levels: tiers.map((tier) => ({
          id: tier,
          name: `自治体機密性${tier}`,
          definition: `（自治体機密性${tier}の定義を対策基準から写してください）`,
          requirements: '',
          examples: '',
          article: '（根拠の条文）',
          appliesMedia: [],
          appliesKinds: [],
        })),
      },
    ],
    questions: [
      {
        id: 'personalInfo',
        text: 'この情報資産には個人情報が含まれますか。含まれる場合は、その種類を選んでください。',
        criteria: '（判断の基準を対策基準から写してください）',
        examples: '',
        article: '（根拠の条文）',
        options: 'none: 含まれない\npersonal: 個人情報が含まれる\nsensitive: 要配慮個人情報が含まれる\nspecificPersonal: 特定個人情報（マイナンバーを含む）が含まれる\nunsure: わからない（セキュリティ管理者に判断を仰ぐ）',
        skipQuestion: '',
        skipAnswers: '',
        appliesMedia: [],
        appliesKinds: [],
      },
    ],
    rules: [
      {
        id: 'personal',
        whenQuestion: 'personalInfo',
        whenAnswers: 'personal, sensitive, specificPersonal',
        ledgerKinds: [],
        ledgerMedia: [],
        ledgerNetworkSegments: [],
        ledgerPersonalInfoKinds: [],
        appliesMedia: [],
        appliesKinds: [],
        objective: 'confidentiality',
        minLevel: '2',
        article: '（根拠の条文）',
        reason: '（この規則の理由を対策基準から写してください）',
      },
    ],
    topics: defaultHandlingTopics.map((t) => ({ ...t })),
    handling: [],
    label: { objective: 'confidentiality', marks: tiers.map((level, i) => ({ level, symbol: symbols[i]!, colour: colours[i]! })), kinds: ['recordingMedium', 'paperDocument'] },
    secureDisposal: { objective: '', minLevel: '' },
    review: { intervalMonths: 12, article: '（見直しを求める条文。なければ、課の定めである旨）', note: '' },
    kept: { floors: [], containment: { kinds: ['recordingMedium', 'system', 'equipment'], undecidedWhenEmpty: ['recordingMedium'] } },
  };
}

/** A new, empty level row (the form's 「段階を追加」). */
export function blankLevel(): LevelDraft {
  return { id: '', name: '', definition: '', requirements: '', examples: '', article: '', appliesMedia: [], appliesKinds: [] };
}

/** A new, empty question row. */
export function blankQuestion(): QuestionDraft {
  return { id: '', text: '', criteria: '', examples: '', article: '', options: '', skipQuestion: '', skipAnswers: '', appliesMedia: [], appliesKinds: [] };
}

/** A new rule row on the first objective, with no condition yet (the schema asks for one). */
export function blankRule(draft: Pick<ProfileDraft, 'objectives'>): RuleDraft {
  return {
    id: '', whenQuestion: '', whenAnswers: '', ledgerKinds: [], ledgerMedia: [], ledgerNetworkSegments: [], ledgerPersonalInfoKinds: [], appliesMedia: [], appliesKinds: [],
    objective: draft.objectives[0]?.id ?? '', minLevel: '', article: '', reason: '',
  };
}

/** Marks for levels of the label's objective that have none yet, in level order (symbols left for the office). */
export function missingMarks(draft: Pick<ProfileDraft, 'objectives' | 'label'>): MarkDraft[] {
  const objective = draft.objectives.find((o) => o.id === draft.label.objective);
  const have = new Set(draft.label.marks.map((m) => m.level));
  return (objective?.levels ?? []).filter((l) => l.id.trim() && !have.has(l.id.trim())).map((l) => ({ level: l.id.trim(), symbol: '', colour: '#000000' }));
}

/** One issue of a draft: `path` names the form field (react-hook-form's dotted path), `field` the profile's. */
export interface DraftIssue {
  path: string;
  field: string;
  message: string;
}

/** Options typed as 「値: 表示」 per line; a line without the colon is an issue. */
function parseOptions(text: string): { options: { value: string; label: string }[]; bad: number[] } {
  const options: { value: string; label: string }[] = [];
  const bad: number[] = [];
  splitLines(text).forEach((line, i) => {
    const match = /^([^:：]+)[:：](.*)$/.exec(line);
    if (!match) return bad.push(i);
    options.push({ value: match[1]!.trim(), label: match[2]!.trim() });
  });
  return { options, bad };
}

const appliesToData = (media: string[], kinds: string[]) =>
  media.length > 0 || kinds.length > 0 ? { ...(media.length > 0 ? { media } : {}), ...(kinds.length > 0 ? { kinds } : {}) } : undefined;

/** The profile data a draft describes (unvalidated: `validateDraft` runs the schema on it). */
export function profileDataFromDraft(draft: ProfileDraft): Record<string, unknown> {
  const marks: Record<string, { symbol: string; colour: string }> = Object.create(null) as Record<string, { symbol: string; colour: string }>;
  for (const mark of draft.label.marks) if (!Object.hasOwn(marks, mark.level)) marks[mark.level] = { symbol: mark.symbol, colour: mark.colour };
  const data: Record<string, unknown> = {
    format: 'daicho-policy-profile/1',
    id: draft.id.trim(),
    name: draft.name,
    version: draft.version.trim(),
    ...(orUndefined(draft.changeNote) ? { changeNote: draft.changeNote } : {}),
    source: draft.source,
    objectives: draft.objectives.map((o) => ({
      id: o.id.trim(),
      name: o.name,
      levels: o.levels.map((l) => ({
        id: l.id.trim(),
        name: l.name,
        definition: l.definition,
        requirements: splitLines(l.requirements),
        examples: splitLines(l.examples),
        ...(orUndefined(l.article) ? { article: l.article } : {}),
        ...(appliesToData(l.appliesMedia, l.appliesKinds) ? { appliesTo: appliesToData(l.appliesMedia, l.appliesKinds) } : {}),
      })),
    })),
    questions: draft.questions.map((q) => {
      const { options } = parseOptions(q.options);
      return {
        id: q.id.trim(),
        text: q.text,
        criteria: q.criteria,
        examples: splitLines(q.examples),
        article: q.article,
        ...(options.length > 0 ? { options } : {}),
        ...(q.skipQuestion.trim() ? { skipWhen: { question: q.skipQuestion.trim(), answers: splitList(q.skipAnswers) } } : {}),
        ...(appliesToData(q.appliesMedia, q.appliesKinds) ? { appliesTo: appliesToData(q.appliesMedia, q.appliesKinds) } : {}),
      };
    }),
    rules: draft.rules.map((r) => {
      const ledger = {
        ...(r.ledgerKinds.length > 0 ? { kinds: r.ledgerKinds } : {}),
        ...(r.ledgerMedia.length > 0 ? { media: r.ledgerMedia } : {}),
        ...(r.ledgerNetworkSegments.length > 0 ? { networkSegments: r.ledgerNetworkSegments } : {}),
        ...(r.ledgerPersonalInfoKinds.length > 0 ? { personalInfoKinds: r.ledgerPersonalInfoKinds } : {}),
      };
      const scope = appliesToData(r.appliesMedia, r.appliesKinds);
      return {
        id: r.id.trim(),
        ...(r.whenQuestion.trim() ? { when: { question: r.whenQuestion.trim(), answers: splitList(r.whenAnswers) } } : {}),
        ...(Object.keys(ledger).length > 0 ? { ledger } : {}),
        ...(scope ? { appliesTo: scope } : {}),
        objective: r.objective,
        minLevel: r.minLevel,
        article: r.article,
        reason: r.reason,
      };
    }),
    floors: draft.kept.floors,
    topics: draft.topics.map((t) => ({ id: t.id.trim(), name: t.name })),
    handling: draft.handling.map((h) => {
      const scope = appliesToData(h.appliesMedia, h.appliesKinds);
      return { objective: h.objective, minLevel: h.minLevel, topic: h.topic, text: h.text, article: h.article, ...(scope ? { appliesTo: scope } : {}) };
    }),
    label: { objective: draft.label.objective, marks: { ...marks }, kinds: draft.label.kinds },
    ...(draft.kept.importance ? { importance: draft.kept.importance } : {}),
    ...(draft.kept.risk ? { risk: draft.kept.risk } : {}),
    ...(draft.secureDisposal.objective ? { secureDisposal: { objective: draft.secureDisposal.objective, minLevel: draft.secureDisposal.minLevel } } : {}),
    review: { intervalMonths: Number(draft.review.intervalMonths), article: draft.review.article, ...(orUndefined(draft.review.note) ? { note: draft.review.note } : {}) },
    containment: draft.kept.containment,
  };
  return data;
}

/** Where a profile field lives in the draft's form (lines and comma lists are one field; marks a list). */
function draftPathOf(draft: ProfileDraft, path: readonly (string | number)[]): string {
  const [head, i, part, j, rest, k] = path;
  const join = (...parts: (string | number | undefined)[]) => parts.filter((p) => p !== undefined).join('.');
  switch (head) {
    case 'objectives':
      if (part === 'levels' && typeof j === 'number') {
        if (rest === 'appliesTo') return join(head, i, part, j, k === 'kinds' ? 'appliesKinds' : 'appliesMedia');
        return join(head, i, part, j, rest);
      }
      return join(head, i, part);
    case 'questions':
      if (part === 'options') return join(head, i, 'options');
      if (part === 'skipWhen') return join(head, i, j === 'answers' ? 'skipAnswers' : 'skipQuestion');
      if (part === 'appliesTo') return join(head, i, j === 'kinds' ? 'appliesKinds' : 'appliesMedia');
      return join(head, i, part);
    case 'rules':
      if (part === 'when') return join(head, i, j === 'answers' ? 'whenAnswers' : 'whenQuestion');
      if (part === 'ledger') {
        const field = { kinds: 'ledgerKinds', media: 'ledgerMedia', networkSegments: 'ledgerNetworkSegments', personalInfoKinds: 'ledgerPersonalInfoKinds' }[String(j)];
        return join(head, i, field ?? 'ledgerKinds');
      }
      if (part === 'appliesTo') return join(head, i, j === 'kinds' ? 'appliesKinds' : 'appliesMedia');
      // A rule with neither condition: the answer condition is where to add one.
      return join(head, i, part ?? 'whenQuestion');
    case 'handling':
      if (part === 'appliesTo') return join(head, i, j === 'kinds' ? 'appliesKinds' : 'appliesMedia');
      return join(head, i, part);
    case 'label':
      if (i === 'marks') {
        const index = draft.label.marks.findIndex((m) => m.level === part);
        if (index < 0) return 'label.marks';
        return join('label', 'marks', index, j === 'colour' ? 'colour' : j === 'symbol' ? 'symbol' : 'level');
      }
      return join('label', i);
    case 'floors':
    case 'importance':
    case 'risk':
    case 'containment':
      // Not edited in the form: the issue is shown in the list above it.
      return String(head);
    default:
      return path.filter((p) => p !== undefined).join('.');
  }
}

/** What the editor checks beyond the schema, given what the section already has. */
export interface DraftContext {
  /** Ids of the profiles shipped with the app: an edited profile needs its own. */
  bundledIds: readonly string[];
  /** Profiles already stored (loaded or edited earlier): the same id needs a new version. */
  stored: readonly Pick<PolicyProfile, 'id' | 'version'>[];
}

export type DraftResult = { ok: true; profile: PolicyProfile } | { ok: false; issues: DraftIssue[] };

/**
 * Turns a draft into a profile with the loader's own strict schema, collecting every issue with the
 * form field it belongs to. Refused besides the schema's own checks: an empty change note (every
 * version says what changed), a bundled profile's id (it would be shadowed, not replaced), an id and
 * version already stored (a changed profile is a new version, so classes under the old one are
 * reviewed), an option line without 「値: 表示」, and two marks for one level.
 */
export function validateDraft(draft: ProfileDraft, context: DraftContext): DraftResult {
  const issues: DraftIssue[] = [];
  const add = (path: string, field: string, message: string) => issues.push({ path, field, message });
  if (draft.changeNote.trim().length === 0) add('changeNote', 'changeNote', '変更の内容（変更メモ）を入力してください。配布先が、この版で何が変わったかを確かめられるようにします。');
  const id = draft.id.trim();
  if (context.bundledIds.includes(id)) add('id', 'id', `ID「${id}」は組み込みの分類基準のIDです。課や団体の分類基準には別のIDを付けてください（例: kobe-2026）。`);
  else if (context.stored.some((p) => p.id === id && p.version === draft.version.trim())) {
    add('version', 'version', `ID「${id}」の版「${draft.version.trim()}」はすでに保存されています。変更した分類基準には新しい版を付けてください（例: 2026.2）。`);
  }
  draft.questions.forEach((q, i) => {
    const { bad } = parseOptions(q.options);
    if (bad.length > 0) add(`questions.${i}.options`, `questions[${i}].options`, `選択肢の${bad[0]! + 1}行目に「値: 表示」の形がありません（例: personal: 個人情報が含まれる）。`);
  });
  const seen = new Set<string>();
  draft.label.marks.forEach((m, i) => {
    if (seen.has(m.level)) add(`label.marks.${i}.level`, `label.marks[${i}]`, `段階「${m.level}」の表示記号が2つあります。1つにしてください。`);
    seen.add(m.level);
  });
  const data = profileDataFromDraft(draft);
  for (const issue of listProfileIssues(data)) add(draftPathOf(draft, issue.path), issue.field, issue.message);
  if (issues.length > 0) return { ok: false, issues };
  // Parsed once more to get the schema's output (defaults filled); it cannot fail after no issues.
  return { ok: true, profile: policyProfileSchema.parse(data) };
}

/** Why an asset's class needs a look before (or right after) a switch. */
export type SwitchReviewReason =
  | { kind: 'levelMissing'; objective: string; level: string }
  | { kind: 'recommendationChanged'; objective: string; from: string | null; to: string }
  | { kind: 'unanswered'; questions: string[] };

export interface SwitchReviewEntry {
  assetId: string;
  managementNumber: string;
  name: string;
  reasons: SwitchReviewReason[];
  /** The wizard's recommendation under the new profile, from the stored answers and the ledger. */
  recommended: Record<string, string>;
}

export interface SwitchReview {
  /** Assets whose class will need review, in 管理番号 order. */
  entries: SwitchReviewEntry[];
  /** Classified assets looked at (unclassified ones are undecided under any profile). */
  checked: number;
}

/**
 * What switching to `next` will ask people to review, computed before the switch: each classified
 * asset whose chosen level id does not exist in the new profile, whose recommended class (the stored
 * wizard answers and the ledger's facts run through the new rules) differs from the one recorded, or
 * whose answers no longer cover the new questions. 【03】第6条3: the class then goes back to the
 * security manager; nothing is changed here, and the switch itself keeps every chosen level.
 */
export function profileSwitchReview(
  assets: readonly Pick<Asset, 'id' | 'managementNumber' | 'name' | 'kind' | 'medium' | 'networkSegment' | 'personalInfoKind' | 'status' | 'classification'>[],
  next: PolicyProfile,
): SwitchReview {
  const entries: SwitchReviewEntry[] = [];
  let checked = 0;
  for (const asset of assets) {
    const classification: AssetClassification | null = asset.classification;
    if (!classification || asset.status === 'disposed') continue;
    checked += 1;
    const reasons: SwitchReviewReason[] = [];
    for (const [objectiveId, level] of Object.entries(classification.levels)) {
      const objective = next.objectives.find((o) => o.id === objectiveId);
      if (!objective || !objective.levels.some((l) => l.id === level)) reasons.push({ kind: 'levelMissing', objective: objectiveId, level });
    }
    const facts: LedgerFacts = { kind: asset.kind, medium: asset.medium, networkSegment: asset.networkSegment, personalInfoKind: asset.personalInfoKind };
    const answers: WizardAnswers = { ...ledgerAnswers(asset), ...ownAnswers(classification.answers) };
    const recommendation = recommendClassification(next, answers, facts);
    for (const objective of next.objectives) {
      const before = levelIn(classification.recommended, objective.id) ?? null;
      const after = recommendation.levels[objective.id]!;
      if (before !== after) reasons.push({ kind: 'recommendationChanged', objective: objective.id, from: before, to: after });
    }
    if (recommendation.unanswered.length > 0) reasons.push({ kind: 'unanswered', questions: recommendation.unanswered });
    if (reasons.length > 0) entries.push({ assetId: asset.id, managementNumber: asset.managementNumber, name: asset.name, reasons, recommended: recommendation.levels });
  }
  entries.sort((a, b) => (a.managementNumber < b.managementNumber ? -1 : a.managementNumber > b.managementNumber ? 1 : 0));
  return { entries, checked };
}

/** Stored answers read as own keys only (a stored `__proto__` answer is no answer). */
function ownAnswers(answers: Readonly<Record<string, string>> | undefined): WizardAnswers {
  const result: WizardAnswers = {};
  for (const key of Object.keys(answers ?? {})) if (key !== '__proto__') result[key] = answers![key]!;
  return result;
}

/** One reason as a sentence for the review list. */
export function switchReviewReasonText(profile: PolicyProfile, reason: SwitchReviewReason): string {
  const objective = 'objective' in reason ? profile.objectives.find((o) => o.id === reason.objective) : undefined;
  const levelName = (id: string | null) => (id === null ? 'なし' : (objective?.levels.find((l) => l.id === id)?.name ?? id));
  switch (reason.kind) {
    case 'levelMissing':
      return objective ? `段階「${reason.level}」は新しい分類基準の${objective.name}にありません` : `観点「${reason.objective}」は新しい分類基準にありません`;
    case 'recommendationChanged':
      return `${objective?.name ?? reason.objective}の推奨が変わります（${reason.from === null ? '記録なし' : reason.from} → ${levelName(reason.to)}）`;
    case 'unanswered':
      return `新しい質問に未回答です（${reason.questions.length}問）`;
  }
}

/** A sample asset the editor's preview runs the wizard on. */
export interface PreviewSample {
  id: string;
  name: string;
  facts: Required<LedgerFacts>;
}

/** Samples that exercise the usual rules: personal data on the My Number segment, a paper notice, an empty USB memory. */
export const previewSamples: readonly PreviewSample[] = [
  { id: 'residents', name: '住民基本台帳（マイナンバー利用事務系）', facts: { kind: 'information', medium: 'electronic', networkSegment: 'myNumber', personalInfoKind: 'specificPersonal' } },
  { id: 'notice', name: '公開済みの広報原稿（紙）', facts: { kind: 'paperDocument', medium: 'paper', networkSegment: 'none', personalInfoKind: 'none' } },
  { id: 'staffList', name: '職員名簿（LGWAN接続系）', facts: { kind: 'information', medium: 'electronic', networkSegment: 'lgwan', personalInfoKind: 'personal' } },
  { id: 'usb', name: 'USBメモリ（記録媒体）', facts: { kind: 'recordingMedium', medium: 'electronic', networkSegment: 'none', personalInfoKind: 'none' } },
];

export interface PreviewResult {
  recommendation: Recommendation;
  /** Handling rules per objective at the recommended level (the strictest per topic). */
  handling: HandlingRule[];
}

/**
 * The wizard on a sample: the ledger's facts answer the personal-information question, the person's
 * answers the rest; the recommendation and the handling it brings, exactly as an asset would get them.
 */
export function previewProfile(profile: PolicyProfile, sample: PreviewSample, answers: WizardAnswers): PreviewResult {
  const recommendation = recommendClassification(profile, { ...ledgerAnswers(sample.facts), ...answers }, sample.facts);
  const handling = profile.objectives.flatMap((o) => handlingFor(profile, o.id, recommendation.levels[o.id]!, sample.facts));
  return { recommendation, handling };
}

/** The value lists the form's checkboxes offer (the same enums as the schema). */
export const draftChoices = { assetKinds, assetMedia, networkSegments, personalInfoKinds } as const;
