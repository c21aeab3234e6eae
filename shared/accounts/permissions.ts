/**
 * The one permission table: every operation that changes the database, and the roles that may do it.
 * The navigation shows a screen or button only when the signed-in role may do its operation, and the
 * data layer checks the same table inside every write (renderer/data/session.ts), re-reading the
 * account from the database, so a hidden button is never the only thing that stops a write.
 *
 * - セキュリティ管理者 (securityManager): approvals, accounts and keys, settings and profiles, backup and
 *   restore, export and import (【01】第9条, 【03】第6条3, 第9条, 【07】第21–22条).
 * - 担当者 (staff): keeps the ledger — registers, updates and retires assets, proposes classes, requests
 *   take-outs and disposals, prints labels (【03】第3条3).
 * - 監査 (auditor): reads only. The only records written while an auditor is signed in are about the
 *   auditor's own session (sign-out, screen lock, own password) and own look at the audit log, which
 *   【07】第17条 wants recorded; none of them changes the ledger.
 */
import type { AccountRole } from './account';

const everyone = ['securityManager', 'staff', 'auditor'] as const satisfies readonly AccountRole[];
const ledgerKeepers = ['securityManager', 'staff'] as const satisfies readonly AccountRole[];
const managers = ['securityManager'] as const satisfies readonly AccountRole[];

/** Operation -> who may do it, with the Japanese name used in messages and reviews. */
export const permissionTable = {
  // The signed-in person's own session (auditors included).
  'session.end': { label: 'ログアウト・画面のロック', roles: everyone },
  'account.ownPassword': { label: '自分のパスワードの変更', roles: everyone },
  'audit.access': { label: '監査ログの検証・書出しの記録', roles: everyone },
  // Keeping the ledger.
  'asset.create': { label: '資産の登録', roles: ledgerKeepers },
  'asset.update': { label: '資産の編集', roles: ledgerKeepers },
  'asset.retire': { label: '資産の廃止', roles: ledgerKeepers },
  'asset.review': { label: '資産の見直しの記録', roles: ledgerKeepers },
  'asset.contents': { label: '収納している資産の変更', roles: ledgerKeepers },
  'classification.propose': { label: '分類の提案', roles: ledgerKeepers },
  'takeOut.request': { label: '持出しの申請', roles: ledgerKeepers },
  'takeOut.handOver': { label: '持出しの記録', roles: ledgerKeepers },
  'takeOut.return': { label: '返却の記録', roles: ledgerKeepers },
  'disposal.request': { label: '廃棄の申請', roles: ledgerKeepers },
  'disposal.complete': { label: '廃棄の実施の記録', roles: ledgerKeepers },
  'label.print': { label: 'ラベルの印刷の記録', roles: ledgerKeepers },
  'label.profile': { label: 'ラベル設定の保存', roles: ledgerKeepers },
  'settings.dateStyle': { label: '自分の日付の表示（和暦・西暦）の切替', roles: everyone },
  // 自己点検 is the section's own check (【13】第4条); printing or exporting it is recorded (【07】第17条).
  // The auditor audits rather than self-inspects, and writes nothing beyond their own session and look at the log.
  'report.selfInspection': { label: '自己点検の印刷・書出しの記録', roles: ledgerKeepers },
  'stockTake.record': { label: '棚卸の実施（開始・読取り・終了）', roles: ledgerKeepers },
  'stockTake.reportLoss': { label: '棚卸で見つからない資産の報告（【10】第6条）', roles: ledgerKeepers },
  'exception.request': { label: '例外措置の申請', roles: ledgerKeepers },
  'exception.withdraw': { label: '例外措置の取下げ・期間満了の記録', roles: ledgerKeepers },
  // The security manager's decisions.
  'classification.approve': { label: '分類の承認', roles: managers },
  'classification.reject': { label: '分類の差戻し', roles: managers },
  'takeOut.decide': { label: '持出しの許可・却下', roles: managers },
  'disposal.decide': { label: '廃棄の許可・却下', roles: managers },
  // 【03】第8条1: a recording medium is used only with the security manager's permission.
  'medium.permit': { label: '記録媒体の使用許可・取消し', roles: managers },
  'exception.decide': { label: '例外措置の承認・却下', roles: managers },
  'exception.check': { label: '例外措置の定期確認', roles: managers },
  'asset.bulkCreate': { label: '資産の一括登録', roles: managers },
  'account.create': { label: 'アカウントの作成', roles: managers },
  'account.change': { label: 'アカウントの変更（ロック解除・役割・無効化・仮パスワード・権限の確認）', roles: managers },
  'securityPolicy.save': { label: 'セキュリティ設定の保存', roles: managers },
  'settings.save': { label: '課の設定の変更', roles: managers },
  'profile.load': { label: '分類基準ファイルの読込み', roles: managers },
  'profile.switch': { label: '分類基準の切替', roles: managers },
  'profile.edit': { label: '分類基準の作成・編集', roles: managers },
  'key.create': { label: '署名鍵の作成', roles: managers },
  'key.revoke': { label: '署名鍵の失効', roles: managers },
  'key.trust': { label: '公開鍵の信頼', roles: managers },
  'key.distrust': { label: '公開鍵の信頼の取消し', roles: managers },
  'ledger.export': { label: '台帳の書出し', roles: managers },
  'ledger.import': { label: '署名付き台帳の取込み', roles: managers },
  'ledger.legacyImport': { label: '既存台帳の取込み', roles: managers },
  'ledger.mappingPreset': { label: '列の対応の保存', roles: managers },
  'audit.archive': { label: '監査ログの保存と整理', roles: managers },
  'backup.create': { label: 'バックアップの作成', roles: managers },
  'backup.interval': { label: 'バックアップの間隔の設定', roles: managers },
  'backup.restore': { label: 'バックアップからの復元', roles: managers },
  'backup.restoreTest': { label: '復元テスト', roles: managers },
} as const satisfies Record<string, { label: string; roles: readonly AccountRole[] }>;

export type Operation = keyof typeof permissionTable;

export const operations = Object.keys(permissionTable) as Operation[];

/** Whether `role` may do `operation`. An unknown operation (a typo, a crafted call) is refused. */
export function isPermitted(role: AccountRole, operation: Operation): boolean {
  const entry = (permissionTable as Record<string, { roles: readonly AccountRole[] } | undefined>)[operation];
  return entry !== undefined && Object.hasOwn(permissionTable, operation) && (entry.roles as readonly string[]).includes(role);
}

/** Who acted, as the data layer knows it from the session (never from the caller). */
export interface Actor {
  userId: string;
  name: string;
  role: AccountRole;
}

/** A name compared without spaces and width differences: 「山田花子」 and 「山田（全角空白）花子」 are one name. */
export function normalisePersonName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/gu, '');
}

/**
 * Separation of duties (【01】第11条, 【03】第6条3): whether the person deciding is the one who asked.
 * Compared by account ID; a record saved before IDs were kept falls back to the name, compared
 * without spaces, so an old record cannot be approved by a look-alike name.
 */
export function isSamePerson(actor: Pick<Actor, 'userId' | 'name'>, record: { userId?: string | null | undefined; name: string }): boolean {
  if (record.userId) return record.userId === actor.userId;
  return normalisePersonName(record.name) === normalisePersonName(actor.name);
}
