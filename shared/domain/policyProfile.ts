/**
 * Policy profiles (分類基準) as data: objectives with ordered levels, the wizard's questions, the rules
 * that turn answers into minimum levels (each citing its article), handling rules per level and the
 * label mark per level. The default profile is Nishinomiya's 重要性分類 (【03】第4条); the central office
 * can distribute its own as a JSON file, which is validated here before use.
 */
import { z } from 'zod';
import { assetKinds } from './asset';

const id = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, { error: '英数字・_・- の40文字以内で指定してください' });
const text = (max: number) => z.string().trim().min(1, { error: '空にできません' }).max(max, { error: `${max}文字以内にしてください` });

const levelSchema = z.object({
  id,
  name: text(40),
  definition: text(1000),
  requirements: z.array(text(1000)).default([]),
  examples: z.array(text(200)).default([]),
});

const objectiveSchema = z.object({
  id,
  name: text(40),
  /** Ordered from lowest to highest: the last level is the strictest. */
  levels: z.array(levelSchema).min(2, { error: '段階は2つ以上必要です' }).max(10),
});

export const answerValues = ['yes', 'no', 'unsure'] as const;

const optionSchema = z.object({ value: id, label: text(80) });

const questionSchema = z.object({
  id,
  text: text(300),
  criteria: text(2000),
  examples: z.array(text(200)).default([]),
  article: text(80),
  /** Choice questions list their options; yes/no questions use はい / いいえ / わからない. */
  options: z.array(optionSchema).min(2).optional(),
  /** Skip this question when another question was answered with one of these values. */
  skipWhen: z.object({ question: id, answers: z.array(id).min(1) }).optional(),
});

const ruleSchema = z.object({
  id,
  when: z.object({ question: id, answers: z.array(id).min(1) }),
  objective: id,
  minLevel: id,
  article: text(80),
  reason: text(300),
});

export const handlingTopics = ['storage', 'encryption', 'takeOut', 'externalProvision', 'backup', 'disposal', 'cloud', 'socialMedia', 'copying'] as const;
export const handlingTopicLabels: Record<(typeof handlingTopics)[number], string> = {
  storage: '保管',
  encryption: '暗号化',
  takeOut: '持出し',
  externalProvision: '外部提供',
  backup: 'バックアップ',
  disposal: '廃棄',
  cloud: 'クラウドサービス',
  socialMedia: 'ソーシャルメディア',
  copying: '複製・配付',
};

const handlingSchema = z.object({
  objective: id,
  /** Applies to this level and every higher one. */
  minLevel: id,
  topic: z.enum(handlingTopics),
  text: text(500),
  article: text(80),
});

const markSchema = z.object({
  symbol: text(8),
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, { error: '#RRGGBB の形で指定してください' }),
});

const importanceSchema = z.object({
  name: text(40),
  /** Ordered from lowest to highest. */
  levels: z.array(z.object({ id, name: text(40) })).min(2),
  /** The first rule that matches gives the importance; a rule matches when any condition holds. */
  rules: z.array(z.object({ level: id, anyOf: z.array(z.object({ objective: id, atLeast: id })).min(1) })),
});

