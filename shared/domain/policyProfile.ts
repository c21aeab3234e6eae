/**
 * Policy profiles (分類基準) as data: objectives with ordered levels, the wizard's questions, the rules
 * that turn answers into minimum levels (each citing its article), handling rules per level and the
 * label mark per level. The default profile is Nishinomiya's 重要性分類 (【03】第4条); the central office
 * can distribute its own as a JSON file, which is validated here before use.
 */
import { z } from 'zod';
import { assetKinds, assetMedia, networkSegments, personalInfoKinds } from './asset';

/**
 * Ids become object keys and lookup keys. `__proto__`, `constructor` and `prototype` would reach the
 * prototype chain instead (a mark keyed `__proto__` replaced the object's prototype and made level A
 * look unencrypted), so they are refused outright.
 */
export const reservedIds = ['__proto__', 'constructor', 'prototype'] as const;
const id = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,40}$/, { error: '英数字・_・- の40文字以内で指定してください' })
  .refine((value) => !(reservedIds as readonly string[]).includes(value), { error: (issue) => `ID「${String(issue.input)}」は使えません（__proto__・constructor・prototype は予約されています）` });
const text = (max: number) => z.string().trim().min(1, { error: '空にできません' }).max(max, { error: `${max}文字以内にしてください` });

/** The forms and kinds a level, rule or handling rule covers (the guideline's 「（書面を除く。）」). Absent: all. */
const appliesToSchema = z
  .strictObject({
    media: z.array(z.enum(assetMedia)).min(1).optional(),
    kinds: z.array(z.enum(assetKinds)).min(1).optional(),
  })
  .optional();

const levelSchema = z.strictObject({
  id,
  name: text(40),
  definition: text(1000),
  requirements: z.array(text(1000)).default([]),
  examples: z.array(text(200)).default([]),
  /** Where the level is defined; cited when an objective stays at its lowest level (e.g. 【03】第4条 C). */
  article: text(80).optional(),
  appliesTo: appliesToSchema,
});

const objectiveSchema = z.strictObject({
  id,
  name: text(40),
  /** Ordered from lowest to highest: the last level is the strictest. */
  levels: z.array(levelSchema).min(2, { error: '段階は2つ以上必要です' }).max(10),
});

export const answerValues = ['yes', 'no', 'unsure'] as const;

const optionSchema = z.strictObject({ value: id, label: text(80) });

const questionSchema = z.strictObject({
  id,
  text: text(300),
  criteria: text(2000),
  examples: z.array(text(200)).default([]),
  article: text(80),
  /** Choice questions list their options; yes/no questions use はい / いいえ / わからない. */
  options: z.array(optionSchema).min(2).optional(),
  /** Skip this question when another question was answered with one of these values. */
  skipWhen: z.strictObject({ question: id, answers: z.array(id).min(1) }).optional(),
  /**
   * The kinds and forms the question is asked for (absent: every asset). 【03】第8条3: a terminal or a
   * medium is classified from what it holds, so questions about the information itself are not put
   * to them; an unknown kind is asked everything, so not knowing never drops a question.
   */
  appliesTo: appliesToSchema,
});

/** Conditions on the ledger's own fields: each listed field must hold one of its values. */
const ledgerConditionSchema = z
  .strictObject({
    kinds: z.array(z.enum(assetKinds)).min(1).optional(),
    media: z.array(z.enum(assetMedia)).min(1).optional(),
    networkSegments: z.array(z.enum(networkSegments)).min(1).optional(),
    personalInfoKinds: z.array(z.enum(personalInfoKinds)).min(1).optional(),
  })
  .refine((c) => Object.keys(c).length > 0, { error: '台帳の条件を1つ以上指定してください' });

const ruleSchema = z.strictObject({
  id,
  /** An answer that triggers the rule; a rule may instead (or also) depend on the ledger's fields. */
  when: z.strictObject({ question: id, answers: z.array(id).min(1) }).optional(),
  ledger: ledgerConditionSchema.optional(),
  appliesTo: appliesToSchema,
  objective: id,
  minLevel: id,
  article: text(80),
  reason: text(400),
});

