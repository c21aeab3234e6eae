/**
 * 取込み: what must hold before an imported ledger may change anything (【03】第10条 integrity of what
 * comes back in). In order: the file opens (password when encrypted), every cell matches the signature,
 * the signer is trusted and not revoked, its sequence number is newer than the last one imported from
 * it (replay), the profile is the ledger's own, and every row is a valid asset. Each refusal is a value
 * naming its reason; `importRefusalMessage` says it in Japanese with what to do next.
 */
import {
  assetFieldLabels,
  assetInputSchema,
  choiceFieldLabels,
  type AssetInput,
  type AssetStatus,
} from '../domain/asset';
import { classificationStateLabels, type ClassificationState } from '../domain/classification';
import type { PolicyProfile } from '../domain/policyProfile';
import type { AuditAnchorInFile } from '../domain/auditLog';
import { decryptWorkbook, isCompoundFile, isEncryptedPackage } from './officeEncryption';
import { z } from 'zod';
import { possibleRiskValues, type RiskScale } from '../domain/riskValue';
import { ID_HEADER, ledgerHeader, restoreCell, RISK_HEADERS, RISK_VALUE_HEADER, THREAT_HEADER, VULNERABILITY_HEADER } from './ledgerColumns';
import { APP_READ_LIMITS, digestLedgerWorkbook, readLedgerWorkbook, type LedgerReadLimits } from './ledgerWorkbook';
import type { CellWhere, InflateRaw, OverLimit, PackageRefusal } from './xlsxPackage';
import { verifyDigests, verifyLedger, type LedgerMeta, type Sha256, type SignedPart } from './signature';

/** A public key the section trusts (its own, or another section's confirmed by fingerprint). */
export interface TrustedKey {
  keyId: string;
  publicKey: string;
  organisation: string;
  section: string;
  addedAt: string;
  addedBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
  /** The highest sequence number imported from this signer; 0 before the first import. */
  lastSequence: number;
}

export type ImportRefusal =
  | PackageRefusal
  | { reason: 'needs-password' | 'wrong-password' | 'unsupported-encryption' | 'xls' }
  | { reason: 'bad-signature' | 'key-mismatch' }
  | { reason: 'row-changed'; row: number | null }
  | { reason: 'rows-added-or-removed'; expected: number; actual: number }
  | { reason: 'unknown-signer'; meta: LedgerMeta; publicKey: string }
  | { reason: 'revoked-signer'; keyId: string; revokedAt: string }
  | { reason: 'replay'; sequence: number; lastSequence: number }
  | { reason: 'profile-mismatch'; fileProfile: string; ledgerProfile: string }
  | { reason: 'rows-invalid'; errors: RowError[] };

export interface RowError {
  /** Spreadsheet row number as Excel shows it (the header is row 1). */
  row: number;
  message: string;
}

export interface OpenedLedger {
  header: string[];
  rows: string[][];
  signed: SignedPart;
}

/** The workbook's bytes, decrypted first when it is password-protected. */
function decrypted(bytes: Uint8Array, password: string | undefined, limits: LedgerReadLimits): { ok: true; bytes: Uint8Array } | { ok: false; refusal: ImportRefusal } {
  // Checked here too (not only after decryption), so an oversized compound file is never parsed.
  if (bytes.length > limits.package.maxFileBytes) return { ok: false, refusal: { reason: 'too-large' } };
  if (!isCompoundFile(bytes)) return { ok: true, bytes };
  // An OLE file without EncryptionInfo is an Excel 97-2003 workbook (or another old Office file), not a locked .xlsx.
  if (!isEncryptedPackage(bytes)) return { ok: false, refusal: { reason: 'xls' } };
  if (password === undefined) return { ok: false, refusal: { reason: 'needs-password' } };
  // An empty password was given and is wrong (Excel cannot encrypt with one); it is not "no password".
  if (password === '') return { ok: false, refusal: { reason: 'wrong-password' } };
  const result = decryptWorkbook(bytes, password);
  if (!result.ok) return { ok: false, refusal: { reason: result.reason === 'unsupported' ? 'unsupported-encryption' : result.reason } };
  return result;
}

