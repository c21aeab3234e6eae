/** Japanese names of the audit log's actions, for the viewer and its export. */
export const auditActionLabels: Record<string, string> = {
  'settings.setup': '初期設定',
  'settings.update': '設定の変更',
  'operator.switch': '操作者の切替',
  'asset.create': '資産の登録',
  'asset.update': '資産の変更',
  'asset.retire': '資産の廃止',
  'asset.bulkCreate': '資産の一括登録',
  'asset.contents': '収納の変更',
  'classification.propose': '分類の提案',
  'classification.approve': '分類の承認',
  'profile.load': '分類基準の読込み',
  'profile.switch': '分類基準の切替',
  'backup.create': 'バックアップの作成',
  'backup.interval': 'バックアップ間隔の変更',
  'backup.restore': 'バックアップからの復元',
  'backup.restoreTest': '復元テスト',
  'label.profile': 'ラベル設定の保存',
  'label.print': 'ラベルの印刷',
  'audit.export': '監査ログの書出し',
  'audit.verify': '監査ログの検証',
};

export function auditActionLabel(action: string): string {
  return auditActionLabels[action] ?? action;
}