/**
 * 【03】第6条2: information received from another section is handled by the originator's class. A
 * choice question whose options include the objective's level ids; the level answered is a floor that
 * no justification can lower.
 */
const floorSchema = z.strictObject({ question: id, objective: id, article: text(80), reason: text(400) });

/** The topics every profile knows unless it lists its own (an office may add any). */
export const defaultHandlingTopics = [
  { id: 'storage', name: '保管' },
  { id: 'encryption', name: '暗号化' },
  { id: 'takeOut', name: '持出し' },
  { id: 'transport', name: '郵送等による運搬' },
  { id: 'externalProvision', name: '外部提供' },
  { id: 'outsideAccess', name: '外部からのアクセス' },
  { id: 'backup', name: 'バックアップ' },
  { id: 'disposal', name: '廃棄' },
  { id: 'cloud', name: 'クラウドサービス' },
  { id: 'socialMedia', name: 'ソーシャルメディア' },
  { id: 'copying', name: '複製・配付' },
] as const;
/** Topic ids the app enforces itself (encryption on take-out and export); the rest are shown. */
export const handlingTopics = defaultHandlingTopics.map((t) => t.id);
/** Names of the default topics (a profile's own names come from `topicName`). */
export const handlingTopicLabels: Readonly<Record<string, string>> = Object.freeze(Object.fromEntries(defaultHandlingTopics.map((t) => [t.id, t.name])));

const topicSchema = z.strictObject({ id, name: text(40) });

const handlingSchema = z.strictObject({
  objective: id,
  /** Applies to this level and every higher one. */
  minLevel: id,
  topic: id,
  text: text(500),
  article: text(80),
  appliesTo: appliesToSchema,
});

const markSchema = z.strictObject({
  symbol: text(8),
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, { error: '#RRGGBB の形で指定してください' }),
});

const importanceSchema = z.strictObject({
  name: text(40),
  /** Ordered from lowest to highest. */
  levels: z.array(z.strictObject({ id, name: text(40) })).min(2),
  /** The first rule that matches gives the importance; a rule matches when any condition holds. */
  rules: z.array(z.strictObject({ level: id, anyOf: z.array(z.strictObject({ objective: id, atLeast: id })).min(1) })),
});

/**
 * The risk value (IPA 情報資産管理台帳, 中小企業の情報セキュリティ対策ガイドライン 付録7): per asset, the
 * threat's likelihood (脅威の発生頻度) and the vulnerability (脆弱性), each 1–3, give 被害発生可能性 through
 * a lookup table, and the risk value combines it with the asset's 重要度. Table, scores and formula are
 * data, so an office can use its own (a sum instead of a product, the threat and vulnerability
 * directly, another table). `matrix[threat - 1][vulnerability - 1]`.
 */
const riskScore = z.number().int().min(0).max(1000);
const riskSchema = z.strictObject({
  name: text(40),
  source: text(200),
  /** Where 重要度 comes from: the profile's importance, or one objective's level; each level id scored. */
  importance: z.strictObject({
    from: z.union([z.literal('importance'), z.strictObject({ objective: id })]),
    scores: z.record(id, riskScore),
  }),
  likelihood: z.strictObject({
    name: text(40),
    matrix: z.array(z.array(riskScore).length(3, { error: '脆弱性1〜3の3列が必要です' })).length(3, { error: '脅威1〜3の3行が必要です' }),
  }),
  /** The risk value from named terms: their product, sum or maximum (the IPA sheet: 重要度 × 被害発生可能性). */
  formula: z.strictObject({
    kind: z.enum(['product', 'sum', 'max']),
    terms: z.array(z.enum(['importance', 'likelihood', 'threat', 'vulnerability'])).min(1).max(4),
  }),
  /** Bands people filter by, from the lowest: a value at or above `min` is in the band (the last that fits). */
  bands: z.array(z.strictObject({ id, name: text(20), min: riskScore })).min(1).max(10),
});

/** The periodic review of the ledger: how often, and what requires it (or that the interval is the office's own). */
const reviewSchema = z.strictObject({
  intervalMonths: z.number().int().min(1).max(60),
  article: text(120),
  note: text(400).optional(),
});