/**
 * Opens the workbook (decrypting it when it is password-protected) and reads its sheets.
 * `inflate`: the decompressor (pako unless given, see `InflateRaw`; the CLI passes Node's zlib).
 * `limits`: the app's import limits unless given (the CLI reads merged ledgers: CLI_READ_LIMITS).
 */
export function openLedgerFile(bytes: Uint8Array, password?: string, inflate?: InflateRaw, limits: LedgerReadLimits = APP_READ_LIMITS): { ok: true; file: OpenedLedger } | { ok: false; refusal: ImportRefusal } {
  const workbook = decrypted(bytes, password, limits);
  if (!workbook.ok) return workbook;
  const read = readLedgerWorkbook(workbook.bytes, inflate, limits);
  if (!read.ok) return { ok: false, refusal: read.refusal };
  return { ok: true, file: { header: read.header, rows: read.rows, signed: read.signed } };
}

/** A verified ledger: its metadata, the trusted signer, and the audit anchor it carried (signed with it). */
type CheckResult = { ok: true; meta: LedgerMeta; signer: TrustedKey; audit?: AuditAnchorInFile } | { ok: false; refusal: ImportRefusal };

const withAudit = (result: CheckResult, audit: AuditAnchorInFile | undefined): CheckResult => (result.ok && audit ? { ...result, audit } : result);

/**
 * After the cells verified: a trusted, unrevoked signer, a newer sequence, and (unless null) the profile.
 * The signer is found by its public key: a key trusted under its older 12-character ID and again under
 * its 20-character one is one signer, revoked if either record is, with the higher last sequence.
 */
function checkSigner(meta: LedgerMeta, publicKey: string, trusted: readonly TrustedKey[], profileId: string | null): CheckResult {
  const records = trusted.filter((k) => k.publicKey === publicKey);
  if (records.length === 0) return { ok: false, refusal: { reason: 'unknown-signer', meta, publicKey } };
  const revoked = records.find((k) => k.revokedAt);
  if (revoked?.revokedAt) return { ok: false, refusal: { reason: 'revoked-signer', keyId: revoked.keyId, revokedAt: revoked.revokedAt } };
  const signer = records.reduce((a, b) => (b.lastSequence > a.lastSequence || (b.lastSequence === a.lastSequence && b.keyId.length > a.keyId.length) ? b : a));
  if (meta.sequence <= signer.lastSequence) return { ok: false, refusal: { reason: 'replay', sequence: meta.sequence, lastSequence: signer.lastSequence } };
  if (profileId !== null && meta.profileId !== profileId) return { ok: false, refusal: { reason: 'profile-mismatch', fileProfile: meta.profileId, ledgerProfile: profileId } };
  return { ok: true, meta, signer };
}

/**
 * Checks the signature, the signer, the sequence and (unless `profileId` is null) the profile.
 * Returns the signer's trusted key.
 */
export async function checkLedger(file: OpenedLedger, trusted: readonly TrustedKey[], profileId: string | null): Promise<CheckResult> {
  const verified = await verifyLedger(file.header, file.rows, file.signed);
  if (!verified.ok) return { ok: false, refusal: verified };
  return withAudit(checkSigner(verified.meta, file.signed.publicKey, trusted, profileId), file.signed.audit);
}

/**
 * The same checks as `openLedgerFile` + `checkLedger`, streaming the rows instead of keeping them, for
 * verifying a large file in little memory (the CLI).
 */
