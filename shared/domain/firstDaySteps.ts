/**
 * The first-day path of a new section, as a checklist on the home screen: set up → register assets →
 * classify → approve → labels → backup → export. Each step is done or to do from the ledger's own
 * facts, so the list is never out of step with what has really happened.
 */

/** What the checklist is computed from (counts of the section's own records). */
export interface FirstDayFacts {
  /** Assets in use. */
  assets: number;
  /** Assets in use with no classification at all. */
  unclassified: number;
  /** Classifications proposed and waiting for a security manager. */
  proposed: number;
  /** Enabled security-manager accounts: approving needs one other than the proposer (【03】第6条3). */
  managers: number;
  /** Assets that need a class label (【03】第5条2), and how many of them have one printed. */
  labelNeeded: number;
  labelled: number;
  hasBackup: boolean;
  hasExport: boolean;
}

export type FirstDayStepId = 'setup' | 'register' | 'classify' | 'approve' | 'labels' | 'backup' | 'export';

export interface FirstDayStep {
  id: FirstDayStepId;
  title: string;
  done: boolean;
  /** What is left, in a sentence (empty when done). */
  todo: string;
}

/** The steps in order with their state. */
export function firstDaySteps(facts: FirstDayFacts): FirstDayStep[] {
  const step = (id: FirstDayStepId, title: string, done: boolean, todo: string): FirstDayStep => ({ id, title, done, todo: done ? '' : todo });
  const missingLabels = facts.labelNeeded - facts.labelled;
  return [
    step('setup', '初期設定', true, ''),
    step('register', '資産を登録する', facts.assets > 0, '台帳に資産がまだありません。Excel の台帳から貼り付けるか、1件ずつ登録してください。'),
    step('classify', '分類する', facts.assets > 0 && facts.unclassified === 0, facts.assets === 0 ? '資産を登録してから分類します。' : `分類していない資産が${facts.unclassified}件あります。`),
    step(
      'approve',
      '分類を承認する',
      facts.assets > 0 && facts.unclassified === 0 && facts.proposed === 0,
      [
        facts.proposed > 0 ? `承認待ちが${facts.proposed}件あります。` : '',
        facts.managers < 2
          ? '分類は提案者とは別のセキュリティ管理者が承認します。セキュリティ管理者が1人しかいないため、「アカウント」でもう1人登録してください。'
          : facts.proposed > 0
            ? '提案者とは別のセキュリティ管理者が承認してください。'
            : '分類が終わると承認に進めます。',
      ].join(''),
    ),
    step('labels', '分類ラベルを貼る', facts.labelNeeded > 0 && missingLabels <= 0, facts.labelNeeded === 0 ? 'ラベルが必要な記録媒体・紙文書はまだありません。' : `ラベルを印刷していない記録媒体・紙文書が${missingLabels}件あります。`),
    step('backup', 'バックアップする', facts.hasBackup, 'バックアップを作っていません。台帳を失わないよう、暗号化したバックアップを許可された媒体に保存してください。'),
    step('export', '署名付きで書き出す', facts.hasExport, '事務局へ提出する台帳を、署名付きの Excel ブックとして書き出してください。'),
  ];
}

/** The facts of FirstDayFacts that are counts of assets. */
export type FirstDayAssetFacts = Pick<FirstDayFacts, 'assets' | 'unclassified' | 'proposed' | 'labelNeeded' | 'labelled'>;

/** What firstDayAssetFacts reads of an asset. */
export interface FirstDayAsset {
  id: string;
  kind: string;
  status: string;
  classification: { state: string; profileId?: string } | null;
}

/** Assets counted between two pauses of firstDayAssetFacts (well under a millisecond of work). */
const FACT_STEP = 1_024;

/**
 * Counts the first-day facts of `assets` in one pass: those in use, the unclassified and proposed
 * among them, those that need a class label (【03】第5条2: the profile's label kinds, in use) and how
 * many of those have one printed (`labelled` holds the ids with a printed label). With `profileId`, a
 * proposal made under another profile is not counted as proposed (it waits for review, not
 * approval). A generator that pauses (yields) every FACT_STEP assets, so the UI thread can count
 * 100,000 assets in short tasks; run it to its end for the answer.
 */
export function* firstDayAssetFacts(
  assets: readonly FirstDayAsset[],
  labelled: ReadonlySet<string>,
  labelKinds: readonly string[],
  profileId?: string,
): Generator<void, FirstDayAssetFacts, void> {
  const facts: FirstDayAssetFacts = { assets: 0, unclassified: 0, proposed: 0, labelNeeded: 0, labelled: 0 };
  for (let i = 0; i < assets.length; i++) {
    if (i % FACT_STEP === FACT_STEP - 1) yield;
    const asset = assets[i]!;
    if (asset.status !== 'active') continue;
    facts.assets++;
    const classification = asset.classification;
    if (!classification) facts.unclassified++;
    else if (classification.state === 'proposed' && (profileId === undefined || classification.profileId === profileId)) facts.proposed++;
    if (labelKinds.includes(asset.kind)) {
      facts.labelNeeded++;
      if (labelled.has(asset.id)) facts.labelled++;
    }
  }
  return facts;
}

/** Runs a generator of firstDayAssetFacts (or any stepped work) to its end at once. */
export function runSteps<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