export const policyProfileSchema = z
  .strictObject({
    format: z.literal('daicho-policy-profile/1', { error: 'Daichō の分類基準ファイルではありません' }),
    id,
    name: text(80),
    version: text(20),
    /** What changed in this version and why (the editor asks for it; files written before it may lack it). */
    changeNote: text(400).optional(),
    source: text(300),
    objectives: z.array(objectiveSchema).min(1),
    questions: z.array(questionSchema).min(1),
    rules: z.array(ruleSchema),
    floors: z.array(floorSchema).default([]),
    topics: z.array(topicSchema).min(1).default(defaultHandlingTopics.map((t) => ({ ...t }))),
    handling: z.array(handlingSchema),
    label: z.strictObject({
      objective: id,
      marks: z.record(id, markSchema),
      /** Kinds labelled by default (【03】第5条2: removable media; terminals, servers, network devices exempt). */
      kinds: z.array(z.enum(assetKinds)).min(1).default(['recordingMedium', 'paperDocument']),
    }),
    importance: importanceSchema.optional(),
    /** IPA 付録7 risk value; absent: the profile computes none. */
    risk: riskSchema.optional(),
    /** 【03】第14条: from this level up, media may only be disposed of so that nothing can be recovered. */
    secureDisposal: z.strictObject({ objective: id, minLevel: id }).optional(),
    review: reviewSchema,
    /**
     * 【03】第8条3: which kinds may hold other assets (a medium, a system, a device), and which of them
     * are undecided while they hold nothing registered (an empty USB memory may hold anything).
     */
    containment: z
      .strictObject({
        kinds: z.array(z.enum(assetKinds)).min(1),
        undecidedWhenEmpty: z.array(z.enum(assetKinds)),
      })
      .default({ kinds: ['recordingMedium', 'system', 'equipment'], undecidedWhenEmpty: ['recordingMedium'] }),
  })
  .superRefine((profile, ctx) => {
    const objectives = new Map(profile.objectives.map((o) => [o.id, new Set(o.levels.map((l) => l.id))]));
    const questions = new Map(profile.questions.map((q) => [q.id, q]));
    const topics = new Set(profile.topics.map((t) => t.id));
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const duplicates = (values: string[], path: string) =>
      values.forEach((value, i) => values.indexOf(value) !== i && issue([path, i, 'id'], `ID「${value}」が重複しています`));
    duplicates(profile.objectives.map((o) => o.id), 'objectives');
    duplicates(profile.questions.map((q) => q.id), 'questions');
    duplicates(profile.rules.map((r) => r.id), 'rules');
    duplicates(profile.topics.map((t) => t.id), 'topics');
    profile.objectives.forEach((o, i) => {
      const ids = o.levels.map((l) => l.id);
      ids.forEach((value, j) => ids.indexOf(value) !== j && issue(['objectives', i, 'levels', j, 'id'], `段階「${value}」が重複しています`));
      // Every asset has at least the lowest level, so it cannot be limited to some forms or kinds.
      if (o.levels[0]?.appliesTo) issue(['objectives', i, 'levels', 0, 'appliesTo'], '最も低い段階は、すべての資産に当てはまる必要があります（対象を限定できません）');
    });
    const answersOf = (questionId: string) => {
      const question = questions.get(questionId);
      return question ? new Set(question.options ? question.options.map((o) => o.value) : answerValues) : null;
    };
    const levelCheck = (path: (string | number)[], objectiveId: string, levelId: string) => {
      const levels = objectives.get(objectiveId);
      if (!levels) issue([...path, 'objective'], `観点「${objectiveId}」がありません`);
      else if (!levels.has(levelId)) issue([...path, 'minLevel'], `段階「${levelId}」は観点「${objectiveId}」にありません`);
    };
    profile.questions.forEach((q, i) => {
      if (!q.skipWhen) return;
      const answers = answersOf(q.skipWhen.question);
      if (!answers || q.skipWhen.question === q.id) return issue(['questions', i, 'skipWhen', 'question'], `質問「${q.skipWhen.question}」がありません`);
      q.skipWhen.answers.forEach((a, j) => !answers.has(a) && issue(['questions', i, 'skipWhen', 'answers', j], `回答「${a}」はこの質問にありません`));
    });
    profile.rules.forEach((rule, i) => {
      if (!rule.when && !rule.ledger) issue(['rules', i], '規則には回答の条件（when）か台帳の条件（ledger）が必要です');
      if (rule.when) {
        const answers = answersOf(rule.when.question);
        if (!answers) issue(['rules', i, 'when', 'question'], `質問「${rule.when.question}」がありません`);
        else rule.when.answers.forEach((a, j) => !answers.has(a) && issue(['rules', i, 'when', 'answers', j], `回答「${a}」はこの質問にありません`));
      }
      levelCheck(['rules', i], rule.objective, rule.minLevel);
    });
    profile.floors.forEach((floor, i) => {
      const question = questions.get(floor.question);
      const levels = objectives.get(floor.objective);
      if (!question) return issue(['floors', i, 'question'], `質問「${floor.question}」がありません`);
      if (!levels) return issue(['floors', i, 'objective'], `観点「${floor.objective}」がありません`);
      const offered = new Set(question.options?.map((o) => o.value) ?? []);
      for (const level of levels) if (!offered.has(level)) issue(['floors', i, 'question'], `質問「${floor.question}」の選択肢に段階「${level}」がありません（入手元の分類を選べるようにしてください）`);
    });
    profile.handling.forEach((h, i) => {
      levelCheck(['handling', i], h.objective, h.minLevel);
      if (!topics.has(h.topic)) issue(['handling', i, 'topic'], `取扱いの項目「${h.topic}」が topics にありません`);
    });
    const labelLevels = objectives.get(profile.label.objective);
    if (!labelLevels) issue(['label', 'objective'], `観点「${profile.label.objective}」がありません`);
    else {
      for (const level of labelLevels) if (!Object.hasOwn(profile.label.marks, level)) issue(['label', 'marks', level], `段階「${level}」の表示記号がありません`);
      const objective = profile.objectives.find((o) => o.id === profile.label.objective)!;
      // 【03】第5条2: the mark must not let third parties read the class: never the level's own name.
      for (const [level, mark] of Object.entries(profile.label.marks)) {
        if (!labelLevels.has(level)) issue(['label', 'marks', level], `段階「${level}」は観点「${profile.label.objective}」にありません`);
        const plain = objective.levels.flatMap((l) => [l.id, l.name]);
        if (plain.includes(mark.symbol) || /機密|秘|重要|極秘/.test(mark.symbol)) {
          issue(['label', 'marks', level, 'symbol'], '表示記号に分類名をそのまま使うことはできません（第三者に分からない記号にしてください）');
        }
      }
    }
    if (profile.secureDisposal) levelCheck(['secureDisposal'], profile.secureDisposal.objective, profile.secureDisposal.minLevel);
    if (profile.risk) {
      const from = profile.risk.importance.from;
      const scored = from === 'importance' ? (profile.importance ? new Set(profile.importance.levels.map((l) => l.id)) : null) : (objectives.get(from.objective) ?? null);
      if (!scored) issue(['risk', 'importance', 'from'], from === 'importance' ? '重要度（importance）が定義されていません' : `観点「${from.objective}」がありません`);
      else {
        for (const level of scored) if (!Object.hasOwn(profile.risk.importance.scores, level)) issue(['risk', 'importance', 'scores', level], `段階「${level}」の点数がありません`);
        for (const level of Object.keys(profile.risk.importance.scores)) if (!scored.has(level)) issue(['risk', 'importance', 'scores', level], `段階「${level}」はありません`);
      }
      const mins = profile.risk.bands.map((b) => b.min);
      if (mins.some((m, i) => i > 0 && m <= mins[i - 1]!)) issue(['risk', 'bands'], '区分は下限の小さい順に並べてください');
      duplicates(profile.risk.bands.map((b) => b.id), 'risk.bands');
    }
    if (profile.importance) {
      const importanceLevels = new Set(profile.importance.levels.map((l) => l.id));
      profile.importance.rules.forEach((rule, i) => {
        if (!importanceLevels.has(rule.level)) issue(['importance', 'rules', i, 'level'], `重要度「${rule.level}」がありません`);
        rule.anyOf.forEach((c, j) => {
          const levels = objectives.get(c.objective);
          if (!levels) issue(['importance', 'rules', i, 'anyOf', j, 'objective'], `観点「${c.objective}」がありません`);
          else if (!levels.has(c.atLeast)) issue(['importance', 'rules', i, 'anyOf', j, 'atLeast'], `段階「${c.atLeast}」がありません`);
        });
      });
    }
  });

