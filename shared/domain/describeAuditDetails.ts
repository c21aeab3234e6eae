/**
 * The details of an audit entry as Japanese lines a manager can read (【07】第17条: the log is there to
 * be reviewed, and a reviewer who knows only Excel must understand it), for the audit screen and its
 * CSV export. Known keys get their Japanese name and their value translated (reason codes, roles,
 * yes/no, before → after); a key this table does not know is shown as 「項目: 値」 with the value
 * written out the same way, never as JSON, so an entry from a newer version still reads.
 *
 * The stored detail itself never changes: it is part of the entry's hash.
 */
import { accountRoleLabels } from '../accounts/account';
import { choiceFieldLabels } from './asset';
import { disposalMethods } from '../registers/disposal';
import { auditActionLabel, auditActionLabels } from './auditActions';
import { chainBreakMessages } from './auditChain';
import { auditHeadMessages } from './auditLog';
import { formatDate, type DateStyle } from './formatDate';
import { bundledProfiles } from './profiles/bundledProfiles';

/** Names of detail keys, whatever the action. */
const keyLabels: Record<string, string> = {
  operation: '操作',
  detail: '詳細',
  managementNumber: '管理番号',
  name: '名称',
  userId: 'ユーザーID',
  employeeNumber: '職員番号',
  displayName: '表示名',
  role: '役割',
  count: '件数',
  fileName: 'ファイル名',
  rows: '行数',
  added: '追加',
  changed: '変更',
  source: '取込み元',
  keyId: '鍵ID',
  sequence: '通番',
  scope: '範囲',
  encrypted: '暗号化',
  unencryptedReason: '暗号化しない理由',
  takeOutId: '持出しの番号',
  disposalId: '廃棄の番号',
  purpose: '目的',
  note: '備考',
  location: '所在',
  rule: '対象の規定',
  managementNumbers: '管理番号',
  periodFrom: '期間の開始',
  periodTo: '期間の終了',
  state: '状態',
  stillNeeded: '引き続き必要',
  stockTakeId: '棚卸の番号',
  threat: '脅威の発生頻度',
  vulnerability: '脆弱性',
  scans: '読取り',
  found: '確認できた資産',
  missing: '見つからない資産',
  moved: '所在が違った資産',
  otherSection: '他課の資産',
  notActive: '使用中でない資産',
  unknown: '台帳にないコード',
  unknownScans: '台帳にないコードの読取り',
  duplicates: '重複した読取り',
  ledgerAsset: '書き出した台帳の管理番号',
  destination: '持出し先',
  kind: '種別',
  method: '廃棄の方法',
  performedOn: '実施日',
  performer: '実施者',
  witness: '立会者',
  certificateRef: '証明書',
  nextReviewDate: '次回見直し日',
  levels: '分類',
  recommended: '推奨された分類',
  justification: '推奨と異なる分類の理由',
  referredToManager: 'セキュリティ管理者に判断を依頼',
  profileId: '分類基準',
  proposedBy: '提案者',
  comment: '理由（コメント）',
  contents: '収納している資産',
  labelProfile: 'ラベル設定',
  templateId: '用紙',
  output: '出力',
  asOf: '基準日',
  lines: '点検項目',
  fingerprint: '指紋',
  confirmedBy: '確認の方法',
  organisation: '団体',
  section: '課',
  claimedOrganisation: '鍵ファイルに書かれた団体',
  claimedSection: '鍵ファイルに書かれた課',
  alsoUnder: '同じ鍵の別の登録',
  retired: '使用を終えた鍵',
  version: '版',
  previousVersion: '以前の版',
  changeNote: '変更の内容',
  markedForReview: '見直しの対象にした資産',
  counts: '件数',
  backupCreatedAt: 'バックアップの作成日時',
  fromSchemaVersion: 'バックアップの形式の版',
  auditChainIntact: 'バックアップ内の監査ログ',
  matches: '現在の台帳との比較',
  sharedSeq: '共通する最後の記録',
  backupAuditCount: 'バックアップ内の監査ログの件数',
  setAside: '別に保管した記録',
  brokenSeq: '改ざんを検出した記録',
  lastExport: '前回の書出しとの照合',
  fullCheck: '検証の範囲',
  sinceSeq: '検証の範囲',
  sinceVerifiedAt: '前回の完全な検証の日時',
  checkpoint: '以後の検証の起点',
  filter: '絞り込み',
  auditHead: '書き出した監査ログの先頭',
  fromSeq: '最初の記録',
  toSeq: '最後の記録',
  anchorHash: '整理後の起点のハッシュ',
  firstRun: '初回の設定',
  rehashed: 'パスワードの保存形式',
  disabled: '状態',
  reason: '理由',
  // Settings and policies (before / after).
  managementPrefix: '管理番号の接頭辞',
  dateStyle: '日付の表示',
  minLength: 'パスワードの最低文字数',
  maxFailures: 'ロックまでの失敗回数',
  lockMinutes: 'ロックの時間（分）',
  idleMinutes: '画面ロックまでの時間（分）',
  xMm: '横方向の補正（mm）',
  yMm: '縦方向の補正（mm）',
  actor: '操作者',
  action: '操作',
  from: '開始日',
  to: '終了日',
  size: '記録数',
  rootHash: 'ツリーのハッシュ',
  head: '先頭',
  anchor: '起点',
  segmentKey: '保管先',
  intact: '改ざんの有無',
  seq: '記録の番号',
  // Objectives of the bundled profiles (levels, recommended).
  importance: '重要性分類',
  confidentiality: '機密性',
  integrity: '完全性',
  availability: '可用性',
  hash: 'ハッシュ',
};

