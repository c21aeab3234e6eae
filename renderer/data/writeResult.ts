/** Outcomes of ledger writes, and the Japanese message for each failure. */
import Dexie from 'dexie';

export type WriteFailure =
  | 'duplicate-number'
  | 'not-found'
  | 'not-active'
  | 'not-proposed'
  | 'not-manager'
  | 'not-signed-in'
  | 'not-permitted'
  | 'employee-number-exists'
  | 'setup-done'
  | 'hasher-failed'
  | 'own-proposal'
  | 'other-profile'
  | 'comment-required'
  | 'unknown-asset'
  | 'unknown-number'
  | 'medium-not-approved'
  | 'cycle'
  | 'not-container'
  | 'user-exists'
  | 'own-account'
  | 'wrong-state'
  | 'session-closed'
  | 'scan-limit'
  | 'own-request'
  | 'key-revoked'
  | 'fingerprint-mismatch'
  | 'no-signing-key'
  | 'stale-import'
  | 'quota'
  | 'failed';

export type WriteResult<T> = { ok: true; value: T } | { ok: false; reason: WriteFailure };

export const writeFailureMessages: Record<WriteFailure, string> = {
  'duplicate-number': 'この管理番号はすでに使われています。別の管理番号を入力してください。',
  'not-found': 'この資産は台帳に見つかりません。一覧に戻って確認してください。',
  'not-active': '使用中ではない資産（廃止・廃棄済み）が含まれているため、この操作はできません。画面を開き直して資産の状態を確かめてください。',
  'not-proposed': 'この資産の分類は承認待ちではありません。画面を開き直して状態を確認してください。',
  'not-manager': 'この操作はセキュリティ管理者だけが行えます。セキュリティ管理者に操作者を切り替えてください。',
  'not-signed-in': 'ログインしていないか、ログインしているアカウントが使えなくなったため、保存しませんでした。台帳は変更されていません。もう一度ログインしてから操作してください。',
  'not-permitted': 'この操作は、ログインしているアカウントの役割では行えません。台帳は変更されていません。必要な場合はセキュリティ管理者に依頼してください。',
  'employee-number-exists': 'この職員番号の方にはすでにアカウントがあります。1人1アカウントです（無効にしたアカウントも含みます）。今のアカウントを使うか、有効に戻してください。',
  'hasher-failed': 'パスワードを確かめる処理が正しく終わりませんでした。パスワードは保存も変更もされていません。もう一度お試しください。続く場合は Daichō を再起動してください。',
  'setup-done': 'この台帳にはすでにアカウントがあります。初期設定はできません。ログイン画面からログインしてください。',
  'own-proposal': '自分が提案した分類は承認できません（職務の分離）。別のセキュリティ管理者が承認してください。',
  'other-profile': 'この分類は今の分類基準とは別の分類基準で提案されたため、承認できません。差し戻して、今の分類基準で提案し直してもらってください。',
  'comment-required': '差し戻す理由を5文字以上で入力してください。理由は提案した人が資産の画面で確認します。',
  'unknown-asset': '台帳にない管理番号が含まれています。管理番号を確認してください。',
  'unknown-number': 'この管理番号の資産は台帳にありません。一覧から資産を選び直してください。',
  'medium-not-approved': '選んだ記録媒体は、セキュリティ管理者の使用許可がないか、分類ラベルが印刷されていないか、使用中ではありません（【03】第5条2・第8条）。何も保存していません。媒体を選び直してください。',
  cycle: '資産が自分自身を（ほかの資産を通じて）収納することになるため、登録できません。収納する資産を見直してください。',
  'not-container': 'この種類の資産はほかの資産を収納できません（収納できるのは記録媒体・情報システム・機器など、分類基準が定める種類です）。種類を確かめてください。',
  'user-exists': 'このユーザーIDはすでに使われています。別のユーザーIDを入力してください。',
  'own-account': '自分自身の役割の変更や無効化はできません。別のセキュリティ管理者に依頼してください。',
  'wrong-state': 'この記録は今の状態ではその操作ができません。画面を開き直して状態を確認してください。',
  'session-closed': 'この棚卸は別の画面ですでに終了しているため、読み取った番号を保存できませんでした。棚卸の一覧に戻って結果を確かめ、足りない分は新しい棚卸で読み取ってください。',
  'scan-limit': 'この棚卸で保存できる読取りの上限に達したため、読み取った番号を保存できませんでした。この棚卸を終了し、続きは新しい棚卸で読み取ってください。',
  'own-request': '自分が申請したものは許可・却下できません（職務の分離）。別のセキュリティ管理者に依頼してください。',
  'key-revoked': 'この鍵は失効しています。失効した鍵は再び信頼できません。相手の課から新しい鍵の公開鍵ファイルを受け取ってください。',
  'fingerprint-mismatch': '入力した鍵IDが鍵と一致しないため、登録しませんでした。相手に電話で鍵ID（20文字）をもう一度読み上げてもらい、入力し直してください。',
  'no-signing-key': 'この端末には有効な署名鍵がありません。「書出し・取込み」画面の下にある「この端末の署名鍵」で鍵を作成してから書き出してください。',
  'stale-import': 'この台帳は、ほかの操作で先に取り込まれました（通番が古くなりました）。台帳は変更されていません。画面を開き直して確認してください。',
  quota: 'ディスクの空き容量が足りないため保存できませんでした。台帳は変更されていません。空き容量を増やしてから、もう一度保存してください。',
  failed: '保存できませんでした。台帳は変更されていません。もう一度お試しください。',
};

/** Expected failures are thrown inside a transaction (to roll it back) as this and returned as values. */
export class WriteAbort extends Error {
  constructor(readonly reason: WriteFailure) {
    super(reason);
  }
}

/**
 * A legacy import refused as 'duplicate-number' when it is written (the preview already names rows
 * whose 管理番号 the ledger holds, so this is an asset added meanwhile, in another window or by another
 * account): which numbers, the first five, and what to do. The form's message ("enter another number")
 * does not fit a file.
 */
export function takenNumbersMessage(taken: readonly string[]): string {
  const named = taken.length === 0 ? '' : `（${taken.slice(0, 5).map((n) => `「${n}」`).join('')}${taken.length > 5 ? ` ほか${taken.length - 5}件` : ''}）`;
  return `ファイルの管理番号が台帳の資産と重複しています${named}。台帳は変更されていません。すでに取り込んだ資産なら、その行を元のブックから除いてから、もう一度取り込んでください。`;
}

/** Runs a write and maps every failure to a value; the transaction has rolled back by then. */
export async function runWrite<T>(write: () => Promise<T>): Promise<WriteResult<T>> {
  try {
    return { ok: true, value: await write() };
  } catch (error) {
    if (error instanceof WriteAbort) return { ok: false, reason: error.reason };
    // Dexie wraps the browser's error; either may carry the name, and a bulk write (bulkAdd of an
    // import's chunk) carries one per failed record.
    const names = [error instanceof Error ? error.name : '', error instanceof Dexie.DexieError ? error.inner?.name : '', ...(error instanceof Dexie.BulkError ? error.failures.map((f) => f?.name) : [])];
    if (names.includes('QuotaExceededError')) return { ok: false, reason: 'quota' };
    if (names.includes('ConstraintError')) return { ok: false, reason: 'duplicate-number' };
    console.error('[ledger] write failed', error);
    return { ok: false, reason: 'failed' };
  }
}