/**
 * Profiles written before the schema was strict (files the central office distributed, and copies
 * stored in the database) carry `reviewIntervalMonths`; it becomes `review` with an honest citation.
 * Anything else unknown is left for the strict schema to refuse.
 */
export function migrateProfileData(data: unknown): unknown {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return data;
  const record = data as Record<string, unknown>;
  if (!Object.hasOwn(record, 'reviewIntervalMonths') || Object.hasOwn(record, 'review')) return data;
  const { reviewIntervalMonths, ...rest } = record;
  return { ...rest, review: { intervalMonths: reviewIntervalMonths, article: '（この分類基準は見直しの根拠を記載していません）' } };
}

export type PolicyProfile = z.output<typeof policyProfileSchema>;
export type ProfileQuestion = PolicyProfile['questions'][number];
export type ProfileObjective = PolicyProfile['objectives'][number];
export type ProfileLevel = ProfileObjective['levels'][number];
export type ProfileRule = PolicyProfile['rules'][number];
export type HandlingRule = PolicyProfile['handling'][number];
export type AppliesTo = NonNullable<ProfileLevel['appliesTo']>;
export type LedgerCondition = NonNullable<ProfileRule['ledger']>;

/** What the ledger says of an asset that a profile's conditions may read. Absent facts: unknown. */
export interface LedgerFacts {
  kind?: string;
  medium?: string;
  networkSegment?: string;
  personalInfoKind?: string;
}