/** Why a verification covered every entry (shared/domain/auditCheckpoint.ts FullBecause). */
const fullCheckLabels: Record<string, string> = {
  none: '',
  requested: '（すべての記録の検証を選択）',
  expired: '（前回の完全な検証から日数が経過）',
  rewritten: '（前回の完全な検証で確認した記録が変化）',
  archived: '（記録の保存と整理の後）',
  unvouched: '（前回の完全な検証の記録が監査ログ上の記録と不一致）',
  gap: '（記録の番号の欠け）',
  'export-changed': '（前回の書出しの記録が変化）',
};

/** Reason codes written by the app, as short phrases (free-text reasons are shown as written). */
const reasonLabels: Record<string, string> = {
  'wrong-password': 'パスワードの誤り',
  'unknown-user': '登録されていないユーザーID',
  disabled: '無効にされたアカウント',
  locked: 'ロック中のアカウント',
  'unsafe-hash': '安全でない形式で保存されたパスワード',
  'hasher-failed': 'パスワードの確認処理の失敗',
  'too-many-failures': 'パスワードを続けて誤ったため',
  'not-proposed': '提案されていない分類',
  'not-manager': 'セキュリティ管理者でない',
  'own-proposal': '自分の提案（提案者とは別の管理者が承認します）',
  'other-profile': '別の分類基準で提案された分類',
  'own-request': '自分の申請（申請者とは別の管理者が判断します）',
  'wrong-state': '手続きの段階が違う',
  // Refusals of the exception register (shared/domain/exceptions.ts ExceptionFailure).
  invalid: '入力の誤り',
  'period-over': '期間がすでに終わっている',
  'decision-reason-required': '却下の理由がない',
  'not-requester': '申請者でもセキュリティ管理者でもない',
  'same-witness': '実施者と立会者が同じ',
  'needs-password': 'パスワードが必要なファイル',
  'unsupported-encryption': '対応していない暗号化',
  xls: '古い形式（.xls）のファイル',
  'bad-signature': '署名が正しくない（改ざんの可能性）',
  'key-mismatch': '署名の鍵がファイルの記載と違う',
  'row-changed': '署名の後に行が変更された',
  'rows-added-or-removed': '署名の後に行が追加または削除された',
  'unknown-signer': '信頼していない鍵の署名',
  'revoked-signer': '失効した鍵の署名',
  replay: '以前に取り込んだファイル（通番が古い）',
  'profile-mismatch': '分類基準が違う',
  'rows-invalid': '内容に誤りのある行',
  'not-backup': 'バックアップのファイルではない',
  damaged: 'ファイルの破損',
  'newer-version': '新しい版の Daichō で作られたファイル',
  unsigned: '署名のないファイル',
  'unsafe-kdf': '安全でない暗号化の設定',
  'invalid-content': '受け付けられない内容',
  'no-manager': 'セキュリティ管理者のアカウントがない',
  'comment-required': '差戻しの理由が短すぎる',
  'not-medium': '記録媒体でない資産',
  'not-active': '使用中でない資産',
  'already-permitted': '既に使用を許可された媒体',
  'not-permitted': '使用を許可されていない媒体',
  ...chainBreakMessages,
  ...auditHeadMessages,
  'leaves-missing': '記録の一部が見つからない',
  'worker-crashed': '処理の異常終了（メモリ不足など）',
  'worker-timeout': '処理時間の上限を超えた',
  'worker-malformed': '処理から想定外の応答',
  'worker-unavailable': '処理を開始できなかった',
  'signing-failed': '署名の失敗',
};