export async function verifyLedgerFile(bytes: Uint8Array, password: string | undefined, trusted: readonly TrustedKey[], profileId: string | null, sha256?: Sha256, inflate?: InflateRaw, limits: LedgerReadLimits = APP_READ_LIMITS): Promise<CheckResult | (CheckResult & { ok: true; header: string[] })> {
  const workbook = decrypted(bytes, password, limits);
  if (!workbook.ok) return workbook;
  // Digests only (the rows are not kept): a sheet in the exported form is hashed from its bytes.
  const read = await digestLedgerWorkbook(workbook.bytes, sha256, inflate, limits);
  if (!read.ok) return { ok: false, refusal: read.refusal };
  const verified = verifyDigests(read.header, read.digests, read.signed);
  if (!verified.ok) return { ok: false, refusal: verified };
  const checked = withAudit(checkSigner(verified.meta, read.signed.publicKey, trusted, profileId), read.signed.audit);
  // The verified header, for a caller that reads the rows again (the CLI's merge).
  return checked.ok ? { ...checked, header: read.header } : checked;
}

/** One row of an imported ledger, as the ledger's own values. */
export interface ImportedAsset {
  id: string;
  input: AssetInput;
  status: AssetStatus;
  /** Level id per objective; empty when the row is unclassified. */
  levels: Record<string, string>;
  state: ClassificationState | 'unclassified';
  /**
   * IPA 付録7 assessment from the risk columns: null when the row is not assessed; absent when the file
   * has no risk columns (signed before they existed), so importing it leaves assessments as they are.
   */
  risk?: { threat: RiskScale; vulnerability: RiskScale } | null;
}

const scaleCell = (label: string) =>
  z.enum(['', '1', '2', '3'], { error: (issue) => `${label}「${String(issue.input)}」は 1・2・3 のどれか（未評価なら空）にしてください` });

/**
 * The risk cells of one row (text as read, neutralisation undone). Only what the exporter writes is
 * accepted: half-width 1–3 or empty, and a リスク値 that the profile's formula can give for that threat
 * and vulnerability (the value itself is recomputed by the app, never stored).
 */
function riskCellsSchema(profile: PolicyProfile) {
  return z
    .object({
      threat: scaleCell(THREAT_HEADER),
      vulnerability: scaleCell(VULNERABILITY_HEADER),
      value: z.string().regex(/^(0|[1-9][0-9]{0,11})?$/, { error: (issue) => `${RISK_VALUE_HEADER}「${String(issue.input)}」は半角の整数にしてください（計算できないときは空）` }),
    })
    .superRefine((cells, context) => {
      if ((cells.threat === '') !== (cells.vulnerability === '')) {
        context.addIssue({ code: 'custom', message: `${cells.threat === '' ? VULNERABILITY_HEADER : THREAT_HEADER}だけが入っています。${THREAT_HEADER}と${VULNERABILITY_HEADER}は両方入れるか、両方空にしてください` });
        return;
      }
      if (cells.value === '') return;
      if (cells.threat === '') {
        context.addIssue({ code: 'custom', message: `${THREAT_HEADER}と${VULNERABILITY_HEADER}が空なのに${RISK_VALUE_HEADER}「${cells.value}」が入っています。未評価の資産の${RISK_VALUE_HEADER}は空にしてください` });
        return;
      }
      const possible = possibleRiskValues(profile, Number(cells.threat) as RiskScale, Number(cells.vulnerability) as RiskScale);
      if (!possible.includes(Number(cells.value))) {
        context.addIssue({
          code: 'custom',
          message: `${RISK_VALUE_HEADER}「${cells.value}」は${THREAT_HEADER}${cells.threat}・${VULNERABILITY_HEADER}${cells.vulnerability}から計算できる値（${possible.join('・') || 'なし'}）ではありません。${RISK_VALUE_HEADER}は Daichō が計算するので、書き出した値のままにしてください`,
        });
      }
    })
    .transform((cells) => (cells.threat === '' ? null : { threat: Number(cells.threat) as RiskScale, vulnerability: Number(cells.vulnerability) as RiskScale }));
}

const reverse = (labels: Record<string, string>) => new Map(Object.entries(labels).map(([value, label]) => [label, value]));
const idPattern = /^[0-9A-Za-z-]{1,64}$/;

/**
 * Turns the rows back into assets. Every row is checked with the form's own schema; all errors are
 * collected so the person can fix the file once, and nothing is imported while any remain.
 */