export type ProfileParseResult = { ok: true; profile: PolicyProfile } | { ok: false; field: string; message: string };

/** Formats a schema path as people read it: objectives[0].levels[1].id */
function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '');
}

/**
 * Validates a profile (from a file, the database or bundled). Unknown keys are refused, never dropped:
 * a dropped condition would make a rule fire more widely than its author wrote. A broken profile is
 * refused with the first bad field named, e.g. `rules[3].minLevel: 段階「S」は観点「importance」にありません`
 * or `rules[0].unless: 項目「unless」は分類基準にない項目です`.
 */
export function parsePolicyProfile(data: unknown): ProfileParseResult {
  // A key such as `__proto__` (JSON.parse makes it an own key) is refused before zod copies objects:
  // copying it would replace the copy's prototype, whatever the key's own schema says.
  const reserved = reservedKeyPath(data, []);
  if (reserved) return { ok: false, field: formatPath(reserved), message: `キー「${String(reserved.at(-1))}」は使えません（__proto__・constructor・prototype は予約されています）` };
  // zod's own checks worded in Japanese, as in the editor: a file with an array where an object
  // belongs showed "Invalid input: expected object, received array" on the profile screen.
  const result = policyProfileSchema.safeParse(migrateProfileData(data), { error: japaneseIssue });
  if (result.success) return { ok: true, profile: result.data };
  const first = result.error.issues[0]!;
  if (first.code === 'unrecognized_keys') {
    const key = first.keys[0]!;
    return { ok: false, field: formatPath([...first.path, key]), message: `項目「${key}」は分類基準にない項目です（綴りを確かめてください。知らない項目は無視せずに受け付けません）` };
  }
  return { ok: false, field: formatPath(first.path) || '(全体)', message: first.message };
}

/** One thing wrong with a profile: the path as data, as people read it, and the message in Japanese. */
export interface ProfileIssue {
  path: (string | number)[];
  field: string;
  message: string;
}

/**
 * Japanese words for zod's own checks (array sizes, enum values, types), which the schema does not
 * word itself: the central office reads these beside the editor's fields, never English defaults.
 */
