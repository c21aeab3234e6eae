import { describe, expect, it } from 'vitest';
import { auditActionLabel, auditActionLabels, auditActions, isAuditAction, type AuditAction } from '../../../../shared/domain/auditActions';
import { describeAuditDetails, visibleText } from '../../../../shared/domain/describeAuditDetails';
import { exceptionFailureMessages } from '../../../../shared/domain/exceptions';
import { formatDate } from '../../../../shared/domain/formatDate';
import { canonicalJson } from '../../../../shared/domain/canonicalJson';

const settings = { organisation: '西宮市', section: '市民課', managementPrefix: 'SM-', dateStyle: 'seireki', profileId: 'nishinomiya' };
const hash = 'ab'.repeat(32);
const counts = { assets: 3, history: 4, audit: 10, settings: 2, labelPrints: 0, accounts: 2, takeOuts: 0, disposals: 0, trustedKeys: 1 };

/**
 * One entry per action, with the detail the data layer writes for it (renderer/data/*Repository.ts) and
 * phrases the reader must see. Typed by AuditAction: a new action without a sample does not compile.
 */
const samples: Record<AuditAction, { detail: Record<string, unknown>; expected: string[] }> = {
  'settings.setup': { detail: { before: null, after: settings }, expected: ['団体: 西宮市', '管理番号の接頭辞: SM-', '日付の表示: 西暦', '分類基準: 西宮市 重要性分類（A・B・C）'] },
  'settings.update': { detail: { before: settings, after: { ...settings, section: '税務課' } }, expected: ['課: 市民課 → 税務課'] },
  'operator.switch': { detail: { from: '山田', to: '佐藤' }, expected: ['操作者: 山田 → 佐藤'] },
  'asset.create': { detail: { managementNumber: 'SM-00001', name: '住民基本台帳' }, expected: ['管理番号: SM-00001', '名称: 住民基本台帳'] },
  'asset.update': { detail: { managementNumber: 'SM-00001', changes: [{ field: 'location', label: '所在', from: '書庫A', to: '書庫B' }] }, expected: ['所在: 書庫A → 書庫B'] },
  'asset.retire': { detail: { managementNumber: 'SM-00001', reason: '使用終了' }, expected: ['理由: 使用終了'] },
  'asset.bulkCreate': { detail: { count: 1200 }, expected: ['件数: 1,200'] },
  'asset.contents': { detail: { managementNumber: 'SM-00003', contents: ['SM-00001', 'SM-00002'] }, expected: ['収納している資産: SM-00001、SM-00002'] },
  'classification.propose': {
    detail: { managementNumber: 'SM-00001', profileId: 'nishinomiya', levels: { importance: 'A' }, recommended: { importance: 'A' }, justification: '', referredToManager: false },
    expected: ['分類: 重要性分類 A', '推奨された分類: 重要性分類 A', 'セキュリティ管理者に判断を依頼: いいえ', '推奨と異なる分類の理由: なし'],
  },
  'classification.approve': { detail: { managementNumber: 'SM-00001', reason: 'own-proposal' }, expected: ['理由: 自分の提案'] },
  'profile.load': { detail: { name: '神戸市 分類基準', version: '2' }, expected: ['名称: 神戸市 分類基準', '版: 2'] },
  'profile.switch': { detail: { from: 'nishinomiya', to: 'mic', markedForReview: 12 }, expected: ['分類基準: 西宮市 重要性分類（A・B・C） → 総務省ガイドライン型（機密性・完全性・可用性）', '見直しの対象にした資産: 12'] },
  'backup.create': { detail: { fileName: 'backup.daicho', counts }, expected: ['ファイル名: backup.daicho', '資産 3件', '監査ログ 10件'] },
  'backup.interval': { detail: { from: 7, to: 14 }, expected: ['バックアップの間隔: 7日 → 14日'] },
  'backup.restore': {
    detail: { backupCreatedAt: '2026-04-01T00:00:00.000Z', fromSchemaVersion: 5, counts, auditChainIntact: true, sharedSeq: 8, backupAuditCount: 9, setAside: { count: 1, head: { seq: 9, hash }, anchor: { seq: 8, hash }, segmentKey: `auditSegment:${hash}`, intact: true } },
    expected: ['バックアップの作成日時: 2026年4月1日', 'バックアップ内の監査ログ: 改ざんなし', '別に保管した記録: 1件'],
  },
  'backup.restoreTest': { detail: { backupCreatedAt: '2026-04-01T00:00:00.000Z', matches: false, auditChainIntact: false, counts }, expected: ['現在の台帳との比較: 不一致', 'バックアップ内の監査ログ: 改ざんを検出'] },
  'label.profile': { detail: { name: '課のラベル', templateId: 'a4-24' }, expected: ['名称: 課のラベル', '用紙: a4-24'] },
  'label.print': { detail: { labelProfile: '標準', templateId: 'a4-24', count: 3, output: 'pdf' }, expected: ['ラベル設定: 標準', '出力: PDF', '件数: 3'] },
  'label.offset': { detail: { before: { xMm: 0, yMm: 0 }, after: { xMm: 1, yMm: -0.5 } }, expected: ['横方向の補正（mm）: 0 → 1', '縦方向の補正（mm）: 0 → -0.5'] },
  'audit.export': { detail: { count: 5, filter: { actor: '山田', action: 'auth.login' } }, expected: ['件数: 5', '絞り込み: 操作者 山田、操作 ログイン'] },
  'audit.verify': { detail: { brokenSeq: 4, reason: 'hash-mismatch', lastExport: 'forked', fullCheck: 'rewritten' }, expected: ['改ざんを検出した記録: 4', '記録の内容が書き換えられています', '前回の書出しとの照合: 監査ログが、前回確認したときの内容と一致しません', '検証の範囲: すべての記録（前回の完全な検証で確認した記録が変化）'] },
  'key.create': { detail: { keyId: 'K1', retired: null }, expected: ['鍵ID: K1', '使用を終えた鍵: なし'] },
  'key.rotate': { detail: { keyId: 'K2', retired: 'K1' }, expected: ['使用を終えた鍵: K1'] },
  'key.revoke': { detail: { keyId: 'K1', reason: '紛失' }, expected: ['理由: 紛失'] },
  'key.trust': {
    detail: { keyId: 'K9', fingerprint: 'ABCD-EFGH', confirmedBy: 'typed-fingerprint', organisation: '西宮市', section: '税務課', claimedOrganisation: null, claimedSection: null },
    expected: ['確認の方法: 指紋の入力で確認', '鍵ファイルに書かれた団体: なし'],
  },
  'key.distrust': { detail: { keyId: 'K9', alsoUnder: [] }, expected: ['同じ鍵の別の登録: なし'] },
  'ledger.export': {
    detail: { takeOutId: 3, fileName: '台帳.xlsx', scope: '全体', rows: 100, sequence: 2, keyId: 'K1', encrypted: true, unencryptedReason: '', auditHead: { size: 40, rootHash: hash } },
    expected: ['暗号化: はい', '書き出した監査ログ: 40件（ツリーのハッシュ abababababababab…）'],
  },
  'ledger.import': { detail: { fileName: 'x.xlsx', source: '西宮市 税務課', keyId: 'K9', sequence: 1, rows: 10, added: 2, changed: 1 }, expected: ['追加: 2', '変更: 1'] },
  'ledger.importRefused': { detail: { fileName: 'x.xlsx', reason: 'bad-signature' }, expected: ['理由: 署名が正しくない（改ざんの可能性）'] },
  'ledger.legacyImport': { detail: { fileName: 'old.xlsx', rows: 30 }, expected: ['行数: 30'] },
  'ledger.mappingPreset': { detail: { name: 'IPA' }, expected: ['名称: IPA'] },
  'asset.review': { detail: { managementNumber: 'SM-00001', nextReviewDate: '2027-04-01' }, expected: ['次回見直し日: 2027年4月1日'] },
  'audit.archive': { detail: { fromSeq: 1, toSeq: 500, count: 500, anchorHash: hash }, expected: ['記録の範囲: #1〜#500', '整理後の起点のハッシュ: abababababababab…'] },
  'auth.login': { detail: { userId: 'yamada', reason: 'wrong-password' }, expected: ['ユーザーID: yamada', '理由: パスワードの誤り'] },
  'auth.logout': { detail: { userId: 'yamada' }, expected: ['ユーザーID: yamada'] },
  'auth.lock': { detail: { userId: 'yamada' }, expected: ['ユーザーID: yamada'] },
  'account.create': { detail: { userId: 'sato', employeeNumber: 'E1', displayName: '佐藤', role: 'staff', firstRun: true }, expected: ['役割: 担当者', '初回の設定で作成した'] },
  'account.lock': { detail: { userId: 'sato', reason: 'too-many-failures' }, expected: ['理由: パスワードを続けて誤ったため'] },
  'account.password': { detail: { userId: 'sato' }, expected: ['ユーザーID: sato'] },
  'account.unlock': { detail: { userId: 'sato' }, expected: ['ユーザーID: sato'] },
  'account.role': { detail: { userId: 'sato', from: 'staff', to: 'auditor' }, expected: ['役割: 担当者 → 監査（閲覧のみ）'] },
  'account.disable': { detail: { userId: 'sato', disabled: true }, expected: ['アカウントを無効にしました'] },
  'account.rightsReview': { detail: { userId: 'sato' }, expected: ['ユーザーID: sato'] },
  'account.employeeNumber': { detail: { userId: 'sato', from: null, to: 'E2' }, expected: ['職員番号: なし → E2'] },
  'account.temporaryPassword': { detail: { userId: 'sato' }, expected: ['ユーザーID: sato'] },
  'settings.security': { detail: { before: { minLength: 12, maxFailures: 5, lockMinutes: 30, idleMinutes: 10 }, after: { minLength: 14, maxFailures: 5, lockMinutes: 30, idleMinutes: 10 } }, expected: ['パスワードの最低文字数: 12 → 14'] },
  'takeOut.request': { detail: { managementNumber: 'SM-00001', purpose: '説明会', destination: '会議室', encrypted: false, unencryptedReason: '紙のため' }, expected: ['目的: 説明会', '暗号化: いいえ', '暗号化しない理由: 紙のため'] },
  'takeOut.approve': { detail: { managementNumber: 'SM-00001', takeOutId: 1, reason: '' }, expected: ['持出しの番号: 1', '理由: なし'] },
  'takeOut.reject': { detail: { managementNumber: 'SM-00001', takeOutId: 1, reason: 'own-request' }, expected: ['理由: 自分の申請'] },
  'takeOut.handOver': { detail: { managementNumber: 'SM-00001', takeOutId: 1 }, expected: ['持出しの番号: 1'] },
  'takeOut.return': { detail: { managementNumber: 'SM-00001', takeOutId: 1 }, expected: ['持出しの番号: 1'] },
  'takeOut.authorised': { detail: { takeOutId: 2, kind: 'backup', purpose: 'バックアップ', destination: '金庫', encrypted: true }, expected: ['種別: バックアップ'] },
  'disposal.request': { detail: { managementNumber: 'SM-00001', method: 'physical', reason: '故障' }, expected: ['廃棄の方法: 物理破壊'] },
  'disposal.approve': { detail: { managementNumber: 'SM-00001', disposalId: 1, reason: '' }, expected: ['廃棄の番号: 1'] },
  'disposal.reject': { detail: { managementNumber: 'SM-00001', disposalId: 1, reason: '再利用する' }, expected: ['理由: 再利用する'] },
  'disposal.complete': { detail: { managementNumber: 'SM-00001', disposalId: 1, performedOn: '2026-04-01', performer: '佐藤', witness: '田中', certificateRef: '' }, expected: ['実施日: 2026年4月1日', '立会者: 田中', '証明書: なし'] },
  'profile.edit': { detail: { name: '神戸市 分類基準', previousVersion: '1', version: '2', changeNote: '5段階に改めた' }, expected: ['以前の版: 1', '版: 2', '変更の内容: 5段階に改めた'] },
  'classification.reject': { detail: { managementNumber: 'SM-00001', levels: { importance: 'C' }, proposedBy: '佐藤', comment: '個人情報を含むためAです' }, expected: ['提案者: 佐藤', '理由（コメント）: 個人情報を含むためAです'] },
  'medium.permit': { detail: { managementNumber: 'SM-00009', note: '書出し用' }, expected: ['管理番号: SM-00009', '備考: 書出し用'] },
  'medium.withdraw': { detail: { managementNumber: 'SM-00009', reason: 'not-permitted' }, expected: ['理由: 使用を許可されていない媒体'] },
  'medium.store': { detail: { managementNumber: 'SM-00009', purpose: 'export', ledgerAsset: 'SM-00010' }, expected: ['書き出した台帳の管理番号: SM-00010'] },
  'report.selfInspection': { detail: { asOf: '2026-11-30', output: 'pdf', assets: 12, lines: ['分類していない資産 3件', '最後のバックアップからの日数 12日'] }, expected: ['基準日: 2026年11月30日', '出力: PDF', '点検項目: 分類していない資産 3件、最後のバックアップからの日数 12日'] },
  'stockTake.start': { detail: { scope: { kind: 'location', location: '書庫A' } }, expected: ['範囲: 種別 所在ごと、所在 書庫A'] },
  'stockTake.finish': { detail: { scope: { kind: 'section' }, scans: 42, found: 40, notActive: 0, duplicates: 1, missing: ['SM-00003'], moved: [], otherSection: [], unknown: ['XX-1'] }, expected: ['読取り: 42', '見つからない資産: SM-00003', '台帳にないコード: XX-1'] },
  'stockTake.lossReport': { detail: { managementNumbers: ['SM-00003'], note: '書庫Aにない' }, expected: ['管理番号: SM-00003', '備考: 書庫Aにない'] },
  'exception.request': { detail: { rule: '【03】第7条4', managementNumbers: ['SM-00001'], periodFrom: '2026-04-01', periodTo: '2026-06-30' }, expected: ['対象の規定: 【03】第7条4', '期間の開始: 2026年4月1日', '期間の終了: 2026年6月30日'] },
  'exception.approve': { detail: { rule: '【03】第7条4', managementNumbers: ['SM-00001'], state: 'approved', reason: '代替措置が十分' }, expected: ['状態: 承認済み', '理由: 代替措置が十分'] },
  'exception.reject': { detail: { rule: '【03】第7条4', managementNumbers: ['SM-00001'], state: 'rejected', reason: 'own-request' }, expected: ['状態: 却下'] },
  'exception.check': { detail: { rule: '【03】第7条4', managementNumbers: ['SM-00001'], state: 'approved', stillNeeded: true, note: '' }, expected: ['引き続き必要: はい'] },
  'exception.withdraw': { detail: { rule: '【03】第7条4', managementNumbers: ['SM-00001'], state: 'withdrawn' }, expected: ['状態: 取下げ'] },
  'exception.expire': { detail: { rule: '【03】第7条4', managementNumbers: ['SM-00001'], state: 'expired' }, expected: ['状態: 期間満了'] },
  'asset.risk': { detail: { managementNumber: 'SM-00001', threat: 2, vulnerability: 3 }, expected: ['脅威の発生頻度: 2', '脆弱性: 3'] },
  'worker.failed': { detail: { operation: 'ledger.export', reason: 'worker-timeout', detail: '120秒' }, expected: ['操作: 台帳の書出し', '理由: 処理時間の上限を超えた'] },
};