const tableLabels: Record<string, string> = {
  assets: '資産', history: '履歴', audit: '監査ログ', settings: '設定', labelPrints: 'ラベル印刷', accounts: 'アカウント', takeOuts: '持出し', disposals: '廃棄', trustedKeys: '信頼する鍵', exceptions: '例外措置', stockTakes: '棚卸', stockTakeScans: '棚卸の読取り',
};

const codeLabels: Record<string, Record<string, string>> = {
  role: accountRoleLabels,
  method: Object.fromEntries(disposalMethods.map((m) => [m.id, m.label])),
  kind: { request: '申請による持出し', backup: 'バックアップ', export: '台帳の書出し', location: '所在ごと', section: '課全体' },
  state: { requested: '申請中', approved: '承認済み', rejected: '却下', expired: '期間満了', withdrawn: '取下げ' },
  output: { print: '印刷', pdf: 'PDF' },
  confirmedBy: { 'typed-fingerprint': '指紋の入力で確認' },
  dateStyle: { seireki: '西暦', wareki: '和暦' },
  // A bundled profile by its name (an imported one keeps its id: its name may have changed since).
  profileId: Object.fromEntries(bundledProfiles.map((p) => [p.id, p.name])),
  source: { 貼り付け: 'Excelからの貼り付け' },
  operation: auditActionLabels,
};

const MAX_TEXT = 200;
const MAX_DEPTH = 3;
const datePattern = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?Z)?$/;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const own = <T>(table: Record<string, T>, key: string): T | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);
/**
 * Characters a reader cannot see or that reorder what they see (C0/C1 controls, zero-width and bidi
 * controls, line/paragraph separators, soft hyphen, BOM) and lone surrogates. Text the app writes is
 * sanitised (sanitizeText.ts), so these come only from a record written by hand: shown, not hidden.
 */
