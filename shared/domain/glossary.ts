/**
 * Glossary: one English name per Japanese term, used everywhere in the code.
 * The Japanese word is what users see; the English word is what the code says.
 */
export const glossary = {
  asset: '情報資産',
  ledger: '情報資産台帳',
  managementNumber: '管理番号',
  assetKind: '種類',
  medium: '形式（電子／紙）',
  location: '所在',
  owningSection: '所管課',
  custodian: '管理者',
  userScope: '利用者範囲',
  networkSegment: 'ネットワーク区分',
  personalInfoKind: '個人情報の種類',
  retentionPeriod: '保存年限',
  legalBasis: '根拠法令',
  status: '状態',
  nextReviewDate: '次回見直し日',
  classification: '分類',
  confidentiality: '機密性',
  integrity: '完全性',
  availability: '可用性',
  securityManager: 'セキュリティ管理者',
  operator: '操作者',
  takeOut: '持出し',
  disposal: '廃棄',
  retire: '廃止',
  auditLog: '監査ログ',
  history: '変更履歴',
  organisation: '団体',
  section: '課',
} as const;
