/**
 * One audit entry as the text the audit screen shows and its CSV export writes (【07】第17条: the log
 * is reviewed by people). An entry is read back from IndexedDB, where a colleague with DevTools can
 * write any value the browser stores (a number or an object as the actor, a Date as the key, null as
 * the detail): every field here is text whatever it holds, so the screen never fails to draw a row, and
 * a value the app never writes is shown marked 〔文字列でない値〕, never passed off as an ordinary one.
 */
import { auditActionLabel, isAuditAction } from './auditActions';
import type { AuditEntry } from './auditChain';
import { canonicalJson } from './canonicalJson';
import { describeAuditDetails, describeAuditValue, visibleText } from './describeAuditDetails';
import { formatDate, type DateStyle } from './formatDate';

/** A row's cells as text (the screen's columns); `failure` colours the row as a failed operation. */
export interface AuditRowText {
  seq: string;
  at: string;
  actor: string;
  action: string;
  target: string;
  outcome: string;
  details: string[];
  failure: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The mark before a field's value that is not text (the app writes text): written by hand. */
export const NOT_TEXT = '〔文字列でない値〕';

/** A field that should be text: text with invisible characters marked, anything else marked and written out. */
function fieldText(value: unknown, style: DateStyle): string {
  if (typeof value === 'string') return visibleText(value);
  if (value === undefined || value === null) return '';
  return `${NOT_TEXT}${describeAuditValue(value, style)}`;
}

/** The 管理番号 of the asset an entry is about, when the ledger has it as text (an asset record can be edited by hand too). */
function numberOf(target: unknown, numbers: Readonly<Record<string, unknown>>): string | undefined {
  const number = typeof target === 'string' && Object.hasOwn(numbers, target) ? numbers[target] : undefined;
  return typeof number === 'string' ? number : undefined;
}

/** The row of the audit screen's table for one entry (whatever a record written by hand holds). */
export function auditRowText(entry: AuditEntry, numbers: Readonly<Record<string, string>>, style: DateStyle): AuditRowText {
  const e = entry as unknown as Record<string, unknown>;
  const detail = e.detail;
  const number = numberOf(e.target, numbers);
  const named = isRecord(detail) && typeof detail.managementNumber === 'string' ? detail.managementNumber : '';
  return {
    // The key is a number the app counts: the text '3' put beside entry 3 must not read as another #3.
    seq: typeof e.seq === 'number' ? String(e.seq) : `${NOT_TEXT}${typeof e.seq === 'string' ? visibleText(e.seq) : describeAuditValue(e.seq, style)}`,
    at: typeof e.at === 'string' ? visibleText(formatDate(e.at, style)) : fieldText(e.at, style),
    actor: fieldText(e.actor, style),
    action: typeof e.action === 'string' ? (isAuditAction(e.action) ? auditActionLabel(e.action) : `未登録の操作（${visibleText(e.action)}）`) : fieldText(e.action, style),
    target: visibleText(number ?? named),
    outcome: e.outcome === 'success' ? '成功' : e.outcome === 'failure' ? '失敗' : `不明な結果（${fieldText(e.outcome, style)}）`,
    details: describeAuditDetails(typeof e.action === 'string' ? e.action : '', detail, style),
    failure: e.outcome === 'failure',
  };
}

/** The CSV export's columns (the same as the screen's, plus the codes and hashes to check the chain outside). */
export const auditCsvHeader = ['番号', '日時', '操作者', '操作', '操作（記号）', '対象', '結果', '詳細', '詳細（ハッシュ計算用の原文）', '直前のハッシュ', 'ハッシュ'] as const;

/**
 * The canonical form of a detail as hashed, or a sentence saying it has none: a non-finite number, a
 * BigInt or a cycle is never written by the app (the verification reports such an entry as changed).
 */
function canonicalOrNote(detail: unknown): string {
  try {
    return canonicalJson(detail);
  } catch {
    return '（ハッシュを計算できない値を含みます。この記録は書き換えられています。「監査ログを検証」で確かめてください）';
  }
}

/** A raw field for the CSV: text exactly as stored (to recompute the hash outside), anything else marked. */
function rawText(value: unknown, style: DateStyle): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : typeof value === 'number' ? String(value) : `${NOT_TEXT}${describeAuditValue(value, style)}`;
}