function japaneseIssue(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'array' ? `${String(issue.minimum)}件以上必要です` : issue.origin === 'number' ? `${String(issue.minimum)}以上にしてください` : '短すぎます';
    case 'too_big':
      return issue.origin === 'array' ? `${String(issue.maximum)}件までです` : issue.origin === 'number' ? `${String(issue.maximum)}以下にしてください` : '長すぎます';
    case 'invalid_value':
      return '選べる値ではありません（一覧から選んでください）';
    case 'invalid_type':
      return issue.input === undefined ? '入力してください' : '値の形式が正しくありません';
    case 'unrecognized_keys':
      return `項目「${issue.keys[0] ?? ''}」は分類基準にない項目です（綴りを確かめてください。知らない項目は無視せずに受け付けません）`;
    default:
      return undefined;
  }
}

/**
 * Every issue of a profile, not only the first: the editor shows each beside its field. Same checks
 * as `parsePolicyProfile` (reserved keys first, then the strict schema), with Japanese messages for
 * the checks zod words itself. An empty list means the data parses.
 */
export function listProfileIssues(data: unknown): ProfileIssue[] {
  const reserved = reservedKeyPath(data, []);
  if (reserved) return [{ path: reserved, field: formatPath(reserved), message: `キー「${String(reserved.at(-1))}」は使えません（__proto__・constructor・prototype は予約されています）` }];
  const result = policyProfileSchema.safeParse(migrateProfileData(data), { error: japaneseIssue });
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : [...issue.path];
    const clean = path.map((part) => (typeof part === 'number' ? part : String(part)));
    return { path: clean, field: formatPath(clean) || '(全体)', message: issue.message };
  });
}

