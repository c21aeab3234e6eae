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