/**
 * One row of the CSV export. The fields the hash covers (番号, 日時, 操作者, 操作（記号）, 詳細の原文,
 * 直前のハッシュ, ハッシュ) are written exactly as stored when they are text, so the chain can be
 * recomputed outside; 操作, 結果 and 詳細 are the screen's text. Every cell is text (toCsv neutralises formulas).
 */
export function auditCsvRow(entry: AuditEntry, numbers: Readonly<Record<string, string>>, style: DateStyle): string[] {
  const e = entry as unknown as Record<string, unknown>;
  const row = auditRowText(entry, numbers, style);
  const number = numberOf(e.target, numbers) ?? rawText(e.target, style);
  return [rawText(e.seq, style), rawText(e.at, style), rawText(e.actor, style), row.action, rawText(e.action, style), number, row.outcome, row.details.join('\n'), canonicalOrNote(e.detail), rawText(e.prevHash, style), rawText(e.hash, style)];
}

/** The last export's record as the audit screen shows it (字句 only), or null when there is none. */
export interface ExportAnchorText {
  at: string;
  fileName: string;
  /** 「4 件（#4）」 */
  size: string;
  /** The tree hash's first 16 digits in groups of four. */
  rootHash: string;
}

/**
 * The last export's record (a settings record: editable by hand like the log) as text: a field of
 * another type is marked, never drawn as it is (a number as the hash or a missing head left the screen
 * blank). The verification reads the same record and reports it (「前回の書出し時の監査ログと一致しません」).
 */
export function exportAnchorText(last: unknown, style: DateStyle): ExportAnchorText | null {
  if (typeof last !== 'object' || last === null) return null;
  const l = last as Record<string, unknown>;
  const head = isRecord(l.head) ? l.head.seq : undefined;
  const count = typeof l.size === 'number' ? `${l.size.toLocaleString('ja-JP')} 件` : fieldText(l.size, style);
  return {
    at: typeof l.at === 'string' ? visibleText(formatDate(l.at, style)) : fieldText(l.at, style),
    fileName: fieldText(l.fileName, style),
    size: `${count}（#${typeof head === 'number' ? head : fieldText(head, style)}）`,
    rootHash: typeof l.rootHash === 'string' ? `${visibleText(l.rootHash.slice(0, 16)).replace(/(.{4})(?!$)/g, '$1 ')}…` : fieldText(l.rootHash, style),
  };
}

/**
 * An actor key as the filter lists it: a name as stored; a key of another type (a number, a date, an
 * array: written by hand, the app writes text) marked, so the number 5 does not pass for the name 「5」.
 */
export function auditActorName(key: unknown): string {
  return typeof key === 'string' ? key : `${NOT_TEXT}${keyText(key)}`;
}

/** Any IndexedDB key as text, one text per key: its type shown (String() gives '' for [], [''] and [[]] alike). */
function keyText(key: unknown): string {
  if (typeof key === 'string') return JSON.stringify(key);
  if (typeof key === 'number') return String(key);
  if (key instanceof Date) return `日付 ${Number.isNaN(key.getTime()) ? '不正' : key.toISOString()}`;
  if (Array.isArray(key)) return `[${key.map(keyText).join(', ')}]`;
  const bytes = key instanceof ArrayBuffer ? new Uint8Array(key) : ArrayBuffer.isView(key) ? new Uint8Array(key.buffer, key.byteOffset, key.byteLength) : null;
  if (bytes) return `バイト列 <${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ')}>`;
  return String(key);
}