const invisible = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text as a reader may safely see it: each invisible or reordering character written as 〔U+202E〕
 * (an RTL override in an actor's name would otherwise make 「佐藤」 look like another name with no sign),
 * and cut after MAX_TEXT characters. Line breaks and tabs (備考 keeps them) become one space: one fact per line.
 */
export function visibleText(text: string): string {
  // Cut first: a string of megabytes written by hand costs no more than its first MAX_TEXT characters.
  const shown = text.slice(0, MAX_TEXT + 1).replace(/[\r\n\t]+/g, ' ').replace(invisible, (c) => `〔U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}〕`);
  return text.length > MAX_TEXT || shown.length > MAX_TEXT * 2 ? `${shown.slice(0, MAX_TEXT)}…（全${text.length.toLocaleString('ja-JP')}文字）` : shown;
}

/**
 * At most this many items of a list or record are written out, and this many lines per entry: a
 * record written by hand with a million keys, or an array of length 2³²−1 with nothing in it, must
 * not freeze the screen (the CSV's original text has them all).
 */
const MAX_ITEMS = 50;
const MAX_LINES = 100;
const more = (total: number) => `ほか${(total - MAX_ITEMS).toLocaleString('ja-JP')}件`;
const clip = visibleText;
/**
 * A record's keys with a value: canonicalJson (the hash) leaves out a key whose value is undefined, so
 * the reader must not see it either (else a key added by hand with no value shows a line of any text
 * while the verification finds nothing changed).
 */
const definedEntries = (record: Record<string, unknown>) => Object.entries(record).filter(([, v]) => v !== undefined);
const shortHash = (hash: string) => (/^[0-9a-f]{64}$/.test(hash) ? `${hash.slice(0, 16)}…` : hash);

/** A key's Japanese name; an unknown key keeps its own (shown, never dropped). */
function labelOf(key: string): string {
  return own(keyLabels, key) ?? clip(key);
}

/** One value as text: codes translated by key, dates formatted, nested records as 「名前: 値」 lists. */
function valueText(key: string, value: unknown, style: DateStyle, depth = 0): string {
  if (value === null || value === undefined || value === '') return 'なし';
  if (typeof value === 'boolean') return value ? 'はい' : 'いいえ';
  // -0 hashes as 0 (JSON): shown as 0, else a record edited to -0 reads differently from what was verified.
  if (typeof value === 'number') return Number.isFinite(value) ? (value === 0 ? 0 : value).toLocaleString('ja-JP') : String(value);
  if (typeof value === 'string') {
    if (key === 'reason') return own(reasonLabels, value) ?? clip(value);
    if (key === 'action') return auditActionLabel(value);
    const code = own(codeLabels, key);
    if (code && own(code, value)) return own(code, value)!;
    if (datePattern.test(value)) return formatDate(value, style);
    return clip(shortHash(value));
  }
  if (depth >= MAX_DEPTH) return '…';
  if (Array.isArray(value)) {
    if (value.length === 0) return 'なし';
    // Indexed, not map(): a sparse array of length 2³²−1 is walked only as far as it is shown.
    const shown = Array.from({ length: Math.min(value.length, MAX_ITEMS) }, (_, i) => valueText(key, value[i], style, depth + 1));
    return [...shown, ...(value.length > MAX_ITEMS ? [more(value.length)] : [])].join('、');
  }
  if (isRecord(value)) {
    const entries = definedEntries(value);
    if (entries.length === 0) return 'なし';
    const tail = entries.length > MAX_ITEMS ? [more(entries.length)] : [];
    if (key === 'counts') return [...entries.slice(0, MAX_ITEMS).map(([k, v]) => `${own(tableLabels, k) ?? clip(k)} ${valueText('', v, style, depth + 1)}件`), ...tail].join('、');
    return [...entries.slice(0, MAX_ITEMS).map(([k, v]) => `${labelOf(k)} ${valueText(k, v, style, depth + 1)}`), ...tail].join('、');
  }
  return clip(String(value));
}

/**
 * Any value as one bounded line of text, as a detail's value is written (strings with invisible
 * characters marked, records as 「名前 値」, lists cut): for fields of an entry that a record written
 * by hand made something other than text.
 */
export function describeAuditValue(value: unknown, style: DateStyle = 'seireki'): string {
  return valueText('', value, style);
}

/** 「項目: 旧 → 新」 for each field that differs between two records (settings, policies, offsets). */
function changedFields(before: unknown, after: unknown, style: DateStyle): string[] {
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const keys = [...new Set([...definedEntries(b), ...definedEntries(a)].map(([k]) => k))];
  return keys
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((k) => (isRecord(before) ? `${labelOf(k)}: ${valueText(k, b[k], style)} → ${valueText(k, a[k], style)}` : `${labelOf(k)}: ${valueText(k, a[k], style)}`));
}

/** What `from`/`to` mean for the actions that record a change of one value. */
const fromToLabels: Partial<Record<string, { label: string; key: string; unit?: string }>> = {
  'backup.interval': { label: 'バックアップの間隔', key: 'interval', unit: '日' },
  'account.role': { label: '役割', key: 'role' },
  'account.employeeNumber': { label: '職員番号', key: 'employeeNumber' },
  'profile.switch': { label: '分類基準', key: 'profileId' },
  'operator.switch': { label: '操作者', key: 'actor' },
};

/**
 * The details of one entry as lines of Japanese (one fact per line), in the stored key order.
 * `action` picks the meaning of keys that differ by action (`from`/`to`, `before`/`after`, `disabled`).
 */
export function describeAuditDetails(action: string, details: unknown, style: DateStyle = 'seireki'): string[] {
  if (details === null || details === undefined) return [];
  if (!isRecord(details)) return [`内容: ${valueText('', details, style)}`];
  const lines: string[] = [];
  const handled = new Set<string>();
  if (details.before !== undefined || details.after !== undefined) {
    const changes = changedFields(details.before, details.after, style);
    lines.push(...(changes.length > 0 ? changes : ['変更した項目はありません']));
    handled.add('before').add('after');
  }
  const pair = fromToLabels[action];
  if (pair && (details.from !== undefined || details.to !== undefined)) {
    const unit = pair.unit ?? '';
    lines.push(`${pair.label}: ${valueText(pair.key, details.from, style)}${unit} → ${valueText(pair.key, details.to, style)}${unit}`);
    handled.add('from').add('to');
  }
  if (details.fromSeq !== undefined && details.toSeq !== undefined) {
    lines.push(`記録の範囲: #${valueText('', details.fromSeq, style)}〜#${valueText('', details.toSeq, style)}`);
    handled.add('fromSeq').add('toSeq');
  }
  const keys = definedEntries(details);
  for (const [index, [key, value]] of keys.entries()) {
    if (handled.has(key)) continue;
    if (lines.length >= MAX_LINES) {
      lines.push(`ほか${(keys.length - index).toLocaleString('ja-JP')}項目（CSVの「詳細（ハッシュ計算用の原文）」にすべてあります）`);
      break;
    }
    if (key === 'changes' && Array.isArray(value)) {
      for (const change of Array.from({ length: Math.min(value.length, MAX_LINES) }, (_, i): unknown => value[i])) {
        if (isRecord(change) && typeof change.label === 'string') {
          // A field with a value list (種類, 個人情報の種類…) stores its code; the reader sees the label.
          const choices = typeof change.field === 'string' ? own<Record<string, string>>(choiceFieldLabels, change.field) : undefined;
          const text = (v: unknown) => (choices && typeof v === 'string' ? own(choices, v) : undefined) ?? valueText('', v, style);
          lines.push(`${clip(change.label)}: ${text(change.from)} → ${text(change.to)}`);
        }
        else lines.push(`変更: ${valueText('', change, style)}`);
      }
      if (value.length > MAX_LINES) lines.push(`ほか${(value.length - MAX_LINES).toLocaleString('ja-JP')}件の変更（CSVの「詳細（ハッシュ計算用の原文）」にすべてあります）`);
      if (value.length === 0) lines.push('変更した項目はありません');
      continue;
    }
    if (key === 'disabled' && typeof value === 'boolean') {
      lines.push(value ? 'アカウントを無効にしました' : 'アカウントを有効に戻しました');
      continue;
    }
    if (key === 'firstRun' && value === true) {
      lines.push('初回の設定で作成したセキュリティ管理者のアカウントです');
      continue;
    }
    if (key === 'rehashed' && isRecord(value)) {
      lines.push(`パスワードの保存形式を更新しました（N=${valueText('', value.fromN, style)} → ${valueText('', value.toN, style)}）`);
      continue;
    }
    if (key === 'setAside' && isRecord(value)) {
      lines.push(`別に保管した記録: ${valueText('', value.count, style)}件${value.intact === false ? '（改ざんを検出）' : ''}`);
      continue;
    }
    if (key === 'fullCheck' && typeof value === 'string') {
      lines.push(`検証の範囲: すべての記録${own(fullCheckLabels, value) ?? ''}`);
      continue;
    }
    if (key === 'checkpoint' && isRecord(value)) {
      lines.push(`以後の検証の起点: 記録 #${valueText('', value.seq, style)} まで（この完全な検証で確認）`);
      continue;
    }
    if (key === 'sinceSeq' && typeof value === 'number') {
      lines.push(`検証の範囲: 前回の完全な検証（記録 #${valueText('', value, style)} まで）より後の記録`);
      continue;
    }
    if (key === 'lastExport' && typeof value === 'string') {
      lines.push(`前回の書出しとの照合: ${value === 'ok' ? '一致' : (own(reasonLabels, value) ?? clip(value))}`);
      continue;
    }
    if (key === 'auditChainIntact' && typeof value === 'boolean') {
      lines.push(`バックアップ内の監査ログ: ${value ? '改ざんなし' : '改ざんを検出'}`);
      continue;
    }
    if (key === 'matches' && typeof value === 'boolean') {
      lines.push(`現在の台帳との比較: ${value ? '一致' : '不一致'}`);
      continue;
    }
    if (key === 'auditHead' && isRecord(value)) {
      lines.push(`書き出した監査ログ: ${valueText('', value.size, style)}件（ツリーのハッシュ ${valueText('', value.rootHash, style)}）`);
      continue;
    }
    lines.push(`${labelOf(key)}: ${valueText(key, value, style)}`);
  }
  return lines;
}