/** The path of the first own key named like a prototype property, anywhere in JSON-like data. */
function reservedKeyPath(data: unknown, path: (string | number)[], depth = 0): (string | number)[] | null {
  if (typeof data !== 'object' || data === null || depth > 32) return null;
  if (Array.isArray(data)) {
    for (let i = 0; i < data.length; i++) {
      const found = reservedKeyPath(data[i], [...path, i], depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const key of Object.keys(data)) {
    if ((reservedIds as readonly string[]).includes(key)) return [...path, key];
    const found = reservedKeyPath((data as Record<string, unknown>)[key], [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

/** Per-profile lookup maps, built once per profile object (ids are never looked up on plain objects). */
const indexes = new WeakMap<PolicyProfile, { objectives: Map<string, ProfileObjective>; topics: Map<string, string> }>();
function indexOf(profile: PolicyProfile) {
  let index = indexes.get(profile);
  if (!index) {
    index = { objectives: new Map(profile.objectives.map((o) => [o.id, o])), topics: new Map(profile.topics.map((t) => [t.id, t.name])) };
    indexes.set(profile, index);
  }
  return index;
}

/** The objective with this id, if the profile has it. */
export function objectiveOf(profile: PolicyProfile, objectiveId: string): ProfileObjective | undefined {
  return indexOf(profile).objectives.get(objectiveId);
}

/** The name people read for a handling topic (the profile's own, else the id). */
export function topicName(profile: PolicyProfile, topicId: string): string {
  return indexOf(profile).topics.get(topicId) ?? topicId;
}

/** A level from a record of levels, read only as an own property (a stored `__proto__` key reads as nothing). */
export function levelIn(levels: Readonly<Record<string, string>> | undefined, objectiveId: string): string | undefined {
  return levels !== undefined && Object.hasOwn(levels, objectiveId) ? levels[objectiveId] : undefined;
}

/** Position of a level within its objective (0 = lowest); -1 when unknown. */
export function levelRank(objective: ProfileObjective, levelId: string): number {
  return objective.levels.findIndex((l) => l.id === levelId);
}

/** The stricter of two levels of one objective (unknown levels lose). */
export function higherLevel(objective: ProfileObjective, a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return levelRank(objective, b) > levelRank(objective, a) ? b : a;
}

/**
 * Whether a level, rule or handling rule covers an asset of these facts (e.g. the guideline's
 * 完全性・可用性 「（書面を除く。）」: `{ media: ['electronic'] }`). Unknown facts are covered, so not
 * knowing the form never removes a requirement.
 */
export function appliesTo(scope: AppliesTo | undefined, facts: LedgerFacts | undefined): boolean {
  if (!scope) return true;
  if (scope.media && facts?.medium !== undefined && !scope.media.some((m) => m === facts.medium)) return false;
  if (scope.kinds && facts?.kind !== undefined && !scope.kinds.some((k) => k === facts.kind)) return false;
  return true;
}

/**
 * Whether the ledger's fields meet a rule's conditions (network segment, kind, form, personal
 * information kind). A condition on a fact that is not known does not hold: a ledger condition triggers
 * a rule, and nothing unknown triggers it.
 */
export function ledgerConditionHolds(condition: LedgerCondition, facts: LedgerFacts | undefined): boolean {
  const holds = (values: readonly string[] | undefined, value: string | undefined) => values === undefined || (value !== undefined && values.includes(value));
  return (
    holds(condition.kinds, facts?.kind) &&
    holds(condition.media, facts?.medium) &&
    holds(condition.networkSegments, facts?.networkSegment) &&
    holds(condition.personalInfoKinds, facts?.personalInfoKind)
  );
}

/**
 * Handling rules that apply to a level: those whose minimum is at or below it (and that cover the
 * asset's form and kind, when given). Per topic only the rule for the highest applicable level is kept,
 * since it is the stricter one (A's fire-proof storage supersedes B's lockable storage).
 */
export function handlingFor(profile: PolicyProfile, objectiveId: string, levelId: string, facts?: LedgerFacts): HandlingRule[] {
  const objective = objectiveOf(profile, objectiveId);
  if (!objective) return [];
  const rank = levelRank(objective, levelId);
  const applicable = profile.handling.filter((h) => h.objective === objectiveId && rank >= 0 && levelRank(objective, h.minLevel) <= rank && appliesTo(h.appliesTo, facts));
  const strictest = new Map<string, number>();
  for (const h of applicable) strictest.set(h.topic, Math.max(strictest.get(h.topic) ?? -1, levelRank(objective, h.minLevel)));
  return applicable.filter((h) => levelRank(objective, h.minLevel) === strictest.get(h.topic));
}

/**
 * The strictest level of every objective that covers the asset: how it is handled while its class is
 * undecided (【03】第6条3).
 */
export function highestLevels(profile: PolicyProfile, facts?: LedgerFacts): Record<string, string> {
  const result: Record<string, string> = {};
  for (const o of profile.objectives) result[o.id] = [...o.levels].reverse().find((l) => appliesTo(l.appliesTo, facts))!.id;
  return result;
}

/** 【03】第8条3: whether assets of this kind may hold other assets under the profile. */
export function canHoldContents(profile: PolicyProfile, kind: string): boolean {
  return profile.containment.kinds.some((k) => k === kind);
}

/** 重要度 derived from the levels per objective, where the profile defines one. */
export function deriveImportance(profile: PolicyProfile, levels: Record<string, string>): string | undefined {
  if (!profile.importance) return undefined;
  for (const rule of profile.importance.rules) {
    const matches = rule.anyOf.some((c) => {
      const objective = objectiveOf(profile, c.objective);
      const level = levelIn(levels, c.objective);
      return objective !== undefined && level !== undefined && levelRank(objective, level) >= levelRank(objective, c.atLeast);
    });
    if (matches) return rule.level;
  }
  return profile.importance.levels[0]!.id;
}

/** 【03】第7条4 / 第9条3: whether the class calls for encryption when the information is carried. */
export function requiresEncryption(profile: PolicyProfile, levels: Record<string, string>, facts?: LedgerFacts): boolean {
  return profile.objectives.some((o) => {
    const level = levelIn(levels, o.id);
    return level !== undefined && handlingFor(profile, o.id, level, facts).some((h) => h.topic === 'encryption');
  });
}

/** 【03】第14条: whether the class allows only disposal methods that make recovery impossible. */
export function requiresSecureDisposal(profile: PolicyProfile, levels: Record<string, string>): boolean {
  const rule = profile.secureDisposal;
  if (!rule) return false;
  const objective = objectiveOf(profile, rule.objective);
  const level = levelIn(levels, rule.objective);
  return objective !== undefined && level !== undefined && levelRank(objective, level) >= levelRank(objective, rule.minLevel);
}