/** What must never reach a reader: JSON punctuation, or a code the app wrote in English. */
const rawJson = /[{}"]|\[object|wrong-password|too-many-failures|typed-fingerprint|own-proposal|hash-mismatch/;

describe('describeAuditDetails', () => {
  it.each(auditActions.map((action) => [action, samples[action]] as const))('describes %s as Japanese lines, without JSON', (action, sample) => {
    const lines = describeAuditDetails(action, sample.detail);
    const text = lines.join('\n');
    for (const phrase of sample.expected) expect(text).toContain(phrase);
    expect(text).not.toMatch(rawJson);
    expect(lines.length).toBeGreaterThan(0);
  });

  // exceptionRepository.ts logs every refusal of the exception state machine with its code: the
  // reviewer reads why in Japanese, not 「理由: period-over」.
  it.each(Object.keys(exceptionFailureMessages))('names the exception refusal %s in Japanese', (code) => {
    const text = describeAuditDetails('exception.approve', { reason: code }).join('\n');
    expect(text).toMatch(/^理由: /);
    expect(text).not.toContain(code);
  });

  it('shows an unknown key as 「項目: 値」, nested values written out, never as JSON', () => {
    const lines = describeAuditDetails('asset.create', { 新しい項目: { a: 1, b: [true, null] }, other: 'x' });
    expect(lines).toEqual(['新しい項目: a 1、b はい、なし', 'other: x']);
  });

  it('returns no lines for an empty or missing detail, and one line for a value that is not a record', () => {
    expect(describeAuditDetails('auth.login', {})).toEqual([]);
    expect(describeAuditDetails('auth.login', null)).toEqual([]);
    expect(describeAuditDetails('auth.login', 'text')).toEqual(['内容: text']);
  });

  it('says when a before/after pair changed nothing', () => {
    expect(describeAuditDetails('settings.update', { before: settings, after: settings })).toEqual(['変更した項目はありません']);
  });

  it.each([
    ['personalInfoKind', '個人情報の種類', 'personal', 'none', '個人情報の種類: 個人情報 → なし'],
    ['kind', '種類', 'information', 'recordingMedium', '種類: 情報 → 記録媒体'],
    ['medium', '形式', 'electronic', 'paper', '形式: 電子 → 紙'],
    ['networkSegment', 'ネットワーク区分', 'myNumber', 'lgwan', 'ネットワーク区分: マイナンバー利用事務系 → LGWAN接続系'],
    ['status', '状態', 'active', 'retired', '状態: 使用中 → 廃止'],
    // A code this version does not know is shown as stored, and a free-text field is never looked up.
    ['personalInfoKind', '個人情報の種類', 'future-kind', 'none', '個人情報の種類: future-kind → なし'],
    ['location', '所在', 'personal', 'toString', '所在: personal → toString'],
  ])('shows the %s change of an asset with the labels the form offers, not the stored codes', (field, label, from, to, expected) => {
    expect(describeAuditDetails('asset.update', { changes: [{ field, label, from, to }] })).toEqual([expected]);
  });

  it('keeps the id of a profile that is not bundled (an imported one, whose name may have changed since)', () => {
    expect(describeAuditDetails('profile.switch', { from: 'nishinomiya', to: 'kobe-2027' })).toEqual(['分類基準: 西宮市 重要性分類（A・B・C） → kobe-2027']);
  });

  it('writes the date style of the reader', () => {
    expect(describeAuditDetails('asset.review', { nextReviewDate: '2027-04-01' }, 'wareki')).toEqual(['次回見直し日: 令和9年4月1日']);
  });

  it.each([
    ['a prototype key', JSON.parse('{"__proto__": {"polluted": 1}, "constructor": "x"}') as Record<string, unknown>, ['__proto__: polluted 1', 'constructor: x']],
    ['a deeply nested value', { a: { b: { c: { d: { e: 1 } } } } }, ['a: b c d …']],
    // The length is said: two long names alike in their first 200 characters still read differently.
    ['a very long text', { memo: 'あ'.repeat(500) }, [`memo: ${'あ'.repeat(200)}…（全500文字）`]],
    ['line breaks and tabs', { memo: '一行目\n二行目\t三' }, ['memo: 一行目 二行目 三']],
    ['a reason code that looks like a method on Object', { reason: 'toString' }, ['理由: toString']],
    ['a number that is not finite', { count: Number.NaN }, ['件数: NaN']],
  ])('stays readable and bounded for %s', (_what, detail, expected) => {
    expect(describeAuditDetails('asset.update', detail)).toEqual(expected);
  });
});

describe('auditActionLabel', () => {
  it('names every action in Japanese (no label repeats its code)', () => {
    for (const action of auditActions) expect(auditActionLabels[action]).not.toBe(action);
    expect(new Set(Object.values(auditActionLabels)).size).toBe(auditActions.length);
  });

  it.each(['account.unknown', '__proto__', 'toString', ''])('marks the unknown code %j instead of passing it off as a known action', (code) => {
    expect(isAuditAction(code)).toBe(false);
    expect(auditActionLabel(code)).toBe(`未登録の操作（${code}）`);
  });
});

describe('audit.verify scope', () => {
  it('says a check covered only the entries since the last full verification, with its date', () => {
    expect(describeAuditDetails('audit.verify', { count: 12, lastExport: 'ok', sinceSeq: 1_000_000, sinceVerifiedAt: '2026-11-20T01:00:00.000Z' }, 'seireki')).toEqual([
      '件数: 12',
      '前回の書出しとの照合: 一致',
      '検証の範囲: 前回の完全な検証（記録 #1,000,000 まで）より後の記録',
      `前回の完全な検証の日時: ${formatDate('2026-11-20T01:00:00.000Z', 'seireki')}`,
    ]);
  });

  it('names the checkpoint a full verification leaves', () => {
    expect(describeAuditDetails('audit.verify', { count: 30_000, checkpoint: { seq: 30_000, hash: 'ab', root: 'cd' } }, 'seireki')).toContain('以後の検証の起点: 記録 #30,000 まで（この完全な検証で確認）');
  });

  it.each([
    ['requested', '検証の範囲: すべての記録（すべての記録の検証を選択）'],
    ['unvouched', '検証の範囲: すべての記録（前回の完全な検証の記録が監査ログ上の記録と不一致）'],
    ['none', '検証の範囲: すべての記録'],
    ['from-a-newer-version', '検証の範囲: すべての記録'],
  ])('says a full check covered every entry (%s)', (fullCheck, line) => {
    expect(describeAuditDetails('audit.verify', { count: 3, fullCheck }, 'seireki')).toContain(line);
  });
});

// A colleague edits a record in IndexedDB (DevTools) in a way the hash cannot see: canonicalJson leaves
// out keys whose value is undefined and writes -0 as 0. The verification then says nothing changed, so
// the screen must read exactly as it did before the edit (before 2026-11-30 it showed the added keys as
// lines of any text: 「承認済み: なし」).
describe('describeAuditDetails for a detail edited by hand without changing its hash', () => {
  const forged = 'セキュリティ管理者が承認しました';
  it.each<[string, string, Record<string, unknown>, Record<string, unknown>]>([
    ['a key of any text with no value', 'asset.update', { managementNumber: 'SM-1' }, { managementNumber: 'SM-1', [forged]: undefined }],
    ['a known key with no value', 'asset.retire', { managementNumber: 'SM-1' }, { managementNumber: 'SM-1', reason: undefined }],
    ['before and after with no value', 'settings.update', { note: 'x' }, { before: undefined, after: undefined, note: 'x' }],
    ['from and to with no value', 'operator.switch', {}, { from: undefined, to: undefined }],
    ['fromSeq and toSeq with no value', 'audit.archive', { count: 3 }, { fromSeq: undefined, toSeq: undefined, count: 3 }],
    ['a key with no value inside a nested record', 'audit.export', { filter: { actor: '山田' } }, { filter: { actor: '山田', [forged]: undefined } }],
    ['a key with no value inside counts', 'backup.create', { counts: { assets: 1 } }, { counts: { assets: 1, [forged]: undefined } }],
    ['a key with no value inside before/after', 'settings.update', { before: { section: 'a' }, after: { section: 'b' } }, { before: { section: 'a', [forged]: undefined }, after: { section: 'b' } }],
    ['zero written as -0', 'asset.bulkCreate', { count: 0 }, { count: -0 }],
    ['a change whose values are -0', 'asset.update', { changes: [{ label: '数', from: 0, to: 1 }] }, { changes: [{ label: '数', from: -0, to: 1 }] }],
  ])('reads as before for %s', (_, action, original, edited) => {
    expect(canonicalJson(edited)).toBe(canonicalJson(original)); // the hash cannot tell them apart
    expect(describeAuditDetails(action, edited)).toEqual(describeAuditDetails(action, original));
  });
});

describe('describeAuditDetails for values IndexedDB stores and the app never writes', () => {
  const sparse: unknown[] = [];
  sparse.length = 2 ** 32 - 1;
  const cyclic: Record<string, unknown> = { name: '循環' };
  cyclic.self = cyclic;
  const manyKeys = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]));
  it.each<[string, unknown, (lines: string[]) => void]>([
    ['an array as the detail', ['a', 1], (l) => expect(l).toEqual(['内容: a、1'])],
    ['a number as the detail', 5, (l) => expect(l).toEqual(['内容: 5'])],
    ['NaN, a BigInt and a Date', { a: Number.NaN, b: 10n, c: new Date(0) }, (l) => expect(l).toEqual(['a: NaN', 'b: 10', 'c: なし'])],
    ['a Map, a Blob, an ArrayBuffer and bytes', { m: new Map([[1, 2]]), b: new Blob(['x']), ab: new ArrayBuffer(8), u: Uint8Array.of(7) }, (l) => expect(l).toEqual(['m: なし', 'b: なし', 'ab: なし', 'u: 0 7'])],
    ['a cyclic record', { detail: cyclic }, (l) => expect(l).toEqual(['詳細: 名称 循環、self 名称 循環、self 名称 循環、self …'])],
    ['an empty array of length 2³²−1', { list: sparse }, (l) => expect(l[0]).toMatch(/^list: なし、.*ほか4,294,967,245件$/)],
    ['a record of 100,000 keys', manyKeys, (l) => expect([l.length, l.at(-1)]).toEqual([101, 'ほか99,900項目（CSVの「詳細（ハッシュ計算用の原文）」にすべてあります）'])],
    ['100,000 changes', { changes: Array.from({ length: 100_000 }, (_, i) => ({ label: `項目${i}`, from: 1, to: 2 })) }, (l) => expect([l.length, l.at(-1)]).toEqual([101, 'ほか99,900件の変更（CSVの「詳細（ハッシュ計算用の原文）」にすべてあります）'])],
    ['a string of 10 MB', { memo: 'x'.repeat(10_000_000) }, (l) => expect(l).toEqual([`memo: ${'x'.repeat(200)}…（全10,000,000文字）`])],
    ['text that looks like HTML or a formula (kept as text: React and the CSV escape it)', { name: '<img src=x onerror=alert(1)>', note: '=HYPERLINK("http://x")' }, (l) => expect(l).toEqual(['名称: <img src=x onerror=alert(1)>', '備考: =HYPERLINK("http://x")'])],
    ['an RTL override and zero-width characters in a key and a value', { ['\u202E名前']: '佐\u200B藤\u202E', name: '\u0000' }, (l) => expect(l).toEqual(['〔U+202E〕名前: 佐〔U+200B〕藤〔U+202E〕', '名称: 〔U+0000〕'])],
    ['a lone surrogate', { name: 'a\ud800b' }, (l) => expect(l).toEqual(['名称: a〔U+D800〕b'])],
  ])('writes lines, bounded, for %s', (_, detail, check) => {
    check(describeAuditDetails('asset.update', detail));
  });
});

describe('visibleText', () => {
  it.each([
    ['佐藤', '佐藤'],
    ['\u202E藤佐', '〔U+202E〕藤佐'],
    ['山田\u0000', '山田〔U+0000〕'],
    ['a\u2066b\u2069\uFEFF', 'a〔U+2066〕b〔U+2069〕〔U+FEFF〕'],
    ['\ud83d\ude00', '\ud83d\ude00'], // a pair is a character (an emoji), not a lone surrogate
    ['\ude00\ud83d', '〔U+DE00〕〔U+D83D〕'],
    ['行1\r\n行2', '行1 行2'],
    ['\u0085\u00AD\u061C', '〔U+0085〕〔U+00AD〕〔U+061C〕'],
  ])('shows %j as %j', (text, shown) => {
    expect(visibleText(text)).toBe(shown);
  });

  it('says the length of a text it cuts, and marks no more than it shows', () => {
    expect(visibleText('\u202E'.repeat(1000))).toBe(`${'〔U+202E〕'.repeat(25)}…（全1,000文字）`);
  });
});