export const policyProfileSchema = z
  .object({
    format: z.literal('daicho-policy-profile/1', { error: 'Daichō の分類基準ファイルではありません' }),
    id,
    name: text(80),
    version: text(20),
    source: text(300),
    objectives: z.array(objectiveSchema).min(1),
    questions: z.array(questionSchema).min(1),
    rules: z.array(ruleSchema),
    handling: z.array(handlingSchema),
    label: z.object({
      objective: id,
      marks: z.record(id, markSchema),
      /** Kinds labelled by default (【03】第5条2: removable media; terminals, servers, network devices exempt). */
      kinds: z.array(z.enum(assetKinds)).min(1).default(['recordingMedium', 'paperDocument']),
    }),
    importance: importanceSchema.optional(),
    /** 【03】第14条: from this level up, media may only be disposed of so that nothing can be recovered. */
    secureDisposal: z.object({ objective: id, minLevel: id }).optional(),
    reviewIntervalMonths: z.number().int().min(1).max(60),
    /**
     * 【03】第8条3: which kinds may hold other assets (a medium, a system, a device), and which of them
     * are undecided while they hold nothing registered (an empty USB memory may hold anything).
     */
    containment: z
      .object({
        kinds: z.array(z.enum(assetKinds)).min(1),
        undecidedWhenEmpty: z.array(z.enum(assetKinds)),
      })
      .default({ kinds: ['recordingMedium', 'system', 'equipment'], undecidedWhenEmpty: ['recordingMedium'] }),
  })
  .superRefine((profile, ctx) => {
    const objectives = new Map(profile.objectives.map((o) => [o.id, new Set(o.levels.map((l) => l.id))]));
    const questions = new Map(profile.questions.map((q) => [q.id, q]));
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const duplicates = (values: string[], path: string) =>
      values.forEach((value, i) => values.indexOf(value) !== i && issue([path, i, 'id'], `ID「${value}」が重複しています`));
    duplicates(profile.objectives.map((o) => o.id), 'objectives');
    duplicates(profile.questions.map((q) => q.id), 'questions');
    duplicates(profile.rules.map((r) => r.id), 'rules');
    profile.objectives.forEach((o, i) => {
      const ids = o.levels.map((l) => l.id);
      ids.forEach((value, j) => ids.indexOf(value) !== j && issue(['objectives', i, 'levels', j, 'id'], `段階「${value}」が重複しています`));
    });
    const answersOf = (questionId: string) => {
      const question = questions.get(questionId);
      return question ? new Set(question.options ? question.options.map((o) => o.value) : answerValues) : null;
    };
    profile.questions.forEach((q, i) => {
      if (!q.skipWhen) return;
      const answers = answersOf(q.skipWhen.question);
      if (!answers || q.skipWhen.question === q.id) return issue(['questions', i, 'skipWhen', 'question'], `質問「${q.skipWhen.question}」がありません`);
      q.skipWhen.answers.forEach((a, j) => !answers.has(a) && issue(['questions', i, 'skipWhen', 'answers', j], `回答「${a}」はこの質問にありません`));
    });
    profile.rules.forEach((rule, i) => {
      const answers = answersOf(rule.when.question);
      if (!answers) issue(['rules', i, 'when', 'question'], `質問「${rule.when.question}」がありません`);
      else rule.when.answers.forEach((a, j) => !answers.has(a) && issue(['rules', i, 'when', 'answers', j], `回答「${a}」はこの質問にありません`));
      const levels = objectives.get(rule.objective);
      if (!levels) issue(['rules', i, 'objective'], `観点「${rule.objective}」がありません`);
      else if (!levels.has(rule.minLevel)) issue(['rules', i, 'minLevel'], `段階「${rule.minLevel}」は観点「${rule.objective}」にありません`);
    });
    profile.handling.forEach((h, i) => {
      const levels = objectives.get(h.objective);
      if (!levels) issue(['handling', i, 'objective'], `観点「${h.objective}」がありません`);
      else if (!levels.has(h.minLevel)) issue(['handling', i, 'minLevel'], `段階「${h.minLevel}」は観点「${h.objective}」にありません`);
    });
    const labelLevels = objectives.get(profile.label.objective);
    if (!labelLevels) issue(['label', 'objective'], `観点「${profile.label.objective}」がありません`);
    else {
      for (const level of labelLevels) if (!profile.label.marks[level]) issue(['label', 'marks', level], `段階「${level}」の表示記号がありません`);
      const objective = profile.objectives.find((o) => o.id === profile.label.objective)!;
      // 【03】第5条2: the mark must not let third parties read the class: never the level's own name.
      for (const [level, mark] of Object.entries(profile.label.marks)) {
        const plain = objective.levels.flatMap((l) => [l.id, l.name]);
        if (plain.includes(mark.symbol) || /機密|秘|重要|極秘/.test(mark.symbol)) {
          issue(['label', 'marks', level, 'symbol'], '表示記号に分類名をそのまま使うことはできません（第三者に分からない記号にしてください）');
        }
      }
    }
    if (profile.secureDisposal) {
      const levels = objectives.get(profile.secureDisposal.objective);
      if (!levels) issue(['secureDisposal', 'objective'], `観点「${profile.secureDisposal.objective}」がありません`);
      else if (!levels.has(profile.secureDisposal.minLevel)) issue(['secureDisposal', 'minLevel'], `段階「${profile.secureDisposal.minLevel}」がありません`);
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

export type PolicyProfile = z.output<typeof policyProfileSchema>;
export type ProfileQuestion = PolicyProfile['questions'][number];
export type ProfileObjective = PolicyProfile['objectives'][number];
export type HandlingRule = PolicyProfile['handling'][number];

export type ProfileParseResult = { ok: true; profile: PolicyProfile } | { ok: false; field: string; message: string };

/** Formats a schema path as people read it: objectives[0].levels[1].id */
function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '');
}

/**
 * Validates a profile (from a file or bundled). A broken profile is refused with the first bad field
 * named, e.g. `rules[3].minLevel: 段階「S」は観点「importance」にありません`.
 */
export function parsePolicyProfile(data: unknown): ProfileParseResult {
  const result = policyProfileSchema.safeParse(data);
  if (result.success) return { ok: true, profile: result.data };
  const first = result.error.issues[0]!;
  return { ok: false, field: formatPath(first.path) || '(全体)', message: first.message };
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
 * Handling rules that apply to a level: those whose minimum is at or below it. Per topic only the
 * rule for the highest applicable level is kept, since it is the stricter one (A's fire-proof storage
 * supersedes B's lockable storage).
 */
export function handlingFor(profile: PolicyProfile, objectiveId: string, levelId: string): HandlingRule[] {
  const objective = profile.objectives.find((o) => o.id === objectiveId);
  if (!objective) return [];
  const rank = levelRank(objective, levelId);
  const applicable = profile.handling.filter((h) => h.objective === objectiveId && rank >= 0 && levelRank(objective, h.minLevel) <= rank);
  const strictest = new Map<string, number>();
  for (const h of applicable) strictest.set(h.topic, Math.max(strictest.get(h.topic) ?? -1, levelRank(objective, h.minLevel)));
  return applicable.filter((h) => levelRank(objective, h.minLevel) === strictest.get(h.topic));
}

/** The strictest level of every objective: how an asset is handled while its class is undecided (【03】第6条3). */
export function highestLevels(profile: PolicyProfile): Record<string, string> {
  return Object.fromEntries(profile.objectives.map((o) => [o.id, o.levels[o.levels.length - 1]!.id]));
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
      const objective = profile.objectives.find((o) => o.id === c.objective);
      const level = levels[c.objective];
      return objective !== undefined && level !== undefined && levelRank(objective, level) >= levelRank(objective, c.atLeast);
    });
    if (matches) return rule.level;
  }
  return profile.importance.levels[0]!.id;
}

/** 【03】第7条4 / 第9条3: whether the class calls for encryption when the information is carried. */
export function requiresEncryption(profile: PolicyProfile, levels: Record<string, string>): boolean {
  return profile.objectives.some((o) => levels[o.id] !== undefined && handlingFor(profile, o.id, levels[o.id]!).some((h) => h.topic === 'encryption'));
}

/** 【03】第14条: whether the class allows only disposal methods that make recovery impossible. */
export function requiresSecureDisposal(profile: PolicyProfile, levels: Record<string, string>): boolean {
  const rule = profile.secureDisposal;
  if (!rule) return false;
  const objective = profile.objectives.find((o) => o.id === rule.objective);
  const level = levels[rule.objective];
  return objective !== undefined && level !== undefined && levelRank(objective, level) >= levelRank(objective, rule.minLevel);
}
