/**
 * The audit log's actions (【07】第17条: who did what, when) as a closed list: the keys of this table
 * are the `AuditAction` union, so writing an action the table does not name is a compile error, and
 * every action has its Japanese name for the viewer and its export. One line per action: helpers and
 * features add their own lines here.
 */
export const auditActionLabels = {
  'settings.setup': '初期設定',
  'settings.update': '設定の変更',
  'operator.switch': '操作者の切替',
  'asset.create': '資産の登録',
  'asset.update': '資産の変更',
  'asset.retire': '資産の廃止',
  'asset.bulkCreate': '資産の一括登録',
  'asset.contents': '収納の変更',
  'medium.permit': '記録媒体の使用許可',
  'medium.withdraw': '記録媒体の使用許可の取消し',
  'medium.store': '記録媒体への台帳の保存',
  'classification.propose': '分類の提案',
  'classification.approve': '分類の承認',
  'classification.reject': '分類の差戻し',
  'profile.load': '分類基準の読込み',
  'profile.switch': '分類基準の切替',
  'profile.edit': '分類基準の作成・編集',
  'backup.create': 'バックアップの作成',
  'backup.interval': 'バックアップ間隔の変更',
  'backup.restore': 'バックアップからの復元',
  'backup.restoreTest': '復元テスト',
  'label.profile': 'ラベル設定の保存',
  'label.print': 'ラベルの印刷',
  'label.offset': 'ラベル印刷位置の補正',
  'audit.export': '監査ログの書出し',
  'audit.verify': '監査ログの検証',
  'key.create': '署名鍵の作成',
  'key.rotate': '署名鍵の更新',
  'key.revoke': '署名鍵の失効',
  'key.trust': '信頼する鍵の登録',
  'key.distrust': '信頼する鍵の失効',
  'ledger.export': '台帳の書出し',
  'ledger.import': '台帳の取込み',
  'ledger.importRefused': '台帳の取込み（拒否）',
  'ledger.legacyImport': '既存台帳の取込み',
  'ledger.mappingPreset': '列の対応の保存',
  'asset.review': '資産の見直し',
  'audit.archive': '監査ログの保管',
  'auth.login': 'ログイン',
  'account.create': 'アカウントの作成',
  'account.lock': 'アカウントのロック',
  'account.password': 'パスワードの変更',
  'settings.security': 'セキュリティ設定の変更',
  'takeOut.request': '持出しの申請',
  'takeOut.approve': '持出しの許可',
  'takeOut.reject': '持出しの却下',
  'takeOut.handOver': '持出し（引渡し）',
  'takeOut.return': '持出しの返却',
  'takeOut.authorised': '持出し（管理者による書出し）',
  'disposal.request': '廃棄の申請',
  'disposal.approve': '廃棄の許可',
  'disposal.reject': '廃棄の却下',
  'disposal.complete': '廃棄の完了',
  'worker.failed': '処理の失敗（中止）',
  'auth.logout': 'ログアウト',
  'auth.lock': '画面のロック',
  'account.unlock': 'アカウントのロック解除',
  'account.role': '役割の変更',
  'account.disable': 'アカウントの無効化・有効化',
  'account.rightsReview': 'アクセス権の確認',
  'account.employeeNumber': '職員番号の変更',
  'account.temporaryPassword': '仮パスワードの発行',
  'report.selfInspection': '自己点検の作成',
  'stockTake.start': '棚卸の開始',
  'stockTake.finish': '棚卸の終了',
  'stockTake.lossReport': '棚卸で見つからない資産の報告',
  'exception.request': '例外措置の申請',
  'exception.approve': '例外措置の承認',
  'exception.reject': '例外措置の却下',
  'exception.check': '例外措置の定期確認',
  'exception.withdraw': '例外措置の取下げ',
  'exception.expire': '例外措置の期間満了',
  'asset.risk': 'リスク値の評価',
} as const satisfies Record<string, string>;

/** Every action the app records; an audit entry cannot be written with any other. */
export type AuditAction = keyof typeof auditActionLabels;

/** Every action, in the table's order (the viewer's action filter lists them all). */
export const auditActions = Object.keys(auditActionLabels) as AuditAction[];

/** Whether a stored string is a known action (entries from older versions or a backup may not be). */
export function isAuditAction(action: string): action is AuditAction {
  return Object.hasOwn(auditActionLabels, action);
}

/**
 * The Japanese name of an action. An entry written by another version may carry a code this build
 * does not know: it is shown as such, marked, rather than hidden.
 */
export function auditActionLabel(action: string): string {
  return isAuditAction(action) ? auditActionLabels[action] : `未登録の操作（${action}）`;
}