export function parseLedgerRows(header: readonly string[], rows: readonly (readonly string[])[], profile: PolicyProfile): { ok: true; assets: ImportedAsset[] } | { ok: false; errors: RowError[] } {
  // The risk columns are optional as a block: a file signed before them has none of them.
  const withRisk = RISK_HEADERS.some((h) => header.includes(h));
  const expected = ledgerHeader(profile).filter((h) => withRisk || !(RISK_HEADERS as readonly string[]).includes(h));
  const riskSchema = withRisk && profile.risk ? riskCellsSchema(profile) : null;
  const missing = expected.filter((h) => !header.includes(h));
  if (missing.length > 0) return { ok: false, errors: [{ row: 1, message: `見出しに「${missing.join('」「')}」がありません。` }] };
  const column = new Map(header.map((h, i) => [h, i]));
  const errors: RowError[] = [];
  const assets: ImportedAsset[] = [];
  const seenIds = new Set<string>();
  const seenNumbers = new Set<string>();
  const stateByLabel = reverse(classificationStateLabels);
  rows.forEach((row, index) => {
    const excelRow = index + 2;
    const cell = (name: string) => restoreCell(row[column.get(name)!] ?? '');
    const raw: Record<string, string> = {};
    const rowErrors: string[] = [];
    for (const [field, label] of Object.entries(assetFieldLabels)) {
      const labels = (choiceFieldLabels as Record<string, Record<string, string>>)[field];
      const text = cell(label);
      const value = labels ? reverse(labels).get(text) : text;
      if (labels && value === undefined) rowErrors.push(`${label}「${text}」は一覧にない値です`);
      raw[field] = value ?? text;
    }
    const parsed = assetInputSchema.safeParse(raw);
    if (!parsed.success) rowErrors.push(...parsed.error.issues.map((i) => i.message.replace(/。$/, '')));
    const id = cell(ID_HEADER);
    if (!idPattern.test(id)) rowErrors.push(`${ID_HEADER}「${id}」が正しくありません`);
    else if (seenIds.has(id)) rowErrors.push(`${ID_HEADER}「${id}」が重複しています`);
    const levels: Record<string, string> = {};
    for (const objective of profile.objectives) {
      const name = cell(`分類:${objective.name}`);
      if (name === '') continue;
      const level = objective.levels.find((l) => l.name === name);
      if (level) levels[objective.id] = level.id;
      else rowErrors.push(`分類:${objective.name}「${name}」は一覧にない値です`);
    }
    const state = stateByLabel.get(cell('分類の状態')) as ClassificationState | 'unclassified' | undefined;
    if (!state) rowErrors.push(`分類の状態「${cell('分類の状態')}」は一覧にない値です`);
    const risk = riskSchema?.safeParse({ threat: cell(THREAT_HEADER), vulnerability: cell(VULNERABILITY_HEADER), value: cell(RISK_VALUE_HEADER) });
    if (risk && !risk.success) rowErrors.push(...risk.error.issues.map((i) => i.message));
    if (parsed.success) {
      if (seenNumbers.has(parsed.data.managementNumber)) rowErrors.push(`管理番号「${parsed.data.managementNumber}」が重複しています`);
      seenNumbers.add(parsed.data.managementNumber);
    }
    seenIds.add(id);
    if (rowErrors.length > 0 || !parsed.success || !state || (risk && !risk.success)) {
      errors.push({ row: excelRow, message: `${rowErrors.join('。')}。` });
      return;
    }
    const isClassified = state !== 'unclassified' && Object.keys(levels).length === profile.objectives.length;
    assets.push({ id, input: parsed.data, status: raw.status as AssetStatus, levels: isClassified ? levels : {}, state: isClassified ? state : 'unclassified', ...(risk?.success ? { risk: risk.data } : {}) });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, assets };
}

export { importedClassification } from './importedClassification';

const date = (iso: string) => iso.slice(0, 10);

/** 「情報資産台帳」シートの 5行目 C列 (as much of it as is known). */
function whereText(where: CellWhere): string {
  return `「${where.sheet}」${where.sheet.includes('.') ? '' : 'シート'}の${where.row === undefined ? '' : ` ${where.row}行目`}${where.column === undefined ? '' : ` ${where.column}列`}`.replace(/の$/, '');
}

const overLimitText: Record<OverLimit, string> = {
  column: '列が Excel の上限（XFD 列、16,384 列）を超えています',
  'cell-text': '1つのセルの文字数が Excel の上限（32,767 文字）を超えています',
  rows: '行が多すぎます（各課の台帳は25万行、まとめた台帳は Excel の上限の1,048,575行まで）',
  'merged-rows': 'まとめた台帳（提出元の団体・課の列がある、daicho merge で作った台帳）で、アプリが取り込める25万行を超えています。まとめた台帳は情報セキュリティ事務局が daicho コマンド（verify・report・diff）で確かめるもので、課のアプリには取り込みません。アプリには各課が書き出した台帳を選んでください',
  'part-bytes': 'ブックの部品が展開すると大きすぎます（圧縮の100倍・384 MB まで）',
  'package-bytes': 'ファイルが展開すると大きすぎます（展開後 512 MB まで）',
  entries: 'ファイルの中の部品が多すぎます（1,000 個まで）',
  'row-bytes': '1行（または1つの文字列）が大きすぎます',
  strings: '共有文字列が多すぎます（200万個・4,800万文字まで）',
};

/** What happened and what to do next, for each refusal (the CLI prints this; it changes no ledger). */
export function importRefusalReason(refusal: ImportRefusal): string {
  switch (refusal.reason) {
    case 'too-large':
      return `ファイルが大きすぎます（64 MB・展開後 512 MB・25万行まで）。台帳のファイルか確かめてください。`;
    case 'not-xlsx':
      return `このファイルは Excel ブック（.xlsx）ではありません。Daichō で書き出したファイルを選んでください。`;
    case 'not-daicho':
      return `このブックは Daichō で書き出した台帳ではありません（署名部分がありません）。署名のない台帳は「既存台帳の取込み」から取り込んでください。`;
    case 'damaged':
      return `ファイルが壊れているか、途中で切れています。書き出した課にもう一度書き出してもらってください。`;
    case 'xls':
      return `Excel 97-2003 形式（.xls）は読めません。Excel で .xlsx 形式で保存し直してから、もう一度選んでください（署名付きの台帳は Daichō で書き出したファイルをそのまま使ってください）。`;
    case 'package-mismatch':
      return `ファイル（zip）の目次と中身が一致しません（${refusal.detail}）。表計算ソフトと Daichō で見える内容が違うおそれがあるため読めません。書き出した課にもう一度書き出してもらってください。`;
    case 'over-limit':
      // A merged ledger is a right file in the wrong place: its text already says what to do instead.
      if (refusal.limit === 'merged-rows') return `${overLimitText[refusal.limit]}。`;
      return `${overLimitText[refusal.limit]}${refusal.where ? `（${whereText(refusal.where)}）` : ''}。台帳のファイルか確かめてください。`;
    case 'unexpected-part':
      return `ブックに台帳にない部品（${refusal.part}）が含まれています。外部リンク・マクロ・データ接続・図形やコメントなどを含むブックは、見える内容が署名した内容と違うおそれがあるため読めません。書き出した課にもう一度書き出してもらってください。`;
    case 'extra-sheet':
      return `ブックに台帳以外のシート（「${refusal.sheet}」）があります。署名されていない内容が表示されるおそれがあるため読めません。書き出した課にもう一度書き出してもらってください。`;
    case 'formula':
      return `${whereText(refusal.where)} に数式があります。数式は署名した文字と違う内容を表示したり外部に接続したりできるため、取り込めません。書き出した課にもう一度書き出してもらってください。`;
    case 'hidden-content':
      return `${whereText(refusal.where)} ${refusal.where.row === undefined && refusal.where.column === undefined ? 'が非表示になっているか、非表示の行・列やフィルターがあります' : 'が非表示か、文字が欠けるほど低く（または狭く）なっています'}。見えない内容があるため取り込めません。表示を元に戻すか、書き出した課にもう一度書き出してもらってください。`;
    case 'outside-columns':
      return `${whereText(refusal.where)} は見出しのない列に入力されています。署名した表の外にある内容は取り込めません。その列の内容を削除するか、書き出した課にもう一度書き出してもらってください。`;
    case 'number-format':
      return `${whereText(refusal.where)} に表示形式（数値の書式）が設定されています。表示される文字が署名した内容と違うおそれがあるため取り込めません。表示形式を「標準」か「文字列」に戻してください。`;
    case 'cell-order':
      return `${whereText(refusal.where)} の行またはセルの位置が重複しているか、順番が正しくありません。ファイルが作り替えられています。書き出した課に確認してください。`;
    case 'cell-type':
      return `${whereText(refusal.where)} に文字ではない値（小数・日付・エラー値・画像など）があります。署名した文字と表示が違うおそれがあるため取り込めません。書き出した課にもう一度書き出してもらってください。`;
    case 'unexpected-content':
      return `${whereText(refusal.where)} に台帳にない要素（${refusal.element}）があります。見える内容が署名した内容と違うおそれがあるため取り込めません。書き出した課にもう一度書き出してもらってください。`;
    case 'needs-password':
      return `このファイルはパスワードで暗号化されています。書き出した人から聞いたパスワードを入力してください。`;
    case 'wrong-password':
      return `パスワードが違います。大文字・小文字や全角・半角を確かめて、もう一度入力してください。`;
    case 'unsupported-encryption':
      return `この暗号化の方式には対応していません（Excel 2010 以降の標準の暗号化のみ）。暗号化せずに書き出し直してもらってください。`;
    case 'bad-signature':
      return `署名が一致しません。書き出した後に見出しや隠し部分（署名情報）が変更されています。改ざんのおそれがあるため、書き出した課に確認してください。`;
    case 'key-mismatch':
      return `署名した鍵と記録された鍵IDが一致しません。ファイルが作り替えられています。書き出した課に確認してください。`;
    case 'row-changed':
      return `${refusal.row === null ? '表の内容' : `${refusal.row + 1}行目（見出しを1行目として）`}が書き出した後に変更されています。改ざんのおそれがあるため取り込めません。書き出した課に確認してください。`;
    case 'rows-added-or-removed':
      return `行が追加・削除されています（署名時 ${refusal.expected}行、ファイル ${refusal.actual}行）。改ざんのおそれがあるため取り込めません。`;
    case 'unknown-signer':
      return `署名した鍵（${refusal.meta.keyId}、${refusal.meta.organisation} ${refusal.meta.section}）は信頼する鍵に登録されていません。書き出した課に電話で鍵IDを読み上げてもらい、一致した場合だけ登録してください。`;
    case 'revoked-signer':
      return `署名した鍵（${refusal.keyId}）は ${date(refusal.revokedAt)} に失効しています。失効した鍵の台帳は取り込めません。書き出した課に新しい鍵で書き出し直してもらってください。`;
    case 'replay':
      return `この台帳（通番 ${refusal.sequence}）は、すでに取り込んだもの（通番 ${refusal.lastSequence}）と同じか古いものです。古い台帳の再取込みは受け付けません。最新の書出しファイルを使ってください。`;
    case 'profile-mismatch':
      return `分類の基準が違います（ファイル: ${refusal.fileProfile}、この台帳: ${refusal.ledgerProfile}）。同じ基準の台帳だけ取り込めます。`;
    case 'rows-invalid':
      return `${refusal.errors.length}件の行に誤りがあるため、何も取り込んでいません。誤りを直してからもう一度取り込んでください。`;
  }
}

/** The app's message: the reason, and that the ledger is exactly as it was. */
export function importRefusalMessage(refusal: ImportRefusal): string {
  return refusal.reason === 'rows-invalid' ? importRefusalReason(refusal) : `${importRefusalReason(refusal)}台帳は変更されていません。`;
}
